/**
 * 7. Start-up: `engine start` (embedded default, pinned to core 0) until the first 200 from
 * /readyz, median of 5 (quick: 3): on the existing database (every start but the first) and on a
 * fresh data dir (the first start applies the migrations; quick: once). For the breakdown, `engine help` (the
 * process, tsx and the CLI's module graph, no database) is timed the same way.
 */
import { EngineInstance, SERVER_CORE } from './lib/engine.js';
import { runToEnd, spawnEngine } from './lib/proc.js';
import { fmtMs, median } from './lib/stats.js';
import type { Benchmark, BenchOutput } from './lib/types.js';

export const startup: Benchmark = {
  id: 'startup',
  title: 'start-up (embedded default)',
  async run(ctx): Promise<BenchOutput> {
    // Full: 5 fresh data dirs, each restarted once (5 + 5), and `engine help` 3 times. Quick: one
    // fresh start restarted 3 times, `engine help` once.
    const times = ctx.quick ? 3 : 5;
    const fresh: number[] = [];
    const existing: number[] = [];
    const help: number[] = [];
    const freshCpu: number[] = [];
    const existingCpu: number[] = [];
    for (let i = 0; i < (ctx.quick ? 1 : times); i++) {
      // The plain default: no benchmark connector module to load.
      const inst = await EngineInstance.embedded({ name: `startup-${i}`, logDir: ctx.logDir, authenticate: false, env: { COACHFLOW_CONNECTORS: '' } });
      try {
        fresh.push(inst.readyMs);
        freshCpu.push(inst.readyCpuMs);
        for (let r = 0; r < (ctx.quick ? times : 1); r++) {
          await inst.restartApi();
          existing.push(inst.readyMs);
          existingCpu.push(inst.readyCpuMs);
        }
      } finally {
        await inst.stop();
      }
    }
    for (let i = 0; i < (ctx.quick ? 1 : 3); i++) {
      const t0 = performance.now();
      await runToEnd(spawnEngine(['help'], { name: 'engine-help', core: SERVER_CORE, captureStdout: true }), 120_000);
      help.push(performance.now() - t0);
    }
    const mFresh = median(fresh);
    const mExisting = median(existing);
    return {
      rows: [
        {
          benchmark: `start-up: engine start → /readyz 200, existing database (median of ${times})`,
          measured: `${fmtMs(mExisting)} (the process used ${fmtMs(median(existingCpu))} of CPU)`,
          budget: '≤ 2 s',
          pass: mExisting <= 2000,
          value: mExisting,
          unit: 'ms',
        },
        {
          benchmark: `start-up: first start on a fresh data dir, migrations included (${fresh.length > 1 ? `median of ${fresh.length}` : 'once'})`,
          measured: `${fmtMs(mFresh)} (${fmtMs(median(freshCpu))} of CPU)`,
          budget: '≤ 2 s',
          pass: mFresh <= 2000,
          value: mFresh,
          unit: 'ms',
        },
        {
          benchmark: 'start-up breakdown: `engine help` (node + tsx + CLI modules, no database)',
          measured: fmtMs(median(help)),
          budget: '—',
          pass: null,
        },
      ],
      details: { fresh, existing, help, freshCpu, existingCpu },
    };
  },
};
