/**
 * A backtest over the demo history gives exactly the runs that publishing the workflow and
 * importing the same readings through the real import path gives (same events, same employees,
 * same paths), and writes nothing: no task, run, event, notification or connector call.
 */
import type { WorkflowDefinition } from '@coachflow/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../demo/demo-data.loader.js';
import { generateDemoData } from '../domain/demo-data.js';
import { publish, startTestEngine, type TestEngine } from '../signals/signals.test-support.js';
import { BacktestCancelled, runBacktest } from './backtest.js';
import type { BacktestResult } from './report.js';
import { coachingFlow } from './test-flows.js';

const demo = generateDemoData({ seed: 42 });

/** The reference KPI workflow with both branches doing something, a mail on one, a load cap on the task. */
export const COACHING_DRAFT: WorkflowDefinition = {
  nodes: [
    { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation' } },
    { id: 'check', kind: 'condition', config: { rule: { and: [{ '>=': [{ var: 'trigger.streak' }, 3] }, { '==': [{ var: 'employee.jobFamily' }, 'sales'] }] } } },
    { id: 'coach', kind: 'task', config: { title: '辅导 {{employee.name}}：{{trigger.kpi.name}} 连续 {{trigger.streak}} 周偏离', assignee: { type: 'directManager' }, dueIn: 'P7D', form: 'GROW', loadCap: { perWeek: 1 } } },
    { id: 'second', kind: 'condition', config: { rule: { '==': [{ var: 'trigger.streak' }, 2] } } },
    { id: 'heads_up', kind: 'notify', config: { channel: 'mail', to: [{ type: 'directManager' }], title: '提醒 {{employee.name}}', body: '{{trigger.kpi.name}} 连续两周偏离' } },
    { id: 'coached', kind: 'end', config: { outcome: 'coached' } },
    { id: 'warned', kind: 'end', config: { outcome: 'warned' } },
    { id: 'skipped', kind: 'end', config: { outcome: 'skipped' } },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'check' },
    { id: 'e2', source: 'check', sourceHandle: 'true', target: 'coach' },
    { id: 'e3', source: 'check', sourceHandle: 'false', target: 'second' },
    { id: 'e4', source: 'coach', target: 'coached' },
    { id: 'e5', source: 'second', sourceHandle: 'true', target: 'heads_up' },
    { id: 'e6', source: 'heads_up', target: 'warned' },
    { id: 'e7', source: 'second', sourceHandle: 'false', target: 'skipped' },
  ],
} as unknown as WorkflowDefinition;

let engine: TestEngine;
let workflowId: number;
const window = { from: demo.startWeek, to: demo.options.endWeek };

async function counts(): Promise<Record<string, number>> {
  const knex = engine.services.db.knex;
  const out: Record<string, number> = {};
  for (const t of ['task', 'run', 'event', 'notification', 'action_call', 'approval', 'timer', 'step', 'run_input', 'task_load', 'held_run']) {
    out[t] = Number(((await knex(t).count({ n: '*' }).first()) as { n: number }).n);
  }
  return out;
}

beforeAll(async () => {
  engine = await startTestEngine();
  workflowId = await publish(engine.services, 'KPI deviation → coaching (published)', COACHING_DRAFT);
  await loadDemoData(engine.services, { endWeek: demo.options.endWeek });
}, 120_000);

afterAll(async () => {
  await engine?.close();
});

