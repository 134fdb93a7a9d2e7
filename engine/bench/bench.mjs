#!/usr/bin/env node
// Entry of `pnpm bench`: registers tsx (a dependency of the engine, so it does not resolve from the
// repository root with `node --import tsx`) and runs the TypeScript orchestrator.
import { register } from 'tsx/esm/api';
register();
await import('./run.ts');
