/**
 * 7. Start-up: `engine start` (embedded default, pinned to core 0) until the first 200 from
 * /readyz, median of 5 (quick: 3): on the existing database (every start but the first) and on a
 * fresh data dir (the first start applies the migrations; quick: once). It measures what
 * `npm start` runs: the precompiled build (engine/dist, `engine/scripts/build.mjs --if-stale`
 * first, as npm start does); each restart on the existing database is paired with one from the
 * sources through tsx (COACHFLOW_ENGINE_BUILD=off) on the same database, for comparison. For the
 * breakdown, `engine help` (the process and the CLI's module graph, no database) is timed the same
 * way, with the build.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { buildState } from '../scripts/build-state.mjs';
import { EngineInstance, SERVER_CORE } from './lib/engine.js';
import { ENGINE_DIR, runToEnd, spawnEngine } from './lib/proc.js';
import { fmtMs, median } from './lib/stats.js';
import type { Benchmark, BenchOutput } from './lib/types.js';

/** Whether engine/bin/engine.mjs runs the build right now (else the sources through tsx). */
function buildCurrent(): boolean {
  return (buildState() as { manifest: unknown }).manifest !== null;
}

export const startup: Benchmark = {
  id: 'startup',
  title: 'start-up (embedded default)',
  async run(ctx): Promise<BenchOutput> {
    execFileSync(process.execPath, [join(ENGINE_DIR, 'scripts/build.mjs'), '--if-stale', '--quiet'], { stdio: 'inherit' });
    // Full: 5 fresh data dirs, each restarted once with the build and once without (5 + 5 + 5),
    // and `engine help` 3 times. Quick: one fresh start restarted 3 + 3 times, `engine help` once.
    const times = ctx.quick ? 3 : 5;
    const fresh: number[] = [];
    const existing: number[] = [];
    const help: number[] = [];
    const freshCpu: number[] = [];
    const existingCpu: number[] = [];
    const tsx: number[] = [];
    const tsxCpu: number[] = [];
    // Starts that ran a stale build fall back to the sources (someone edited a file meanwhile).
    let staleStarts = 0;
    const timed = async (start: () => Promise<void>, inst: EngineInstance, ms: number[], cpu: number[], withBuild: boolean): Promise<void> => {
      if (withBuild && !buildCurrent()) staleStarts++;
      await start();
      ms.push(inst.readyMs);
      cpu.push(inst.readyCpuMs);
    };
    for (let i = 0; i < (ctx.quick ? 1 : times); i++) {
      // The plain default: no benchmark connector module to load.
      const inst = await EngineInstance.embedded({ name: `startup-${i}`, logDir: ctx.logDir, authenticate: false, env: { COACHFLOW_CONNECTORS: '' } });
      try {
        fresh.push(inst.readyMs);
        freshCpu.push(inst.readyCpuMs);
        for (let r = 0; r < (ctx.quick ? times : 1); r++) {
          inst.env.COACHFLOW_ENGINE_BUILD = 'off';
          await timed(() => inst.restartApi(), inst, tsx, tsxCpu, false);
          delete inst.env.COACHFLOW_ENGINE_BUILD;
          await timed(() => inst.restartApi(), inst, existing, existingCpu, true);
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
    const stale = staleStarts > 0 ? `; ${staleStarts} of them ran the sources: a file changed during the run` : '';
    return {
      rows: [
        {
          benchmark: `start-up: engine start → /readyz 200, existing database (median of ${times})`,
          measured: `${fmtMs(mExisting)} (the process used ${fmtMs(median(existingCpu))} of CPU; precompiled build${stale})`,
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
          benchmark: `start-up without the build: the sources through tsx, existing database (median of ${times})`,
          measured: `${fmtMs(median(tsx))} (${fmtMs(median(tsxCpu))} of CPU)`,
          budget: '—',
          pass: null,
        },
        {
          benchmark: 'start-up breakdown: `engine help` (node + the built CLI modules, no database)',
          measured: fmtMs(median(help)),
          budget: '—',
          pass: null,
        },
      ],
      details: { fresh, existing, help, freshCpu, existingCpu, tsx, tsxCpu, staleStarts },
    };
  },
};
