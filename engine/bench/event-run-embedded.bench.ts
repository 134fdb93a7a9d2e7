/**
 * 1. event → run, embedded default: `engine start` on a fresh SQLite file pinned to core 0, the
 * load generator on core 1, 10 then 50 connections. Two workflows, each on its own fresh engine
 * (quick mode: the first only):
 * the reference workflow's variant without the task (trigger → condition → end: a run is complete
 * when it succeeded) and the reference workflow itself (runs stop at the task for the manager: a
 * run counts as complete when it is waiting at node `coach`, i.e. the task row is written).
 */
import { EngineInstance } from './lib/engine.js';
import { prepare, runScenario, type ScenarioResult } from './lib/scenario.js';
import { fmtInt, fmtMb, fmtMs } from './lib/stats.js';
import type { Benchmark, BenchContext, BenchOutput, Row } from './lib/types.js';
import type { Variant } from './lib/fixtures.js';

export const PEOPLE = 2000;

/**
 * One fresh embedded engine (new SQLite file) for a workflow variant, then the scenarios at each
 * connection count one after the other (each waits for the previous one's runs to be done).
 */
export async function embeddedScenarios(ctx: BenchContext, variant: Variant, connections: number[], extra: { apiNodeArgs?: string[]; durationMs?: number; warmupMs?: number } = {}): Promise<ScenarioResult[]> {
  const name = `emb-${variant}`;
  const inst = await EngineInstance.embedded({ name, logDir: ctx.logDir, ...(extra.apiNodeArgs ? { apiNodeArgs: extra.apiNodeArgs } : {}) });
  try {
    await prepare(inst, variant, PEOPLE);
    const out: ScenarioResult[] = [];
    for (const c of connections) {
      out.push(
        await runScenario(inst, {
          name: `${name}-${c}`,
          variant,
          connections: c,
          warmupMs: extra.warmupMs ?? (ctx.quick ? 1000 : 3000),
          durationMs: extra.durationMs ?? (ctx.quick ? 4000 : 15_000),
          people: PEOPLE,
          logDir: ctx.logDir,
          tmpDir: ctx.tmpDir,
          log: ctx.log,
        }),
      );
    }
    return out;
  } finally {
    await inst.stop();
  }
}

export async function embeddedScenario(ctx: BenchContext, variant: Variant, connections: number, extra: { apiNodeArgs?: string[]; durationMs?: number; warmupMs?: number } = {}): Promise<ScenarioResult> {
  return (await embeddedScenarios(ctx, variant, [connections], extra))[0] as ScenarioResult;
}

export function scenarioRows(prefix: string, r: ScenarioResult, budgetRuns: number | null): Row[] {
  const what = r.variant === 'task' ? 'reference workflow, runs at the task (waiting at coach)' : 'trigger → condition → end, runs succeeded';
  const rows: Row[] = [
    {
      benchmark: `${prefix} @${r.connections} conns: ${what}`,
      measured: `${fmtInt(r.completedRunsPerSecond)} runs/s (accepted ${fmtInt(r.acceptedEventsPerSecond)} ev/s; API used ${Math.round(100 * (r.cpu.api ?? 0))}% of a core → ${fmtInt(r.completedRunsPerSecond / Math.max(0.01, r.cpu.api ?? 0))} runs per CPU-second)`,
      budget: budgetRuns ? `≥ ${fmtInt(budgetRuns)} runs/s` : '—',
      pass: budgetRuns ? r.completedRunsPerSecond >= budgetRuns : null,
      value: r.completedRunsPerSecond,
      unit: 'runs/s',
    },
    {
      benchmark: `${prefix} @${r.connections} conns (${r.variant}): POST latency p50 / p99`,
      measured: `${fmtMs(r.postLatencyMs.p50)} / ${fmtMs(r.postLatencyMs.p99)}`,
      budget: r.connections === 10 ? 'p99 ≤ 25 ms' : '—',
      pass: r.connections === 10 ? r.postLatencyMs.p99 <= 25 : null,
      value: r.postLatencyMs.p99,
      unit: 'ms',
    },
    {
      benchmark: `${prefix} @${r.connections} conns (${r.variant}): event → run done p50 / p99`,
      measured: `${fmtMs(r.eventToRunDoneMs.p50)} / ${fmtMs(r.eventToRunDoneMs.p99)}`,
      budget: '—',
      pass: null,
      value: r.eventToRunDoneMs.p99,
      unit: 'ms',
    },
  ];
  const c = r.correctness;
  rows.push({
    benchmark: `${prefix} @${r.connections} conns (${r.variant}): correctness`,
    measured: `${fmtInt(c.accepted)} accepted = ${fmtInt(c.eventsStored)} events = ${fmtInt(c.runsDone)} runs done; ${c.errors} errors; sample ${c.sampleChecked - c.sampleMismatches.length}/${c.sampleChecked} ok`,
    budget: 'runs = events, sample ok',
    pass: c.ok,
  });
  return rows;
}

export const eventRunEmbedded: Benchmark = {
  id: 'event-run',
  title: 'event → run, embedded default',
  async run(ctx): Promise<BenchOutput> {
    // Quick: the variant without the task only (the reference workflow with its task in the full run).
    const results: ScenarioResult[] = await embeddedScenarios(ctx, 'end', [10, 50]);
    if (!ctx.quick) results.push(...(await embeddedScenarios(ctx, 'task', [10, 50])));
    const rows: Row[] = results.flatMap((r) => scenarioRows('event → run, embedded', r, 2000));
    const rssMax = Math.max(...results.map((r) => r.rss.api?.maxBytes ?? Number.NaN));
    const before = results.map((r) => r.rssBefore.api ?? Number.NaN);
    rows.push({
      benchmark: 'engine memory: API RSS under the event → run load (max over scenarios)',
      measured: `${fmtMb(rssMax)} (before the load: ${before.map(fmtMb).join(', ')}; medians under load: ${results.map((r) => fmtMb(r.rss.api?.medianBytes ?? Number.NaN)).join(', ')})`,
      budget: '≤ 250 MB',
      pass: rssMax <= 250 * 1048576,
      value: rssMax / 1048576,
      unit: 'MB',
    });
    return { rows, details: results };
  },
};
