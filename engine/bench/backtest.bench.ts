/**
 * Backtest speed (issue 9): 26 weeks × 10,000 employees of KPI history in ≤ 10 s.
 *
 *   cd engine && node --import tsx bench/backtest.bench.ts [--employees 10000] [--weeks 26] [--keep]
 *
 * Builds the history in a temporary SQLite database with bulk SQL inserts (org of 10,000 people in
 * teams of 20, one weekly KPI per person by job family — the demo KPIs — with noise and planted
 * streaks), publishes the reference KPI workflow with a load cap, then backtests a draft of it
 * over the 26 weeks as the API does: the BacktestService job (history read in chunks, detector,
 * pure core per event for the draft AND the published version, report, result stored). Prints the
 * wall time of the job and the figures of the report; exits 1 over budget.
 * Also exports `backtestBench` for the `pnpm bench` harness.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkflowDefinition } from '@coachflow/model';
import { DirectoryService } from '../src/app/directory.service.js';
import { WorkflowService } from '../src/app/workflow.service.js';
import { BacktestService } from '../src/backtest/backtest.service.js';
import { DEMO_KPIS } from '../src/domain/demo-data.js';
import { addPeriods, periodStartDate } from '../src/domain/period.js';
import { createLogger } from '../src/logger.js';
import { migrate, openDatabase } from '../src/persistence/orm.js';

const BUDGET_MS = 10_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The reference KPI workflow (tests/fixtures/workflows/kpi-deviation-coaching) with a load cap on the coaching task. */
export const BENCH_DRAFT = {
  nodes: [
    { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation' } },
    { id: 'check', kind: 'condition', config: { rule: { and: [{ '>=': [{ var: 'trigger.streak' }, 3] }, { '==': [{ var: 'employee.jobFamily' }, 'sales'] }] } } },
    { id: 'coach', kind: 'task', config: { title: '辅导 {{employee.name}}：{{trigger.kpi.name}} 连续 {{trigger.streak}} 周低于预期', assignee: { type: 'directManager' }, dueIn: 'P7D', form: 'GROW', loadCap: { perWeek: 2 } } },
    { id: 'end_coached', kind: 'end', config: { outcome: 'coached' } },
    { id: 'end_skipped', kind: 'end', config: { outcome: 'skipped' } },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'check' },
    { id: 'e2', source: 'check', sourceHandle: 'true', target: 'coach' },
    { id: 'e3', source: 'check', sourceHandle: 'false', target: 'end_skipped' },
    { id: 'e4', source: 'coach', target: 'end_coached' },
  ],
} as unknown as WorkflowDefinition;

export interface BacktestBenchResult {
  employees: number;
  weeks: number;
  readings: number;
  generateMs: number;
  backtestMs: number;
  /** CPU time of the backtest (user + system): what it costs whatever else runs on the machine. */
  cpuMs: number;
  loadAverage: number;
  events: number;
  runs: number;
  affectedEmployees: number;
  tasks: number;
  queuedTasks: number;
  resultBytes: number;
  added: number;
  /** Directory history rows, and events resolved from it (as of the event) or from today's directory. */
  versions: number;
  eventsAsOf: number;
  eventsFallback: number;
  budgetMs: number;
  pass: boolean;
}

