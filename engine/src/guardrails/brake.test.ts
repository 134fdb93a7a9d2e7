/**
 * The blast-radius brake, in process against SQLite: a wrong KPI import (a whole team's sales read
 * as 0) plants a burst; past the team-share limit the workflow pauses, the rest of the burst is
 * held (no task, no mail), HR admins are told; releasing starts the held runs in order, discarding
 * keeps them with their evidence and starts nothing. A runs-per-hour limit holds a burst too.
 */
import type { WorkflowDefinition } from '@coachflow/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDirectoryFeed } from '../demo/demo-data.loader.js';
import { generateDemoData } from '../domain/demo-data.js';
import { publish, startTestEngine, type TestEngine } from '../signals/signals.test-support.js';

const demo = generateDemoData({ seed: 42 });
const ADMIN = { type: 'user' as const, id: '1', name: 'hr@test' };
const salesTeam = (teamId: string) => demo.org.employees.filter((e) => e.teamId === teamId && e.jobFamily === 'sales').map((e) => e.id);
const teamSize = (teamId: string) => demo.org.employees.filter((e) => e.teamId === teamId && e.status === 'active').length;
const hrAdmins = demo.org.employees.filter((e) => e.roles.includes('hr_admin')).map((e) => e.id).sort();

function flow(kpiId: string): WorkflowDefinition {
  return {
    nodes: [
      { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation', filter: { '==': [{ var: 'trigger.kpi.id' }, kpiId] } } },
      { id: 'tell', kind: 'notify', config: { channel: 'mail', to: [{ type: 'directManager' }], title: '{{employee.name}}', body: '{{trigger.value}}' } },
      { id: 'coach', kind: 'task', config: { title: '辅导 {{employee.name}}', assignee: { type: 'directManager' }, dueIn: 'P7D' } },
      { id: 'done', kind: 'end', config: {} },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'tell' },
      { id: 'e2', source: 'tell', target: 'coach' },
      { id: 'e3', source: 'coach', target: 'done' },
    ],
  } as unknown as WorkflowDefinition;
}

let engine: TestEngine;

async function count(table: string, where: Record<string, unknown>): Promise<number> {
  return Number(((await engine.services.db.knex(table).where(where).count({ n: '*' }).first()) as { n: number }).n);
}

beforeAll(async () => {
  engine = await startTestEngine();
  const s = engine.services;
  await s.signals.directoryImports.import({ format: 'json', mode: 'full', kind: 'org', data: demoDirectoryFeed(demo), actor: 'test', confirmed: true });
  await s.signals.kpis.upsert(demo.kpis as unknown as Array<Record<string, unknown>>);
}, 120_000);

afterAll(async () => {
  await engine?.close();
});