describe('backtest over the demo history', () => {
  let result: BacktestResult;

  it('gives exactly the runs the real import gave the published workflow: same events, employees and paths', async () => {
    const knex = engine.services.db.knex;
    const before = await counts();
    const progress: number[] = [];
    result = await runBacktest({ knex, directory: engine.services.directory, workflows: engine.services.workflows }, { definition: COACHING_DRAFT, window, workflowId }, { progress: (p) => void progress.push(p) });
    expect(await counts()).toEqual(before);

    const real = (await knex('run as r').join('event as e', 'e.id', 'r.event_id').where('r.workflow_id', workflowId).select('r.id', 'r.employee_id', 'r.status', 'e.idempotency_key')) as Array<{ id: number; employee_id: string; status: string; idempotency_key: string }>;
    const steps = (await knex('step').whereIn('run_id', real.map((r) => r.id)).orderBy(['run_id', 'seq']).select('run_id', 'node_id')) as Array<{ run_id: number; node_id: string }>;
    const pathOf = new Map<number, string[]>();
    for (const s of steps) pathOf.set(Number(s.run_id), [...(pathOf.get(Number(s.run_id)) ?? []), s.node_id]);
    const want = real.map((r) => `${r.idempotency_key}|${r.employee_id}|${(pathOf.get(Number(r.id)) ?? []).join('>')}|${r.status}`).sort();

    const simulated = result.employees.flatMap((e) => e.runsDetail);
    const got = simulated.map((r) => `${r.key}|${r.employeeId}|${r.path.join('>')}|${r.status}`).sort();
    expect(real.length).toBeGreaterThan(20);
    expect(got).toEqual(want);
    // every branch was taken by somebody, so the comparison covers the three paths
    expect(new Set(simulated.map((r) => r.outcome ?? r.waitingAt))).toEqual(new Set(['coach', 'warned', 'skipped']));
    expect(result.totals.runs).toBe(real.length);
    // The demo's directory history starts with its history: every event saw the directory as it was.
    expect(result.directory).toMatchObject({ asOf: 'event', eventsFallback: 0, eventsAsOf: result.totals.events });
    expect(result.totals.events).toBe(Number(((await knex('event').where({ type: 'kpi.deviation' }).count({ n: '*' }).first()) as { n: number }).n));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p, i) => p >= 0 && p <= 1 && (i === 0 || p >= (progress[i - 1] as number)))).toBe(true);
  });

  it('reports per week, team and manager, with the evidence of each run', () => {
    expect(result.window.weeks).toHaveLength(26);
    expect(result.perWeek.reduce((n, w) => n + w.runs, 0)).toBe(result.totals.runs);
    expect(result.perTeam.reduce((n, t) => n + t.runs, 0)).toBe(result.totals.runs);
    expect(result.perManager.reduce((n, m) => n + m.runs, 0)).toBe(result.totals.runs);
    const li = result.employees.find((e) => e.employeeId === demo.reference.liLeiId);
    expect(li?.managerId).toBe(demo.reference.managerId);
    const coached = li?.runsDetail.find((r) => r.waitingAt === 'coach');
    expect(coached?.tasks).toEqual([expect.objectContaining({ nodeId: 'coach', assigneeId: demo.reference.managerId })]);
    const payload = coached?.evidence?.payload as { streak: number; readings: unknown[]; kpi: { id: string } };
    expect(payload.kpi.id).toBe('sales_amount');
    expect(payload.readings).toHaveLength(payload.streak);
    expect(coached?.evidence?.decisions.find((d) => d.nodeId === 'check')).toMatchObject({ result: true, variables: { 'trigger.streak': payload.streak, 'employee.jobFamily': 'sales' } });
  });

  it('the published version is the same: nobody added, nobody dropped', () => {
    expect(result.diff).toMatchObject({ draftRuns: result.totals.runs, publishedRuns: result.totals.runs, sameRuns: result.totals.runs, pathChanged: 0, added: [], removed: [] });
  });

  it('a stricter draft: who drops out is listed with the evidence', async () => {
    const stricter = JSON.parse(JSON.stringify(COACHING_DRAFT)) as WorkflowDefinition;
    const trigger = stricter.nodes[0] as unknown as { config: { filter?: unknown } };
    trigger.config.filter = { '!=': [{ var: 'trigger.kpi.id' }, 'sales_amount'] };
    const r = await runBacktest({ knex: engine.services.db.knex, directory: engine.services.directory, workflows: engine.services.workflows }, { definition: stricter, window, workflowId });
    // Dropped: the people the published version acted for (a task or a mail) only because of sales.
    const acting = (x: { tasks: unknown[]; notifications: number }) => x.tasks.length + x.notifications > 0;
    const salesOnly = result.employees.filter((e) => e.runsDetail.some(acting) && e.runsDetail.filter(acting).every((x) => (x.evidence?.payload as { kpi: { id: string } }).kpi.id === 'sales_amount')).map((e) => e.employeeId);
    expect(salesOnly.length).toBeGreaterThan(0);
    expect(r.diff?.removed.map((e) => e.employeeId).sort()).toEqual(salesOnly.sort());
    expect(r.diff?.added).toEqual([]);
    expect(r.diff?.removed[0]?.evidence).toMatchObject({ kpi: { id: 'sales_amount' } });
    expect(r.totals.runs).toBeLessThan(result.totals.runs);
  });

  it('shows the effect of the load cap: per manager per week, received vs queued, released next week by priority', async () => {
    // Every deviation → a coaching task for the direct manager, at most one a week each.
    const flood = coachingFlow('kpi.deviation', { loadCap: { perWeek: 1 } });
    const r = await runBacktest({ knex: engine.services.db.knex, directory: engine.services.directory, workflows: engine.services.workflows }, { definition: flood, window });
    expect(r.loadCapNodes).toEqual([{ nodeId: 'coach', perWeek: 1 }]);
    expect(r.totals.queuedTasks).toBeGreaterThan(0);
    expect(r.managerLoad.reduce((n, l) => n + l.queued, 0)).toBe(r.totals.queuedTasks);
    for (const l of r.managerLoad) expect(l.received, `${l.managerId} ${l.week}`).toBeLessThanOrEqual(1);
    // Per manager, every task is received within the window or still waiting at its end.
    const last = r.window.weeks[r.window.weeks.length - 1];
    const byManager = new Map<string, { tasks: number; received: number; backlogAtEnd: number }>();
    for (const l of r.managerLoad) {
      const m = byManager.get(l.managerId) ?? { tasks: 0, received: 0, backlogAtEnd: 0 };
      m.tasks += l.tasks;
      m.received += l.received;
      if (l.week === last) m.backlogAtEnd = l.backlog;
      byManager.set(l.managerId, m);
    }
    for (const [id, m] of byManager) expect(m.received + m.backlogAtEnd, id).toBe(m.tasks);
    // A queued task is marked on its run, with the week it was released in.
    const queuedTasks = r.employees.flatMap((e) => e.runsDetail.flatMap((x) => x.tasks)).filter((t) => t.queued);
    expect(queuedTasks.length).toBe(r.totals.queuedTasks);
    expect(queuedTasks.some((t) => typeof t.releasedWeek === 'string')).toBe(true);
    // Without the cap the same draft sends every task straight to the inbox.
    const u = await runBacktest({ knex: engine.services.db.knex, directory: engine.services.directory, workflows: engine.services.workflows }, { definition: coachingFlow('kpi.deviation'), window });
    expect(u.totals.queuedTasks).toBe(0);
    expect(Math.max(...u.managerLoad.map((l) => l.received))).toBeGreaterThan(1);
  });

  it('a backtest can be cancelled at its next yield', async () => {
    let calls = 0;
    await expect(
      runBacktest({ knex: engine.services.db.knex, directory: engine.services.directory, workflows: engine.services.workflows }, { definition: COACHING_DRAFT, window }, { cancelled: () => ++calls > 1 }),
    ).rejects.toBeInstanceOf(BacktestCancelled);
  });

  it('runs as a job with progress, results kept and linkable', async () => {
    const svc = engine.services.backtests;
    const created = await svc.create({ definition: COACHING_DRAFT, window, workflowId }, 'hr@test');
    expect(created).toMatchObject({ status: expect.stringMatching(/queued|running/), link: `/api/v1/backtests/${created.id}` });
    await svc.idle();
    const done = await svc.get(created.id);
    expect(done).toMatchObject({ status: 'succeeded', progress: 1, createdBy: 'hr@test' });
    expect(done.result?.totals.runs).toBe(result.totals.runs);
    const page = await svc.employees(created.id, { offset: 0, limit: 5 });
    expect(page.total).toBe(result.totals.employees);
    const li = await svc.employee(created.id, demo.reference.liLeiId);
    expect(li.runsDetail.length).toBeGreaterThan(0);
    const runs = await svc.runs(created.id, { offset: 0, limit: 1000 });
    expect(runs.total).toBe(result.totals.runs);
    expect((await svc.list({ limit: 10 })).items[0]).toMatchObject({ id: created.id, status: 'succeeded' });
    await expect(svc.cancel(created.id)).rejects.toMatchObject({ status: 409 });
  });

  it('a queued backtest can be cancelled before it starts', async () => {
    const svc = engine.services.backtests;
    const first = await svc.create({ definition: COACHING_DRAFT, window }, 'hr@test');
    const second = await svc.create({ definition: COACHING_DRAFT, window }, 'hr@test');
    const cancelled = await svc.cancel(second.id);
    expect(cancelled.status).toBe('cancelled');
    await svc.idle();
    expect((await svc.get(first.id)).status).toBe('succeeded');
    expect((await svc.get(second.id)).status).toBe('cancelled');
  });

  it('refuses a draft with errors and a bad window', async () => {
    const svc = engine.services.backtests;
    await expect(svc.create({ definition: { nodes: [], edges: [] } as unknown as WorkflowDefinition, window }, null)).rejects.toMatchObject({ status: 422 });
    await expect(svc.create({ definition: COACHING_DRAFT, window: { from: '2026-W40', to: '2026-W30' } }, null)).rejects.toMatchObject({ status: 400 });
  });
});
