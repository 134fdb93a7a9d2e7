/**
 * 4. Directory import: 50,000 employees with reporting lines through the import path of
 * `engine import directory <file.csv> --full --confirm` (CSV streamed, rows validated, reporting
 * lines checked for unknown managers and cycles, written in batches), in its own process pinned to
 * core 0, into an empty directory. The full run also times a re-sync of the same file (nothing
 * changes) and a sync where 5% of the people changed. (The HTTP route takes at most 1 MB per
 * request, so a 50,000-person file goes through the CLI.)
 */
import { join } from 'node:path';
import { SERVER_CORE } from './lib/engine.js';
import { BENCH_DIR, runToEnd, spawnTs } from './lib/proc.js';
import { fmtInt, fmtMb } from './lib/stats.js';
import type { Benchmark, BenchOutput, Row } from './lib/types.js';

export const directoryImport: Benchmark = {
  id: 'directory-import',
  title: 'directory import',
  async run(ctx): Promise<BenchOutput> {
    const people = 50_000;
    const child = spawnTs(join(BENCH_DIR, 'directory-import.child.ts'), [JSON.stringify({ people, resync: !ctx.quick })], {
      name: 'directory-import',
      core: SERVER_CORE,
      captureStdout: true,
      logPath: join(ctx.logDir, 'directory-import.log'),
    });
    const r = JSON.parse((await runToEnd(child, 1_800_000)).trim().split('\n').pop() as string) as Record<string, any>;
    const ok = r.first.status === 'applied' && r.first.summary.employees.created === people && r.first.errorCount === 0 && r.stored === people && r.reportingLine.ok;
    const rows: Row[] = [
      {
        benchmark: `directory import: ${fmtInt(people)} employees with reporting lines (CSV, full sync into an empty directory)`,
        measured: `${(r.first.ms / 1000).toFixed(2)} s (${(r.first.cpuMs / 1000).toFixed(2)} s of CPU; ${fmtInt((people * 1000) / r.first.ms)} rows/s; peak RSS ${fmtMb(r.rss.peak)})`,
        budget: '≤ 10 s',
        pass: r.first.ms <= 10_000,
        value: r.first.ms / 1000,
        unit: 's',
      },
      {
        benchmark: 'directory import: correctness (all created, no errors, deepest reporting line right)',
        measured: `${fmtInt(r.first.summary.employees.created)} created, ${r.first.errorCount} errors, ${fmtInt(r.stored)} stored, chain of ${r.reportingLine.got?.length ?? 0} ${r.reportingLine.ok ? 'ok' : 'WRONG'}`,
        budget: 'all stored',
        pass: ok,
      },
    ];
    if (r.again && r.changed) {
      rows.push({
        benchmark: 'directory import: re-sync unchanged / with 5% changed',
        measured: `${(r.again.ms / 1000).toFixed(2)} s / ${(r.changed.ms / 1000).toFixed(2)} s (${fmtInt(r.changed.summary.employees.updated)} updated)`,
        budget: '—',
        pass: null,
      });
    }
    return { rows, details: r };
  },
};
