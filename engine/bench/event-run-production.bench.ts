/**
 * 2. event → run, production mode: a fresh MariaDB database, `engine migrate`, the API (no
 * worker) and 1 `engine worker` on Bull/Redis with a private queue prefix, then a second worker
 * joins for a second scenario; the engine processes are pinned to core 0 (MariaDB and Redis are the machine's own servers and are not pinned); the load
 * generator on core 1 posts events to the API. The no-task variant of the reference workflow, so a
 * run is complete when it succeeded. "Nothing lost": after the drain every accepted event has
 * exactly one run and every run is done.
 */
import { EngineInstance } from './lib/engine.js';
import { prepare, runScenario, type ScenarioResult } from './lib/scenario.js';
import { fmtInt, fmtMb, fmtMs } from './lib/stats.js';
import type { Benchmark, BenchOutput, Row } from './lib/types.js';

const PEOPLE = 2000;
const CONNECTIONS = 50;

export const eventRunProduction: Benchmark = {
  id: 'event-run-prod',
  title: 'event → run, production mode (MariaDB + Redis/Bull)',
  async run(ctx): Promise<BenchOutput> {
    const results: Array<ScenarioResult & { workers: number }> = [];
    // One database and API; the second worker joins for the second scenario.
    const inst = await EngineInstance.production({ name: 'prod', logDir: ctx.logDir, workers: 1 });
    try {
      await prepare(inst, 'end', PEOPLE);
      for (const workers of [1, 2]) {
        while (inst.workers.length < workers) await inst.addWorkerReady();
        const name = `prod-${workers}w`;
        const r = await runScenario(inst, {
          name,
          variant: 'end',
          connections: CONNECTIONS,
          warmupMs: ctx.quick ? 1000 : 3000,
          durationMs: ctx.quick ? 3000 : 15_000,
          people: PEOPLE,
          logDir: ctx.logDir,
          tmpDir: ctx.tmpDir,
          log: ctx.log,
        });
        results.push({ ...r, workers });
      }
    } finally {
      await inst.stop();
    }
    const rows: Row[] = [];
    for (const r of results) {
      const c = r.correctness;
      const lost = c.accepted - c.runsDone;
      rows.push({
        benchmark: `event → run, production, API + ${r.workers} worker${r.workers > 1 ? 's' : ''} @${r.connections} conns: completed runs`,
        measured: `${fmtInt(r.completedRunsPerSecond)} runs/s (accepted ${fmtInt(r.acceptedEventsPerSecond)} ev/s, drain ${fmtMs(r.drainMs)}; engine processes used ${Math.round(100 * Object.values(r.cpu).reduce((a, b) => a + b, 0))}% of a core)`,
        budget: r.workers === 2 ? '≥ 500 runs/s' : '—',
        pass: r.workers === 2 ? r.completedRunsPerSecond >= 500 : null,
        value: r.completedRunsPerSecond,
        unit: 'runs/s',
      });
      rows.push({
        benchmark: `event → run, production, ${r.workers} worker${r.workers > 1 ? 's' : ''}: POST p50 / p99, event → run done p50 / p99`,
        measured: `${fmtMs(r.postLatencyMs.p50)} / ${fmtMs(r.postLatencyMs.p99)}; ${fmtMs(r.eventToRunDoneMs.p50)} / ${fmtMs(r.eventToRunDoneMs.p99)}`,
        budget: '—',
        pass: null,
      });
      rows.push({
        benchmark: `event → run, production, ${r.workers} worker${r.workers > 1 ? 's' : ''}: nothing lost`,
        measured: `${fmtInt(c.accepted)} accepted, ${fmtInt(c.eventsStored)} events, ${fmtInt(c.runsDone)} runs done, ${lost} lost, ${c.runsFailed} failed; sample ${c.sampleChecked - c.sampleMismatches.length}/${c.sampleChecked} ok`,
        budget: '0 lost',
        pass: c.ok && lost === 0,
      });
    }
    const [one, two] = results;
    if (one && two) {
      rows.push({
        benchmark: 'event → run, production: scaling 1 → 2 workers (all engine processes on core 0)',
        measured: `${(two.completedRunsPerSecond / one.completedRunsPerSecond).toFixed(2)}× (API CPU ${(100 * (two.cpu.api ?? 0)).toFixed(0)}%, workers ${Object.entries(two.cpu).filter(([k]) => k.startsWith('worker')).map(([, v]) => `${(100 * v).toFixed(0)}%`).join(' + ')} of a core; API RSS ${fmtMb(two.rss.api?.maxBytes ?? Number.NaN)})`,
        budget: '—',
        pass: null,
      });
    }
    return { rows, details: results };
  },
};
