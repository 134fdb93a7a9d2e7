/**
 * The backtest replays the directory as it was: a person's manager, team and job family at each
 * event come from the directory history, so a move between managers mid-window attributes the
 * earlier events to the old manager and the later ones to the new one, and a job-family change
 * flips whether a rule matched. Events before a person's history starts use today's directory and
 * are counted. Tasks count in the week they would have been created (after a delay: later).
 */
import type { WorkflowDefinition } from '@coachflow/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertEmployees, type EmployeeInput } from '../app/directory.service.js';
import { DEMO_KPIS } from '../domain/demo-data.js';
import { isoWeekOf } from '../guardrails/load-cap.js';
import { startTestEngine, type TestEngine } from '../signals/signals.test-support.js';
import { runBacktest } from './backtest.js';
import type { BacktestResult, RunRecord } from './report.js';
import { coachingFlow } from './test-flows.js';

const at = (iso: string) => Date.parse(iso);
const T0 = at('2026-07-01T09:00:00Z'); // everybody joins the history (W27)
const MOVE = at('2026-08-05T09:00:00Z'); // E1 moves from M1 to M2, E2 from sales to ops (W32, Wednesday)
const LATE = at('2026-08-01T09:00:00Z'); // E3's first directory version
const window = { from: '2026-W30', to: '2026-W35' };

const people: EmployeeInput[] = [
  { id: 'X1', name: 'Exec One', jobFamily: 'management' },
  { id: 'X2', name: 'Exec Two', jobFamily: 'management' },
  { id: 'M1', name: 'Manager One', managerId: 'X1', teamId: null, jobFamily: 'management' },
  { id: 'M2', name: 'Manager Two', managerId: 'X2', jobFamily: 'management' },
  { id: 'E1', name: 'Mover', managerId: 'M1', jobFamily: 'sales', level: 'P5', location: '上海' },
  { id: 'E2', name: 'Switcher', managerId: 'M1', jobFamily: 'sales', level: 'P5', location: '上海' },
];

/** training.requested → a coaching task for the direct manager, for sales only. */
const salesCoaching = {
  nodes: [
    { id: 'trigger', kind: 'trigger', config: { event: 'training.requested' } },
    { id: 'check', kind: 'condition', config: { rule: { '==': [{ var: 'employee.jobFamily' }, 'sales'] } } },
    { id: 'coach', kind: 'task', config: { title: '辅导 {{employee.name}}', assignee: { type: 'directManager' }, dueIn: 'P7D' } },
    { id: 'done', kind: 'end', config: { outcome: 'coached' } },
    { id: 'skipped', kind: 'end', config: { outcome: 'skipped' } },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'check' },
    { id: 'e2', source: 'check', sourceHandle: 'true', target: 'coach' },
    { id: 'e3', source: 'check', sourceHandle: 'false', target: 'skipped' },
    { id: 'e4', source: 'coach', target: 'done' },
  ],
} as unknown as WorkflowDefinition;

/** An approval by the direct manager and the skip level: the whole chain as of the event. */
const chainApproval = {
  nodes: [
    { id: 'trigger', kind: 'trigger', config: { event: 'training.requested' } },
    { id: 'approve', kind: 'approval', config: { title: '培训 {{employee.name}}', approvers: [{ type: 'directManager' }, { type: 'skipLevel' }], mode: 'all' } },
    { id: 'yes', kind: 'end', config: {} },
    { id: 'no', kind: 'end', config: {} },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'approve' },
    { id: 'e2', source: 'approve', sourceHandle: 'approved', target: 'yes' },
    { id: 'e3', source: 'approve', sourceHandle: 'rejected', target: 'no' },
  ],
} as unknown as WorkflowDefinition;

/** A delay of a week before a capped task: the task is created (and counted) a week after its event. */
const delayedTask = coachingFlow('training.requested', { delay: 'P7D', loadCap: { perWeek: 1 } });

let engine: TestEngine;

async function training(employeeId: string, iso: string): Promise<void> {
  await engine.services.events.ingest({ type: 'training.requested', idempotencyKey: `training:${employeeId}:${iso}`, payload: { employeeId, competency: '客户异议处理', source: 'coaching' }, occurredAt: iso });
}

async function backtest(definition: WorkflowDefinition): Promise<BacktestResult> {
  const { services } = engine;
  return runBacktest({ knex: services.db.knex, directory: services.directory, workflows: services.workflows }, { definition, window });
}

const runsOf = (r: BacktestResult, employeeId: string): RunRecord[] => [...(r.employees.find((e) => e.employeeId === employeeId)?.runsDetail ?? [])].sort((a, b) => a.at.localeCompare(b.at));

beforeAll(async () => {
  engine = await startTestEngine();
  const knex = engine.services.db.knex;
  await upsertEmployees(knex, people, T0);
  await upsertEmployees(knex, [{ id: 'E3', name: 'Newcomer', managerId: 'M1', jobFamily: 'sales' }], LATE);
  await upsertEmployees(knex, [{ ...(people[4] as EmployeeInput), managerId: 'M2' }, { ...(people[5] as EmployeeInput), jobFamily: 'ops' }], MOVE);
  await training('E1', '2026-07-22T10:00:00Z'); // W30, under M1
  await training('E1', '2026-08-12T10:00:00Z'); // W33, under M2
  await training('E2', '2026-07-23T10:00:00Z'); // W30, sales
  await training('E2', '2026-08-13T10:00:00Z'); // W33, ops
  await training('E3', '2026-07-24T10:00:00Z'); // W30, before E3's history: today's directory
  // Sales amount (range by job family: sales 50 ± 12, others ≥ 0): E2 reads 20 every week.
  const sales = DEMO_KPIS.filter((k) => k.definition.id === 'sales_amount').map((k) => k.definition);
  await engine.services.signals.kpis.upsert(sales as unknown as Array<Record<string, unknown>>);
  await engine.services.signals.readings.importList(['2026-W29', '2026-W30', '2026-W31', '2026-W32', '2026-W33', '2026-W34'].map((period) => ({ employeeId: 'E2', kpiId: 'sales_amount', period, value: 20 })), { source: 'api' });
}, 60_000);

