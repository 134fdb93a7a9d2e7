/**
 * Guardrails (issue 9), in the mode of this run (embedded, or MariaDB + Redis/Bull + 2 workers):
 * - the blast-radius brake holds a burst planted by a bad KPI import (a whole team's sales read as
 *   0): past the team-share limit the workflow pauses, HR admins are notified, and while held no
 *   task, mail or connector call happens; releasing starts the held runs in order, and they do
 *   everything they would have done;
 * - past a runs-per-hour limit a burst is held and discarding drops it: nothing is ever sent;
 * - the manager load cap (maxOpen 1) queues tasks; the manager sees the queue in priority order,
 *   and completing the open task releases the highest-priority queued one (periodic release).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../../engine/src/domain/demo-data.js';
import { RecorderFake } from '../contract-fakes/recorder.fake.js';
import { EngineCluster, REPO } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { asEmployee } from '../support/people.js';
import { sleep, waitFor } from '../support/wait.js';

const demo = generateDemoData({ seed: 42 });
const members = (teamId: string, family: string) => demo.org.employees.filter((e) => e.teamId === teamId && e.jobFamily === family && e.status === 'active').map((e) => e.id);
const headcount = (teamId: string) => demo.org.employees.filter((e) => e.teamId === teamId && e.status === 'active').length;
const hrAdmin = demo.org.employees.find((e) => e.roles.includes('hr_admin'))?.id as string;

let cluster: EngineCluster;
let recorder: RecorderFake;

/** trigger (one KPI) → connector call → mail → coaching task (optionally capped) → end. */
function flow(kpiId: string, loadCap?: Record<string, number>): Record<string, unknown> {
  return {
    nodes: [
      { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation', filter: { '==': [{ var: 'trigger.kpi.id' }, kpiId] } } },
      { id: 'record', kind: 'action', config: { connector: 'test-recorder', action: 'record', input: { employeeId: { var: 'trigger.employeeId' }, note: kpiId }, retry: { maxAttempts: 5, backoffMs: 200 } } },
      { id: 'tell', kind: 'notify', config: { channel: 'mail', to: [{ type: 'directManager' }], title: '{{employee.name}} {{trigger.kpi.name}}', body: '{{trigger.value}}' } },
      { id: 'coach', kind: 'task', config: { title: '辅导 {{employee.name}}', assignee: { type: 'directManager' }, dueIn: 'P7D', ...(loadCap ? { loadCap } : {}) } },
      { id: 'done', kind: 'end', config: { outcome: 'coached' } },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'record' },
      { id: 'e2', source: 'record', target: 'tell' },
      { id: 'e3', source: 'tell', target: 'coach' },
      { id: 'e4', source: 'coach', target: 'done' },
    ],
  };
}

async function publish(name: string, definition: Record<string, unknown>): Promise<number> {
  const created = await cluster.api('POST', '/api/v1/workflows', { name, definition });
  expect(created.status).toBe(201);
  expect(created.body.issues).toEqual([]);
  expect((await cluster.api('POST', `/api/v1/workflows/${created.body.id}/publish`, {})).status).toBe(201);
  return created.body.id as number;
}

