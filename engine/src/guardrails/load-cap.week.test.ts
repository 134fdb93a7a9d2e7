/**
 * Week accounting of the load cap, one rule for the live queue and the backtest (README "Which
 * week a task counts in"): a capped task counts in the ISO week (UTC) it is created in. Live, that
 * is when the run reaches the task node — an event processed late counts in the week it was
 * processed, not the week it occurred in. The backtest creates each simulated task when the run
 * would have reached it had the workflow been live at the event: at the event's time (later after
 * a delay) — so events processed as they occur count in the same week in both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertEmployees } from '../app/directory.service.js';
import { runBacktest } from '../backtest/backtest.js';
import { coachingFlow } from '../backtest/test-flows.js';
import { publish, startTestEngine, type TestEngine } from '../signals/signals.test-support.js';
import { isoWeekOf } from './load-cap.js';

const WEEK = 7 * 86_400_000;
const capped = coachingFlow('training.requested', { loadCap: { perWeek: 1 } });

let engine: TestEngine;
let workflowId: number;
let before: number;
let after: number;
let late: number;

const ingest = (employeeId: string, occurredAt: number) =>
  engine.services.events.ingest({ type: 'training.requested', idempotencyKey: `training:${employeeId}`, payload: { employeeId, competency: '谈判', source: 'hr' }, occurredAt: new Date(occurredAt).toISOString() });

beforeAll(async () => {
  engine = await startTestEngine();
  const knex = engine.services.db.knex;
  await upsertEmployees(knex, [{ id: 'M', name: 'Manager' }, ...['E1', 'E2', 'E3', 'E4'].map((id) => ({ id, name: id, managerId: 'M' }))], 0);
  workflowId = await publish(engine.services, 'training → capped coaching', capped);
  before = Date.now();
  // Three events processed as they occur, and one processed three weeks after it occurred.
  for (const id of ['E1', 'E2', 'E3']) await ingest(id, Date.now());
  late = Date.now() - 3 * WEEK;
  await ingest('E4', late);
  after = Date.now();
}, 60_000);

afterAll(async () => {
  await engine?.close();
});

describe('load cap week accounting', () => {
  it('live: a task counts in the week it is created — an event processed late counts in the week it was processed', async () => {
    const knex = engine.services.db.knex;
    const loads = (await knex('task_load as l').join('task as t', 't.id', 'l.task_id').where('l.workflow_id', workflowId).orderBy('l.task_id').select('t.employee_id', 't.created_at', 'l.status', 'l.week')) as Array<Record<string, unknown>>;
    expect(loads.map((l) => [l.employee_id, l.status])).toEqual([
      ['E1', 'counted'],
      ['E2', 'queued'],
      ['E3', 'queued'],
      // Its event's week (three weeks ago) was empty, but the task is created now: this week is full.
      ['E4', 'queued'],
    ]);
    const thisWeek = isoWeekOf(Number(loads[0]?.created_at));
    expect([isoWeekOf(before), isoWeekOf(after)]).toContain(thisWeek);
    expect(loads[0]?.week).toBe(thisWeek);
    const weeks = (await knex('load_cap_week').where({ workflow_id: workflowId }).select('week', 'received')) as Array<{ week: string; received: number }>;
    expect(weeks.map((w) => [w.week, Number(w.received)])).toEqual([[thisWeek, 1]]);
  });

  it('backtest: the same events count in the week they occurred in — where the live engine created their tasks when processed at once', async () => {
    const { services } = engine;
    const window = { from: new Date(late).toISOString().slice(0, 10), to: new Date(after).toISOString().slice(0, 10) };
    const r = await runBacktest({ knex: services.db.knex, directory: services.directory, workflows: services.workflows }, { definition: capped, window });
    const thisWeek = isoWeekOf(Number(((await services.db.knex('task').where({ employee_id: 'E1' }).first('created_at')) as { created_at: number }).created_at));
    const load = (week: string) => r.managerLoad.find((l) => l.managerId === 'M' && l.week === week);
    // Processed as they occurred: the same count as live — one in the inbox, two queued.
    expect(load(thisWeek)).toMatchObject({ tasks: 3, received: 1, queued: 2 });
    // The late one: in its own week, had the workflow been live then.
    expect(load(isoWeekOf(late))).toMatchObject({ tasks: 1, received: 1, queued: 0 });
    const e4 = r.employees.find((e) => e.employeeId === 'E4')?.runsDetail[0];
    expect(e4).toMatchObject({ week: isoWeekOf(late), tasks: [{ week: isoWeekOf(late), assigneeId: 'M' }] });
  });
});