afterAll(async () => {
  await engine?.close();
});

describe('backtest over the directory as it was', () => {
  it('a move between managers: earlier events go to the old manager, later ones to the new', async () => {
    const r = await backtest(salesCoaching);
    const [before, after] = runsOf(r, 'E1');
    expect(before).toMatchObject({ week: '2026-W30', managerId: 'M1', waitingAt: 'coach', tasks: [{ nodeId: 'coach', assigneeId: 'M1', week: '2026-W30' }] });
    expect(after).toMatchObject({ week: '2026-W33', managerId: 'M2', waitingAt: 'coach', tasks: [{ nodeId: 'coach', assigneeId: 'M2', week: '2026-W33' }] });
    // Per manager and per manager-week, as of each event.
    const m = (id: string) => r.perManager.find((x) => x.managerId === id);
    expect(m('M2')).toMatchObject({ runs: 1, employees: 1, tasksReceived: 1 });
    expect(r.managerLoad.filter((l) => l.managerId === 'M2').map((l) => [l.week, l.tasks])).toEqual([['2026-W33', 1]]);
    expect(r.managerLoad.find((l) => l.managerId === 'M1' && l.week === '2026-W30')).toMatchObject({ tasks: 3 }); // E1, E2 (sales then), E3
    // The person's summary shows where they are at their latest run.
    expect(r.employees.find((e) => e.employeeId === 'E1')).toMatchObject({ managerId: 'M2', managerName: 'Manager Two' });
  });

  it('a job-family change flips whether the rule matched', async () => {
    const r = await backtest(salesCoaching);
    const [before, after] = runsOf(r, 'E2');
    expect(before).toMatchObject({ waitingAt: 'coach', tasks: [{ assigneeId: 'M1' }] });
    expect(before?.evidence?.decisions.find((d) => d.nodeId === 'check')).toMatchObject({ variables: { 'employee.jobFamily': 'sales' }, result: true });
    expect(after).toMatchObject({ outcome: 'skipped', tasks: [] });
    expect(after?.evidence?.decisions.find((d) => d.nodeId === 'check')).toMatchObject({ variables: { 'employee.jobFamily': 'ops' }, result: false });
  });

  it('a KPI range set by job family is the one of the reading’s week', async () => {
    const r = await backtest(coachingFlow('kpi.deviation'));
    // Sales (below 38) until the move in W32 — its period starts before it — then ops (in range): no deviation.
    expect(runsOf(r, 'E2').map((x) => [x.week, (x.evidence?.payload as { streak: number }).streak])).toEqual([
      ['2026-W30', 2],
      ['2026-W31', 3],
      ['2026-W32', 4],
    ]);
  });

  it('the manager chain (skip level) is the one of the event’s time', async () => {
    const r = await backtest(chainApproval);
    const [before, after] = runsOf(r, 'E1');
    expect(before?.approvals).toEqual([expect.objectContaining({ approverIds: ['M1', 'X1'] })]);
    expect(after?.approvals).toEqual([expect.objectContaining({ approverIds: ['M2', 'X2'] })]);
  });

  it('events before a person’s history starts use today’s directory, and the report counts them', async () => {
    const r = await backtest(salesCoaching);
    expect(r.directory).toMatchObject({ asOf: 'event', eventsAsOf: 4, eventsFallback: 1, historyFrom: new Date(T0).toISOString() });
    expect(r.directory.versions).toBe(people.length + 1 + 2);
    expect(r.directory.note).toMatch(/1 of 5 events/);
    expect(runsOf(r, 'E3')[0]).toMatchObject({ managerId: 'M1', tasks: [{ assigneeId: 'M1' }] });
  });

  it('a task counts in the week it would have been created: a week-long delay puts it in the next week', async () => {
    const r = await backtest(delayedTask);
    const [before] = runsOf(r, 'E1');
    // The run belongs to its event's week; its task to the week the delay ends in.
    expect(before).toMatchObject({ week: '2026-W30', tasks: [{ assigneeId: 'M1', week: '2026-W31' }] });
    expect(isoWeekOf(at('2026-07-22T10:00:00Z') + 7 * 86_400_000)).toBe('2026-W31');
    expect(r.perWeek.find((w) => w.week === '2026-W30')).toMatchObject({ runs: 3, tasks: 0 });
    // M1 gets E1's, E2's and E3's W30 tasks in W31: one under the cap, two queued and released W32 and W33.
    const m1 = (week: string) => r.managerLoad.find((l) => l.managerId === 'M1' && l.week === week);
    expect(m1('2026-W30')).toBeUndefined();
    expect(m1('2026-W31')).toMatchObject({ tasks: 3, received: 1, queued: 2 });
    expect(m1('2026-W32')).toMatchObject({ received: 1, released: 1 });
  });
});
