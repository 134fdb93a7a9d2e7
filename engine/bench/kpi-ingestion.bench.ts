/**
 * 3. KPI ingestion + streak detection: 52 weeks × 10,000 employees (quick: × 1,000) through the
 * import path of `engine import readings` (the CSV streamed in batches: readings stored, streak
 * states updated, a kpi.deviation event for every out-of-range reading, a run started for each by
 * the published reference workflow), in its own process pinned to core 0. Memory: RSS sampled
 * against the share of the file read; flat means streaming.
 */
import { join } from 'node:path';
import { createDatabase, dropDatabase } from './lib/db.js';
import { SERVER_CORE } from './lib/engine.js';
import { BENCH_DIR, runToEnd, spawnTs } from './lib/proc.js';
import { fmtInt, fmtMb } from './lib/stats.js';
import type { Benchmark, BenchOutput } from './lib/types.js';

export const kpiIngestion: Benchmark = {
  id: 'kpi-ingestion',
  title: 'KPI ingestion + streak detection',
  async run(ctx): Promise<BenchOutput> {
    const people = ctx.quick ? 1000 : 10_000;
    const weeks = 52;
    const importOnce = async (name: string, db?: string): Promise<Record<string, any>> => {
      const child = spawnTs(join(BENCH_DIR, 'kpi-ingestion.child.ts'), [JSON.stringify({ people, weeks, ...(db ? { db } : {}) })], {
        name,
        core: SERVER_CORE,
        captureStdout: true,
        logPath: join(ctx.logDir, `${name}.log`),
        nodeArgs: ['--expose-gc'],
      });
      return JSON.parse((await runToEnd(child, 1_800_000)).trim().split('\n').pop() as string) as Record<string, any>;
    };
    const correct = (r: Record<string, any>): boolean => {
      const res = r.result as Record<string, any>;
      return res.status === 'applied' && res.accepted === r.readings && res.rejected === 0 && r.stored.readings === r.readings && r.stored.streaks === people && res.events === r.expectedEvents && r.stored.events === r.expectedEvents && r.stored.runs === r.expectedEvents;
    };
    const r = await importOnce('kpi-ingestion');
    const res = r.result as Record<string, any>;
    const ok = correct(r);
    // The same import on MariaDB (the production database; its server's CPU is not in the
    // per-CPU-second figure, which counts the importing process only). Informational: the budget
    // is the embedded default's.
    const dbName = `cfbench_kpi_${process.pid}_${Date.now()}`;
    let m: Record<string, any>;
    try {
      m = await importOnce('kpi-ingestion-mariadb', await createDatabase(dbName));
    } finally {
      await dropDatabase(dbName);
    }
    const mres = m.result as Record<string, any>;
    const growth = r.rss.peak - r.rss.baseline;
    const label = `${weeks} weeks × ${fmtInt(people)} employees (${fmtInt(r.readings)} readings)`;
    return {
      rows: [
        {
          benchmark: `KPI ingestion + streak detection, ${label}${ctx.quick ? ' [quick size]' : ''}`,
          measured: `${fmtInt(r.readingsPerSecond)} readings/s (${(r.importMs / 1000).toFixed(1)} s, ${fmtInt(r.readingsPerCpuSecond)} per CPU-second; ${fmtInt(res.events)} events, ${fmtInt(r.stored.runs)} runs started)`,
          budget: '≥ 50,000 readings/s',
          pass: r.readingsPerSecond >= 50_000,
          value: r.readingsPerSecond,
          unit: 'readings/s',
        },
        {
          benchmark: 'KPI ingestion: memory (RSS before → at 10% / 50% / 90% of the file → peak)',
          measured: `${fmtMb(r.rss.baseline)} → ${fmtMb(r.rss.at10)} / ${fmtMb(r.rss.at50)} / ${fmtMb(r.rss.at90)} → ${fmtMb(r.rss.peak)} (+${fmtMb(growth)})`,
          budget: 'flat (streaming)',
          pass: growth < 100 * 1048576,
          value: r.rss.peak / 1048576,
          unit: 'MB',
          note: 'flat = peak grows less than 100 MB over the pre-import baseline whatever the file size',
        },
        {
          benchmark: 'KPI ingestion: correctness (readings stored, events = pure detector)',
          measured: `${fmtInt(r.stored.readings)} stored, ${res.rejected} rejected, ${fmtInt(res.events)} events vs ${fmtInt(r.expectedEvents)} expected`,
          budget: 'all stored, events match',
          pass: ok,
        },
        {
          benchmark: `KPI ingestion on MariaDB (production database), same file`,
          measured: `${fmtInt(m.readingsPerSecond)} readings/s (${(m.importMs / 1000).toFixed(1)} s, ${fmtInt(m.readingsPerCpuSecond)} per CPU-second of the importer; peak RSS ${fmtMb(m.rss.peak)}; ${fmtInt(mres.events)} events vs ${fmtInt(m.expectedEvents)} expected, ${fmtInt(m.stored.readings)} stored)`,
          budget: 'all stored, events match',
          pass: correct(m),
        },
        {
          benchmark: 'KPI ingestion: pure detector applyReading (reference, no I/O)',
          measured: `${fmtInt(r.detector.readingsPerSecond)} readings/s`,
          budget: '—',
          pass: null,
        },
      ],
      details: { ...r, mariadb: m },
    };
  },
};
