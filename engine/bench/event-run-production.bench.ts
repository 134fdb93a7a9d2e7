/**
 * 2. event → run, production mode: a fresh MariaDB database, `engine migrate`, the API (no worker)
 * and `engine worker` processes on Bull/Redis with a private queue prefix, pinned to core 0 with
 * the API (MariaDB and Redis are the machine's own servers, not pinned); the load generator on
 * core 1 posts events to the API.
 *
 * Runs start inside the ingestion transaction, so a workflow whose runs never wait is finished by
 * the API alone and the workers have nothing to do. To measure the workers, the main workflow has
 * an action instead of the task: trigger → condition → action `bench-echo.echo` (answers at once)
 * → end; a run is complete after two queue round trips (the action job, then the advance job with
 * its result). It runs with 1 worker, then a second worker joins (the scaling row). The budget of
 * issue 7 ("same, production mode") is measured on the same reference workflow as the embedded row
 * (trigger → condition → task → end, API + 2 workers); the full run also measures the variant
 * without the task (trigger → condition → end) with 2 workers.
 * "Nothing lost": after the drain every accepted event has exactly one run and every run is done.
 */
import { EngineInstance } from './lib/engine.js';
import { prepare, runScenario, type ScenarioResult } from './lib/scenario.js';
import { fmtInt, fmtMb, fmtMs } from './lib/stats.js';
import type { Benchmark, BenchContext, BenchOutput, Row } from './lib/types.js';
import type { Variant } from './lib/fixtures.js';

const PEOPLE = 2000;
const CONNECTIONS = 50;

type Result = ScenarioResult & { workers: number };

async function scenarios(ctx: BenchContext, variant: Variant, workerCounts: number[]): Promise<Result[]> {
  const out: Result[] = [];
  const inst = await EngineInstance.production({ name: `prod-${variant}`, logDir: ctx.logDir, workers: workerCounts[0] as number });
  try {
    await prepare(inst, variant, PEOPLE);
    for (const workers of workerCounts) {
      while (inst.workers.length < workers) await inst.addWorkerReady();
      const r = await runScenario(inst, {
        name: `prod-${variant}-${workers}w`,
        variant,
        connections: CONNECTIONS,
        warmupMs: ctx.quick ? 1000 : 3000,
        durationMs: ctx.quick ? 3000 : 15_000,
        people: PEOPLE,
        logDir: ctx.logDir,
        tmpDir: ctx.tmpDir,
        log: ctx.log,
      });
      out.push({ ...r, workers });
    }
  } finally {
    await inst.stop();
  }
  return out;
}

const what = (v: Variant): string => (v === 'action' ? 'trigger → condition → action → end (workers)' : v === 'end' ? 'trigger → condition → end (API only)' : 'reference workflow');
const cores = (r: ScenarioResult): string => Object.entries(r.cpu).map(([k, v]) => `${k} ${Math.round(100 * v)}%`).join(', ');

export const eventRunProduction: Benchmark = {
  id: 'event-run-prod',
  title: 'event → run, production mode (MariaDB + Redis/Bull)',
  async run(ctx): Promise<BenchOutput> {
    const results: Result[] = await scenarios(ctx, 'action', [1, 2]);
    results.push(...(await scenarios(ctx, 'task', [2])));
    if (!ctx.quick) results.push(...(await scenarios(ctx, 'end', [2])));
    const rows: Row[] = [];
    for (const r of results) {
      const c = r.correctness;
      const lost = c.accepted - c.runsDone;
      const label = `event → run, production, API + ${r.workers} worker${r.workers > 1 ? 's' : ''} @${r.connections} conns, ${what(r.variant)}`;
      // The budget is the reference workflow's (and its no-task variant's); the action workflow is the worker-scaling measurement.
      const budgeted = r.workers === 2 && r.variant !== 'action';
      rows.push({
        benchmark: `${label}: completed runs`,
        measured: `${fmtInt(r.completedRunsPerSecond)} runs/s (accepted ${fmtInt(r.acceptedEventsPerSecond)} ev/s, drain ${fmtMs(r.drainMs)}; CPU ${cores(r)} of a core)`,
        budget: budgeted ? '≥ 500 runs/s' : r.variant === 'action' ? '— (workers; see scaling)' : '—',
        pass: budgeted ? r.completedRunsPerSecond >= 500 : null,
        value: r.completedRunsPerSecond,
        unit: 'runs/s',
      });
      rows.push({
        benchmark: `${label}: POST p50 / p99; event → run done p50 / p99`,
        measured: `${fmtMs(r.postLatencyMs.p50)} / ${fmtMs(r.postLatencyMs.p99)}; ${fmtMs(r.eventToRunDoneMs.p50)} / ${fmtMs(r.eventToRunDoneMs.p99)}`,
        budget: '—',
        pass: null,
      });
      rows.push({
        benchmark: `${label}: nothing lost`,
        measured: `${fmtInt(c.accepted)} accepted, ${fmtInt(c.eventsStored)} events, ${fmtInt(c.runsDone)} runs done after the drain, ${lost} missing, ${c.runsFailed} failed; sample ${c.sampleChecked - c.sampleMismatches.length}/${c.sampleChecked} ok`,
        budget: '0 lost',
        pass: c.ok && lost === 0,
      });
    }
    const [one, two] = results;
    if (one && two) {
      rows.push({
        benchmark: 'event → run, production: scaling from 1 to 2 workers (action workflow; every engine process on core 0)',
        measured: `${(two.completedRunsPerSecond / one.completedRunsPerSecond).toFixed(2)}× (API RSS ${fmtMb(two.rss.api?.maxBytes ?? Number.NaN)}, worker RSS ${fmtMb(two.rss.worker0?.maxBytes ?? Number.NaN)})`,
        budget: '—',
        pass: null,
      });
    }
    return { rows, details: results };
  },
};
