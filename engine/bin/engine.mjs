#!/usr/bin/env node
// Runs the engine's TypeScript sources through tsx (no build step).
import { register } from 'tsx/esm/api';
register();
await import('../src/cli.ts');