describe('blast-radius brake', () => {
  it('holds a burst planted by a bad import past the team-share limit; nothing is sent while held; release starts them in order', async () => {
    const s = engine.services;
    const wf = await publish(s, 'sales deviation → coach', flow('sales_amount'));
    await s.guardrails.holds.setLimits(wf, { maxTeamShare: 0.25, minAffected: 3 }, ADMIN);
    const team = salesTeam('T-SALES-1');
    const allowed = Math.floor(0.25 * teamSize('T-SALES-1'));
    expect(team.length).toBeGreaterThan(allowed + 3);

    // The wrong import: everyone's sales read as 0 for one week.
    const imported = await s.signals.readings.importList(team.map((employeeId) => ({ employeeId, kpiId: 'sales_amount', period: '2026-W48', value: 0 })), { source: 'api' });
    expect(imported.events).toBe(team.length);
    expect(imported.runs).toBe(team.length);

    const guard = await s.guardrails.holds.guard(wf);
    expect(guard).toMatchObject({ paused: true, held: team.length - allowed, pauseReason: { limit: 'maxTeamShare', teamId: 'T-SALES-1' } });
    // Only the runs under the limit did anything: one task and one mail each.
    expect(await count('task', { workflow_id: wf })).toBe(allowed);
    expect(await count('run', { workflow_id: wf, status: 'held' })).toBe(team.length - allowed);
    const held = (await s.db.knex('run').where({ workflow_id: wf, status: 'held' }).select('id')) as Array<{ id: number }>;
    expect(await s.db.knex('notification').whereIn('run_id', held.map((r) => r.id)).count({ n: '*' }).first()).toMatchObject({ n: 0 });
    expect(await s.db.knex('step').whereIn('run_id', held.map((r) => r.id)).count({ n: '*' }).first()).toMatchObject({ n: 0 });
    // HR admins were told, in-app.
    const told = (await s.db.knex('notification').where({ kind: 'guardrail.paused' }).select('recipient_id', 'payload')) as Array<{ recipient_id: string; payload: string }>;
    expect(told.map((n) => n.recipient_id).sort()).toEqual(hrAdmins);
    expect(JSON.parse(told[0]?.payload ?? '{}')).toMatchObject({ workflowId: wf, reason: { limit: 'maxTeamShare' } });

    // The held list shows each run's evidence.
    const list = await s.guardrails.holds.list({ workflowId: wf, limit: 100 });
    expect(list.items).toHaveLength(team.length - allowed);
    expect(list.items[0]).toMatchObject({ status: 'held', eventType: 'kpi.deviation', evidence: { payload: { value: 0, kpi: { id: 'sales_amount' }, streak: 1 } } });

    // While paused, a further (legitimate) signal for someone else is held too.
    const other = salesTeam('T-SALES-2')[0] as string;
    await s.signals.readings.importList([{ employeeId: other, kpiId: 'sales_amount', period: '2026-W48', value: 1 }], { source: 'api' });
    expect(await count('held_run', { workflow_id: wf, status: 'held' })).toBe(team.length - allowed + 1);
    expect(await count('task', { workflow_id: wf })).toBe(allowed);

    // Release: all start now, in arrival order; the workflow resumes.
    const heldIds = (await s.db.knex('held_run').where({ workflow_id: wf, status: 'held' }).orderBy('run_id').select('run_id')).map((r: { run_id: number }) => Number(r.run_id));
    const released = await s.guardrails.holds.release(wf, undefined, ADMIN);
    expect(released).toMatchObject({ decided: heldIds, stillHeld: 0, paused: false });
    expect(await count('task', { workflow_id: wf })).toBe(team.length + 1);
    expect(await count('run', { workflow_id: wf, status: 'waiting' })).toBe(team.length + 1);
    const taskOrder = (await s.db.knex('task').where({ workflow_id: wf }).whereIn('run_id', heldIds).orderBy('id').select('run_id')).map((r: { run_id: number }) => Number(r.run_id));
    expect(taskOrder).toEqual(heldIds);
    // The released runs kept the context of their event (the evidence as it was).
    const run = await s.runs.get(heldIds[0] as number);
    expect((run as unknown as { steps: Array<{ nodeId: string }> }).steps.map((x) => x.nodeId)).toEqual(['trigger', 'tell', 'coach']);
    expect((await s.guardrails.holds.get(heldIds[0] as number)).status).toBe('released');
    // After the release the same burst does not count again: the next signal starts normally.
    const next = salesTeam('T-SALES-2')[1] as string;
    await s.signals.readings.importList([{ employeeId: next, kpiId: 'sales_amount', period: '2026-W48', value: 1 }], { source: 'api' });
    expect(await count('task', { workflow_id: wf })).toBe(team.length + 2);
    const audit = (await s.db.knex('audit_log').where({ action: 'guardrails.release' }).select('target_id')) as Array<{ target_id: string }>;
    expect(audit.map((a) => a.target_id)).toContain(String(wf));
  });

  it('holds past the runs-per-hour limit; discard keeps the runs with their evidence and starts nothing', async () => {
    const s = engine.services;
    const wf = await publish(s, 'delivery deviation → coach', flow('delivery_on_time_rate'));
    await s.guardrails.holds.setLimits(wf, { maxRunsPerHour: 5 }, ADMIN);
    const engineers = demo.org.employees.filter((e) => e.jobFamily === 'engineering').map((e) => e.id).slice(0, 12);
    await s.signals.readings.importList(engineers.map((employeeId) => ({ employeeId, kpiId: 'delivery_on_time_rate', period: '2026-W48', value: 10 })), { source: 'api' });
    expect(await s.guardrails.holds.guard(wf)).toMatchObject({ paused: true, held: 7, pauseReason: { limit: 'maxRunsPerHour', allowed: 5, observed: 6 } });
    expect(await count('task', { workflow_id: wf })).toBe(5);

    const some = (await s.guardrails.holds.list({ workflowId: wf, limit: 2 })).items.map((h) => h.runId);
    const partial = await s.guardrails.holds.discard(wf, some, ADMIN, 'wrong import');
    expect(partial).toMatchObject({ decided: some, stillHeld: 5, paused: true });
    const rest = await s.guardrails.holds.discard(wf, undefined, ADMIN, 'wrong import');
    expect(rest).toMatchObject({ stillHeld: 0, paused: false });
    expect(rest.decided).toHaveLength(5);
    expect(await count('task', { workflow_id: wf })).toBe(5);
    expect(await count('run', { workflow_id: wf, status: 'discarded' })).toBe(7);
    const discarded = await s.guardrails.holds.list({ workflowId: wf, status: 'discarded', limit: 100 });
    expect(discarded.items).toHaveLength(7);
    expect(discarded.items[0]).toMatchObject({ decidedBy: 'hr@test', evidence: { payload: { value: 10 } } });
    // Deciding again changes nothing.
    expect(await s.guardrails.holds.release(wf, some, ADMIN)).toMatchObject({ decided: [], skipped: some });
  });

  it('without limits (the built-in default) nothing is ever held', async () => {
    const s = engine.services;
    const wf = await publish(s, 'tickets → coach', flow('ticket_resolution_hours'));
    const people = demo.org.employees.filter((e) => e.jobFamily === 'customer_success').map((e) => e.id);
    await s.signals.readings.importList(people.map((employeeId) => ({ employeeId, kpiId: 'ticket_resolution_hours', period: '2026-W48', value: 500 })), { source: 'api' });
    expect(await count('held_run', { workflow_id: wf })).toBe(0);
    expect(await count('task', { workflow_id: wf })).toBe(people.length);
    expect((await s.guardrails.holds.defaults()).effective).toMatchObject({ maxRunsPerHour: null, maxTeamShare: null, maxCompanyShare: null });
  });

  it('HR defaults apply to every workflow; a workflow can lift one with null', async () => {
    const s = engine.services;
    const defaults = await s.guardrails.holds.setDefaults({ maxCompanyShare: 0.5 }, ADMIN);
    expect(defaults.maxCompanyShare).toBe(0.5);
    const wf = await publish(s, 'any', flow('sales_amount'));
    expect((await s.guardrails.holds.guard(wf)).limits.maxCompanyShare).toBe(0.5);
    expect((await s.guardrails.holds.setLimits(wf, { maxCompanyShare: null }, ADMIN)).limits.maxCompanyShare).toBeNull();
    await s.guardrails.holds.setDefaults({ maxCompanyShare: null }, ADMIN);
  });
});