async function engineCli(args: string[]): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(REPO, 'engine/bin/engine.mjs'), ...args], { cwd: REPO, env: { ...process.env, ...cluster.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let out = '';
    child.stdout?.on('data', (d) => (out += String(d)));
    child.stderr?.on('data', (d) => (err += String(d)));
    child.on('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`engine ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

async function runsOf(workflowId: number): Promise<Array<{ id: number; status: string; employeeId: string }>> {
  return (await cluster.api('GET', `/api/v1/runs?workflowId=${workflowId}&limit=200`)).body.items;
}
const tasksOf = async (workflowId: number) => ((await cluster.api('GET', '/api/v1/tasks?limit=500')).body.items as Array<{ id: number; workflowId: number; runId: number; status: string; assigneeId: string; employeeId: string }>).filter((t) => t.workflowId === workflowId);
/** Connector calls made for a KPI (the recorder notes the KPI id). */
const callsFor = (kpiId: string) => Object.values(recorder.stats.inputs).filter((i) => (i as { note?: string }).note === kpiId) as Array<{ employeeId: string }>;
async function mailsFor(names: Set<string>): Promise<number> {
  const items = (await cluster.api('GET', '/api/v1/outbox?channel=mail&limit=200')).body.items as Array<{ title: string }>;
  return items.filter((m) => [...names].some((n) => m.title.startsWith(`${n} `))).length;
}

beforeAll(async () => {
  recorder = await new RecorderFake().start();
  cluster = await EngineCluster.start({ name: `guardrails-${MODE}`, env: { RECORDER_URL: recorder.url } });
  JSON.parse(await engineCli(['demo'])); // the organisation, KPIs and their history
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
  await recorder?.stop();
});

describe(`guardrails (${MODE})`, () => {
  it('the brake holds a burst planted by a bad import; nothing is sent while held; release starts them in order', async () => {
    const wf = await publish('sales deviation → call, mail, coach', flow('sales_amount'));
    const limits = await cluster.api('PUT', `/api/v1/guardrails/workflows/${wf}/limits`, { limits: { maxTeamShare: 0.25, minAffected: 3 } });
    expect(limits.status).toBe(200);
    expect(limits.body.limits).toMatchObject({ maxTeamShare: 0.25, minAffected: 3, maxRunsPerHour: null });
    const team = members('T-SALES-1', 'sales');
    const allowed = Math.floor(0.25 * headcount('T-SALES-1'));
    const names = new Set(demo.org.employees.filter((e) => team.includes(e.id)).map((e) => e.name));

    // The bad import: everybody's sales read as 0.
    const imported = await cluster.api('POST', '/api/v1/kpi-readings', { readings: team.map((employeeId) => ({ employeeId, kpiId: 'sales_amount', period: '2026-W48', value: 0 })) });
    expect(imported.status).toBe(200);
    expect(imported.body.events).toBe(team.length);

    const guard = (await cluster.api('GET', `/api/v1/guardrails/workflows/${wf}`)).body;
    expect(guard).toMatchObject({ paused: true, held: team.length - allowed, pauseReason: { limit: 'maxTeamShare', teamId: 'T-SALES-1', allowed: 0.25 } });
    const holds = (await cluster.api('GET', `/api/v1/guardrails/holds?workflowId=${wf}`)).body.items as Array<{ runId: number; employeeId: string; evidence: { payload: { value: number } } }>;
    expect(holds).toHaveLength(team.length - allowed);
    expect(holds.every((h) => h.evidence.payload.value === 0)).toBe(true);

    // HR admins are told in-app.
    const hr = await asEmployee(cluster, hrAdmin, ['hr_admin', 'employee']);
    const inbox = await hr.api('GET', '/api/v1/notifications');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.some((n: { kind: string; payload: { workflowId: number } }) => n.kind === 'guardrail.paused' && n.payload.workflowId === wf)).toBe(true);

    // The runs under the limit did their work; the held ones did nothing — give workers time to (wrongly) act.
    await waitFor('the started runs’ calls', () => callsFor('sales_amount').length === allowed, 30_000);
    await waitFor('the started runs’ tasks', async () => (await tasksOf(wf)).length === allowed, 30_000);
    await sleep(2000);
    expect(callsFor('sales_amount')).toHaveLength(allowed);
    expect(await tasksOf(wf)).toHaveLength(allowed);
    expect(await mailsFor(names)).toBe(allowed);
    const held = (await runsOf(wf)).filter((r) => r.status === 'held');
    expect(held.map((r) => r.id).sort((a, b) => a - b)).toEqual(holds.map((h) => h.runId));

    // The HR admin releases: everything held starts now, in arrival order.
    const released = await hr.api('POST', `/api/v1/guardrails/workflows/${wf}/release`, {});
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ decided: holds.map((h) => h.runId), stillHeld: 0, paused: false });
    await waitFor('every run’s call', () => callsFor('sales_amount').length === team.length, 60_000);
    await waitFor('every run’s task', async () => (await tasksOf(wf)).length === team.length, 60_000);
    expect(new Set(callsFor('sales_amount').map((c) => c.employeeId))).toEqual(new Set(team));
    expect((await cluster.api('GET', `/api/v1/guardrails/workflows/${wf}`)).body).toMatchObject({ paused: false, held: 0, released: team.length - allowed });
    // Manager access is refused on the brake.
    const manager = await asEmployee(cluster, demo.reference.managerId);
    expect((await manager.api('POST', `/api/v1/guardrails/workflows/${wf}/release`, {})).status).toBe(403);
  });

  it('past the runs-per-hour limit a burst is held; discarding drops it and nothing is ever sent', async () => {
    const wf = await publish('delivery deviation → call, mail, coach', flow('delivery_on_time_rate'));
    expect((await cluster.api('PUT', `/api/v1/guardrails/workflows/${wf}/limits`, { limits: { maxRunsPerHour: 3 } })).status).toBe(200);
    const engineers = members('T-RND-1', 'engineering').slice(0, 8);
    expect((await cluster.api('POST', '/api/v1/kpi-readings', { readings: engineers.map((employeeId) => ({ employeeId, kpiId: 'delivery_on_time_rate', period: '2026-W48', value: 5 })) })).status).toBe(200);
    expect((await cluster.api('GET', `/api/v1/guardrails/workflows/${wf}`)).body).toMatchObject({ paused: true, held: 5, pauseReason: { limit: 'maxRunsPerHour', allowed: 3 } });
    const discarded = await cluster.api('POST', `/api/v1/guardrails/workflows/${wf}/discard`, { note: 'wrong unit in the feed' });
    expect(discarded.body).toMatchObject({ stillHeld: 0, paused: false });
    expect(discarded.body.decided).toHaveLength(5);
    await waitFor('the 3 started runs’ calls', () => callsFor('delivery_on_time_rate').length === 3, 30_000);
    await sleep(2000);
    expect(callsFor('delivery_on_time_rate')).toHaveLength(3);
    expect(await tasksOf(wf)).toHaveLength(3);
    const runs = await runsOf(wf);
    expect(runs.filter((r) => r.status === 'discarded')).toHaveLength(5);
    const kept = (await cluster.api('GET', `/api/v1/guardrails/holds?workflowId=${wf}&status=discarded`)).body.items;
    expect(kept).toHaveLength(5);
    expect(kept[0]).toMatchObject({ status: 'discarded', evidence: { payload: { value: 5, kpi: { id: 'delivery_on_time_rate' } } } });
  });

  it('the load cap queues over maxOpen; the manager sees the queue by priority; completing the open task releases the top one', async () => {
    const wf = await publish('tickets → coach (one open at a time)', flow('ticket_resolution_hours', { perWeek: 10, maxOpen: 1 }));
    const people = members('T-CS-1', 'customer_success').slice(0, 3);
    const managerId = demo.org.employees.find((e) => e.id === people[0])?.managerId as string;
    // Far above the 18 h bound, by different margins: different severities.
    const values = [30, 100, 60];
    expect((await cluster.api('POST', '/api/v1/kpi-readings', { readings: people.map((employeeId, i) => ({ employeeId, kpiId: 'ticket_resolution_hours', period: '2026-W48', value: values[i] })) })).status).toBe(200);
    await waitFor('three tasks', async () => (await tasksOf(wf)).length === 3, 30_000);
    const manager = await asEmployee(cluster, managerId);
    const queue = (await manager.api('GET', '/api/v1/me/queued-tasks')).body.items as Array<{ taskId: number; priority: number; severity: number; position: number; employeeId: string }>;
    expect(queue).toHaveLength(2);
    expect(queue[0]?.priority).toBeGreaterThan(queue[1]?.priority as number);
    const open = (await tasksOf(wf)).filter((t) => t.status === 'open');
    expect(open).toHaveLength(1);
    // Only the open one is in the inbox.
    const inbox = (await manager.api('GET', '/api/v1/inbox?filter=open')).body.tasks as Array<{ id: number }>;
    expect(inbox.map((t) => t.id)).toContain(open[0]?.id);
    expect(inbox.some((t) => queue.some((q) => q.taskId === t.id))).toBe(false);
    // A queued task cannot be completed.
    expect((await manager.api('POST', `/api/v1/tasks/${queue[0]?.taskId}/complete`, { data: {} })).status).toBe(409);
    // The manager completes the open one: the periodic release gives them the highest-priority queued task.
    expect((await manager.api('POST', `/api/v1/tasks/${open[0]?.id}/complete`, { data: {} })).status).toBe(200);
    await waitFor('the top queued task released', async () => (await tasksOf(wf)).find((t) => t.id === queue[0]?.taskId)?.status === 'open', 30_000, 200);
    const after = (await manager.api('GET', '/api/v1/me/queued-tasks')).body.items as Array<{ taskId: number }>;
    expect(after.map((t) => t.taskId)).toEqual([queue[1]?.taskId]);
    expect((await tasksOf(wf)).filter((t) => t.status === 'open')).toHaveLength(1);
  });
});