async function insertRows(knex: import('@mikro-orm/mysql').Knex, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const perStatement = Math.floor(30_000 / columns.length);
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const placeholders = chunk.map(() => `(${columns.map(() => '?').join(',')})`).join(',');
    await knex.raw(`insert into \`${table}\` (${columns.map((c) => `\`${c}\``).join(',')}) values ${placeholders}`, chunk.flat() as never[]);
  }
}

/**
 * Bulk-inserts the benchmark's org (teams of 20, one manager each), its directory history (everyone
 * from before the window; 10 % of the people move to the next team and manager mid-window) and
 * weekly KPI history into a migrated database.
 */
export async function buildBenchHistory(knex: import('@mikro-orm/mysql').Knex, options: { employees: number; weeks: number; endWeek?: string }): Promise<{ employees: number; teams: number; readings: number; versions: number; periods: string[]; endWeek: string }> {
  const { employees, weeks } = options;
  const rng = mulberry32(20261126);
  const now = Date.now();
  const endWeek = options.endWeek ?? '2026-W47';
  const periods = Array.from({ length: weeks }, (_, i) => addPeriods(endWeek, i - weeks + 1));

  const families = ['sales', 'customer_success', 'engineering'] as const;
  const kpiOf = Object.fromEntries(DEMO_KPIS.map((k) => [k.jobFamily, k])) as Record<(typeof families)[number], (typeof DEMO_KPIS)[number]>;
  await insertRows(knex, 'department', ['id', 'name', 'status', 'updated_at'], families.map((f) => [`D-${f}`, f, 'active', now]));
  const teamSize = 20;
  const teamCount = Math.ceil(employees / teamSize);
  const teamRows: unknown[][] = [];
  const empRows: unknown[][] = [];
  const readingRows: unknown[][] = [];
  const versionRows: unknown[][] = [];
  const historyFrom = Date.parse(`${periodStartDate(periods[0] as string)}T00:00:00Z`) - 7 * 86_400_000;
  const moveAt = Date.parse(`${periodStartDate(periods[Math.floor(weeks / 2)] as string)}T00:00:00Z`) + 2 * 86_400_000;
  for (let t = 0; t < teamCount; t++) {
    const family = families[t % families.length] as (typeof families)[number];
    const teamId = `T${t}`;
    const managerId = `E${t * teamSize}`;
    teamRows.push([teamId, `Team ${t}`, `D-${family}`, managerId, 'active', now]);
    for (let i = 0; i < teamSize && t * teamSize + i < employees; i++) {
      const id = `E${t * teamSize + i}`;
      const isManager = i === 0;
      // 10 % move mid-window to the next team (its manager, its department): today's row is after the move.
      const next = (t + 1) % teamCount;
      const moves = !isManager && teamCount > 1 && rng() < 0.1;
      const nextFamily = families[next % families.length] as (typeof families)[number];
      const [nowTeam, nowManager, nowDept] = moves ? [`T${next}`, `E${next * teamSize}`, `D-${nextFamily}`] : [teamId, isManager ? null : managerId, `D-${family}`];
      empRows.push([id, `员工 ${t * teamSize + i}`, isManager ? 'management' : family, 'active', nowManager, nowDept, nowTeam, 'zh-CN', now]);
      versionRows.push([id, historyFrom, moves ? moveAt : null, 'active', isManager ? null : managerId, `D-${family}`, teamId, isManager ? 'management' : family]);
      if (moves) versionRows.push([id, moveAt, null, 'active', nowManager, nowDept, nowTeam, family]);
      if (isManager) continue;
      // weekly readings: in range with noise; 3 % random misses; 6 % a planted streak of 3–6 weeks
      const def = kpiOf[family].definition;
      const plantedFrom = rng() < 0.06 ? Math.floor(rng() * (weeks - 6)) : -1;
      const plantedLen = 3 + Math.floor(rng() * 4);
      for (let w = 0; w < weeks; w++) {
        const planted = plantedFrom >= 0 && w >= plantedFrom && w < plantedFrom + plantedLen;
        const miss = planted || rng() < 0.03;
        let value: number;
        if (family === 'sales') value = miss ? 20 + rng() * 15 : 42 + rng() * 16;
        else if (family === 'customer_success') value = miss ? 20 + rng() * 20 : 8 + rng() * 8;
        else value = miss ? 50 + rng() * 30 : 88 + rng() * 12;
        readingRows.push([id, def.id, periods[w], Math.round(value * 100) / 100, null, null, now]);
      }
    }
  }
  await knex.transaction(async (trx) => {
    await insertRows(trx, 'team', ['id', 'name', 'department_id', 'manager_id', 'status', 'updated_at'], teamRows);
    await insertRows(trx, 'employee', ['id', 'name', 'job_family', 'status', 'manager_id', 'department_id', 'team_id', 'locale', 'updated_at'], empRows);
    await insertRows(trx, 'employee_version', ['employee_id', 'valid_from', 'valid_to', 'status', 'manager_id', 'department_id', 'team_id', 'job_family'], versionRows);
    await insertRows(
      trx,
      'kpi_definition',
      ['id', 'name', 'unit', 'period', 'direction', 'range', 'overrides', 'updated_at'],
      DEMO_KPIS.map((k) => [k.definition.id, k.definition.name, k.definition.unit, k.definition.period, k.definition.direction, JSON.stringify(k.definition.range), k.definition.overrides ? JSON.stringify(k.definition.overrides) : null, now]),
    );
    await insertRows(trx, 'kpi_reading', ['employee_id', 'kpi_id', 'period', 'value', 'target', 'import_id', 'received_at'], readingRows);
  });
  return { employees: empRows.length, teams: teamRows.length, readings: readingRows.length, versions: versionRows.length, periods, endWeek };
}

export async function runBacktestBench(options: { employees?: number; weeks?: number; keep?: boolean; log?: (m: string) => void } = {}): Promise<BacktestBenchResult> {
  const employees = options.employees ?? 10_000;
  const weeks = options.weeks ?? 26;
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const dir = mkdtempSync(join(tmpdir(), 'coachflow-backtest-bench-'));
  const db = await openDatabase({ driver: 'sqlite', path: join(dir, 'bench.sqlite') });
  try {
    await migrate(db);
    const { knex } = db;
    const t0 = Date.now();
    const history = await buildBenchHistory(knex, { employees, weeks });
    const { periods, endWeek } = history;
    const generateMs = Date.now() - t0;
    log(`history: ${history.employees} employees in ${history.teams} teams (${history.versions} directory versions), ${history.readings} readings over ${weeks} weeks (${generateMs} ms to insert)`);

    // ---- the published version (for the difference) and the backtest job
    const workflows = new WorkflowService(knex);
    // The published version coaches from the 4th week on; the draft from the 3rd: both are replayed, and the report says who is added.
    const published = JSON.parse(JSON.stringify(BENCH_DRAFT).replace('{">=":[{"var":"trigger.streak"},3]}', '{">=":[{"var":"trigger.streak"},4]}')) as WorkflowDefinition;
    if (JSON.stringify(published) === JSON.stringify(BENCH_DRAFT)) throw new Error('the published version should differ from the draft');
    const wf = await workflows.create({ name: 'KPI deviation → coaching', definition: published });
    await workflows.publish(wf.id, 'bench');
    const service = new BacktestService({ knex, directory: new DirectoryService(knex), workflows }, { log: createLogger('silent'), owner: 'bench' });
    const started = Date.now();
    const cpu = process.cpuUsage();
    const created = await service.create({ definition: BENCH_DRAFT, window: { from: periods[0] as string, to: endWeek }, workflowId: wf.id }, 'bench');
    await service.idle(120_000);
    const backtestMs = Date.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuMs = Math.round((used.user + used.system) / 1000);
    const done = await service.get(created.id);
    if (done.status !== 'succeeded' || !done.result) throw new Error(`backtest ${done.status}: ${JSON.stringify(done.error)}`);
    const row = (await knex('backtest').where({ id: created.id }).first('result')) as { result: string };
    const r = done.result;
    const out: BacktestBenchResult = {
      employees: history.employees,
      weeks,
      readings: history.readings,
      generateMs,
      backtestMs,
      cpuMs,
      loadAverage: Math.round((loadavg()[0] ?? 0) * 10) / 10,
      events: r.totals.events,
      runs: r.totals.runs,
      affectedEmployees: r.totals.employees,
      tasks: r.totals.tasks,
      queuedTasks: r.totals.queuedTasks,
      resultBytes: row.result.length,
      added: r.diff?.added.length ?? 0,
      versions: r.directory.versions,
      eventsAsOf: r.directory.eventsAsOf,
      eventsFallback: r.directory.eventsFallback,
      budgetMs: BUDGET_MS,
      pass: backtestMs <= BUDGET_MS,
    };
    log(`backtest: ${weeks} weeks × ${history.employees} employees (${history.readings} readings → ${r.totals.events} kpi.deviation events → ${r.totals.runs} runs of the draft and of the published version, ${r.totals.employees} employees, ${r.totals.tasks} tasks of which ${r.totals.queuedTasks} over the load cap; ${out.added} people added vs the published version; directory as of the event for ${out.eventsAsOf} events, today's for ${out.eventsFallback}) in ${(backtestMs / 1000).toFixed(2)} s (CPU ${(cpuMs / 1000).toFixed(2)} s, load average ${out.loadAverage}) — budget ${BUDGET_MS / 1000} s: ${out.pass ? 'PASS' : 'FAIL'}`);
    return out;
  } finally {
    await db.close();
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** For the `pnpm bench` harness (engine/bench/run.ts), if its owner registers it. */
export const backtestBench = {
  id: 'backtest',
  title: 'backtest: 26 weeks × 10,000 employees',
  async run(ctx: { quick: boolean; log(msg: string): void }) {
    const r = await runBacktestBench({ employees: ctx.quick ? 2000 : 10_000, log: ctx.log });
    return {
      rows: [
        {
          benchmark: `backtest: ${r.weeks} weeks × ${r.employees} employees (${r.readings} readings, ${r.events} events, ${r.runs} runs)`,
          measured: `${(r.backtestMs / 1000).toFixed(2)} s`,
          budget: `≤ ${BUDGET_MS / 1000} s`,
          pass: ctx.quick ? null : r.pass,
          value: r.backtestMs / 1000,
          unit: 's',
        },
      ],
      details: r,
    };
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const result = await runBacktestBench({ employees: Number(arg('--employees') ?? 10_000), weeks: Number(arg('--weeks') ?? 26), keep: process.argv.includes('--keep') });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(result.pass ? 0 : 1);
}
