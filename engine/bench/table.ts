/**
 * Prints the table of a results file in Markdown, with the machine it ran on:
 *   node --import tsx engine/bench/table.ts [bench-results/latest.json]     (from engine/, or with an absolute path)
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { markdownTable } from './lib/table.js';
import { REPO } from './lib/proc.js';
import type { Row } from './lib/types.js';

const file = resolve(process.argv[2] ?? `${REPO}/bench-results/latest.json`);
const r = JSON.parse(readFileSync(file, 'utf8')) as { startedAt: string; durationMs: number; quick: boolean; machine: Record<string, unknown>; otherLoadCores?: number; rows: Row[] };
const m = r.machine;
process.stdout.write(
  `${markdownTable(r.rows)}\n\n` +
    `${r.quick ? 'Quick' : 'Full'} run of ${r.startedAt} (${Math.round(r.durationMs / 1000)} s) on ${String(m.cores)} × ${String(m.cpu)}, ${String(m.memoryGb)} GB, Linux ${String(m.kernel)}, Node ${String(m.node)}, MariaDB ${String(m.mariadb)}, Redis ${String(m.redis)}, ${String(m.chromium)}; commit ${String(m.commit)}${m.dirty ? ' (with uncommitted changes)' : ''}` +
    `${r.otherLoadCores !== undefined ? `; CPU used outside the benchmark meanwhile: ${r.otherLoadCores.toFixed(2)} cores on average` : ''}.\n`,
);
