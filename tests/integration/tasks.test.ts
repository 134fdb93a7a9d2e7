/**
 * Tasks, end to end through the API as the people involved (signed in): assignee resolution for
 * each rule, the inbox with its filters, claim, form validation, completion resuming the run and
 * chaining coaching → training, reassignment with a reason, delegation while absent (on behalf
 * of, in the history), and reminders and escalation to the next level on the real clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineCluster } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { waitFor } from '../support/wait.js';
import { asEmployee, GROW_DATA, PEOPLE_ORG, publishFlow, taskFlow, tokenFor, trigger } from '../support/people.js';

let cluster: EngineCluster;

async function taskOf(runId: number): Promise<any> {
  return waitFor(`task of run ${runId}`, async () => (await cluster.api('GET', `/api/v1/tasks?runId=${runId}`)).body.items[0]);
}

beforeAll(async () => {
  cluster = await EngineCluster.start({ name: `tasks-${MODE}` });
  expect((await cluster.api('PUT', '/api/v1/employees', { employees: PEOPLE_ORG })).status).toBe(200);
  const rules: Array<[string, Record<string, unknown>]> = [
    ['directManager', { type: 'directManager' }],
    ['skipLevel', { type: 'skipLevel' }],
    ['hrbp', { type: 'hrbp' }],
    ['role', { type: 'role', role: 'hr_admin' }],
    ['person', { type: 'person', employeeId: 'E9004' }],
    ['employee', { type: 'employee' }],
  ];
  for (const [kpiId, assignee] of rules) await publishFlow(cluster, `assign ${kpiId}`, taskFlow(kpiId, { assignee, dueIn: 'P7D' }));
  await publishFlow(cluster, 'coach', taskFlow('coach', { assignee: { type: 'directManager' }, dueIn: 'P7D', form: 'GROW' }));
  await publishFlow(cluster, 'soon', taskFlow('soon', { assignee: { type: 'directManager' }, dueIn: 'PT2S' }));
  // coaching → training: a training.requested event (from the GROW record's conclusion) starts this one.
  await publishFlow(cluster, 'training', {
    nodes: [
      { id: 'trigger', kind: 'trigger', config: { event: 'training.requested' } },
      { id: 'done', kind: 'end', config: { outcome: 'enrolled' } },
    ],
    edges: [{ id: 'e1', source: 'trigger', target: 'done' }],
  });
});

afterAll(async () => {
  await cluster?.stop();
});

describe(`tasks (${MODE})`, () => {
  it('resolves the assignee for each rule from the directory', async () => {
    const expected: Record<string, string> = { directManager: 'E9001', skipLevel: 'E9000', hrbp: 'E9002', role: 'E9002', person: 'E9004', employee: 'E9003' };
    for (const [kpiId, assignee] of Object.entries(expected)) {
      const [runId] = await trigger(cluster, 'E9003', kpiId);
      const task = await taskOf(runId as number);
      expect(task.assigneeId, kpiId).toBe(assignee);
      expect(task.employeeId).toBe('E9003');
      expect(task.evidence.payload.readings).toHaveLength(3);
    }
  });

  it('lists the signed-in manager’s inbox with open / due soon / overdue filters', async () => {
    const manager = await asEmployee(cluster, 'E9001');
    const [runId] = await trigger(cluster, 'E9004', 'coach');
    const task = await taskOf(runId as number);
    const open = await manager.api('GET', '/api/v1/inbox?filter=open');
    expect(open.status).toBe(200);
    expect(open.body.tasks.map((t: { id: number }) => t.id)).toContain(task.id);
    expect(open.body.tasks.every((t: { assigneeId: string }) => t.assigneeId === 'E9001')).toBe(true);
    expect(open.body.counts.open).toBeGreaterThanOrEqual(2);
    // due in 7 days: "due soon" within 8 days, not within 1 day; not overdue
    expect((await manager.api('GET', '/api/v1/inbox?filter=dueSoon&dueSoonHours=192')).body.tasks.map((t: { id: number }) => t.id)).toContain(task.id);
    expect((await manager.api('GET', '/api/v1/inbox?filter=dueSoon&dueSoonHours=24')).body.tasks.map((t: { id: number }) => t.id)).not.toContain(task.id);
    expect((await manager.api('GET', '/api/v1/inbox?filter=overdue')).body.tasks.map((t: { id: number }) => t.id)).not.toContain(task.id);
    // Chen Jing's own inbox does not have her manager's task
    const chen = await asEmployee(cluster, 'E9004', ['employee']);
    expect((await chen.api('GET', '/api/v1/inbox')).body.tasks.map((t: { id: number }) => t.id)).not.toContain(task.id);
  });

  it('validates the form, completes as the signed-in manager, resumes the run and chains coaching → training', async () => {
    const manager = await asEmployee(cluster, 'E9001');
    const [runId] = await trigger(cluster, 'E9003', 'coach');
    const task = await taskOf(runId as number);
    expect(task.form).toBe('GROW');

    const missing = await manager.api('POST', `/api/v1/tasks/${task.id}/complete`, { data: { goal: 'only a goal' } });
    expect(missing.status).toBe(422);
    expect(missing.body.error.code).toBe('FORM_INVALID');
    expect(missing.body.error.details.issues.map((i: { field: string }) => i.field).sort()).toEqual(['options', 'reality', 'will']);
    const unknown = await manager.api('POST', `/api/v1/tasks/${task.id}/complete`, { data: { ...GROW_DATA, mood: 'x' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.issues[0]).toMatchObject({ field: 'mood', code: 'unknown_field' });
    // the body may not name someone else as the actor any more
    expect((await manager.api('POST', `/api/v1/tasks/${task.id}/complete`, { actor: 'E9002', data: GROW_DATA })).status).toBe(400);
    // the employee the task is about sees it, but cannot complete it
    const lilei = await asEmployee(cluster, 'E9003', ['employee']);
    expect((await lilei.api('GET', `/api/v1/tasks/${task.id}`)).status).toBe(200);
    expect((await lilei.api('POST', `/api/v1/tasks/${task.id}/complete`, { data: GROW_DATA })).status).toBe(404);
    expect((await cluster.api('GET', `/api/v1/tasks/${task.id}`)).body.status).toBe('open');

    const done = await manager.api('POST', `/api/v1/tasks/${task.id}/complete`, {
      data: { ...GROW_DATA, conclusions: { training: { competency: '客户异议处理 objection handling' } } },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'completed', completedBy: 'E9001', onBehalfOf: null });
    const run = await waitFor('run finished', async () => {
      const r = await cluster.api('GET', `/api/v1/runs/${runId}`);
      return r.body.status === 'succeeded' ? r.body : null;
    });
    expect(run.steps.map((s: { nodeId: string }) => s.nodeId)).toEqual(['trigger', 'work', 'done']);
    expect(run.steps[1].output).toMatchObject({ completedBy: 'E9001' });
    // the GROW record's training conclusion chained on
    const training = await waitFor('training run', async () => (await cluster.api('GET', '/api/v1/runs?limit=50')).body.items.find((r: { workflowName: string; employeeId: string }) => r.workflowName === 'training' && r.employeeId === 'E9003'));
    expect(training).toBeTruthy();
    expect((await manager.api('POST', `/api/v1/tasks/${task.id}/complete`, { data: GROW_DATA })).status).toBe(409);
    const history = (await cluster.api('GET', `/api/v1/tasks/${task.id}`)).body.history;
    expect(history.at(-1)).toMatchObject({ type: 'completed', actorId: 'E9001', onBehalfOf: null });
  });

  it('claims, then reassigns with a reason: the new assignee completes, the old one no longer can', async () => {
    const manager = await asEmployee(cluster, 'E9001');
    const [runId] = await trigger(cluster, 'E9004', 'directManager');
    const task = await taskOf(runId as number);
    const claimed = await manager.api('POST', `/api/v1/tasks/${task.id}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.claimedBy).toBe('E9001');
    expect((await manager.api('POST', `/api/v1/tasks/${task.id}/reassign`, { to: 'E9404', reason: 'x' })).status).toBe(400);
    const moved = await manager.api('POST', `/api/v1/tasks/${task.id}/reassign`, { to: 'E9010', reason: '周杰更熟悉这个客户 Zhou knows the account' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ assigneeId: 'E9010', claimedBy: null });
    expect((await manager.api('POST', `/api/v1/tasks/${task.id}/complete`, { data: {} })).status).toBe(404);
    const zhou = await asEmployee(cluster, 'E9010');
    expect((await zhou.api('GET', '/api/v1/notifications')).body.items.some((n: { kind: string; payload: { itemId: number } }) => n.kind === 'task.reassigned' && n.payload.itemId === task.id)).toBe(true);
    expect((await zhou.api('POST', `/api/v1/tasks/${task.id}/complete`, { data: { note: 'done' } })).status).toBe(200);
    const history = (await cluster.api('GET', `/api/v1/tasks/${task.id}`)).body.history.map((h: { type: string; fromId: string; toId: string; detail: { reason?: string } }) => [h.type, h.fromId, h.toId, h.detail?.reason ?? null]);
    expect(history).toEqual([
      ['claimed', null, null, null],
      ['reassigned', 'E9001', 'E9010', '周杰更熟悉这个客户 Zhou knows the account'],
      ['completed', null, null, null],
    ]);
  });

  it('a delegate acts while the assignee is away; history and audit keep “on behalf of”', async () => {
    const manager = await asEmployee(cluster, 'E9001');
    const chen = await asEmployee(cluster, 'E9004', ['employee']);
    const [runId] = await trigger(cluster, 'E9003', 'directManager');
    const task = await taskOf(runId as number);
    expect((await chen.api('POST', `/api/v1/tasks/${task.id}/complete`, { data: {} })).status).toBe(404);
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const delegation = await manager.api('POST', '/api/v1/delegations', { delegateId: 'E9004', endsAt: until, reason: '休假 on leave' });
    expect(delegation.status).toBe(201);
    // only hr_admin may set one up for someone else
    expect((await chen.api('POST', '/api/v1/delegations', { delegatorId: 'E9001', delegateId: 'E9004', endsAt: until })).status).toBe(403);
    expect((await chen.api('GET', '/api/v1/inbox')).body.tasks.map((t: { id: number }) => t.id)).toContain(task.id);
    const done = await chen.api('POST', `/api/v1/tasks/${task.id}/complete`, { data: { note: 'handled while Han is away' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ completedBy: 'E9004', onBehalfOf: 'E9001' });
    const t = (await cluster.api('GET', `/api/v1/tasks/${task.id}`)).body;
    expect(t.onBehalfOf).toBe('E9001');
    expect(t.history.at(-1)).toMatchObject({ type: 'completed', actorId: 'E9004', onBehalfOf: 'E9001' });
    const audit = (await cluster.api('GET', `/api/v1/audit?action=task.complete&targetType=task&targetId=${task.id}`)).body.items[0];
    expect(audit.actor).toMatchObject({ type: 'user', onBehalfOf: 'E9001' });
    // revoked: the delegate no longer acts
    expect((await manager.api('DELETE', `/api/v1/delegations/${delegation.body.id}`)).status).toBe(200);
    const [run2] = await trigger(cluster, 'E9003', 'directManager');
    const task2 = await taskOf(run2 as number);
    expect((await chen.api('POST', `/api/v1/tasks/${task2.id}/complete`, { data: {} })).status).toBe(404);
  });

  it('reminds before the due date and escalates an overdue task to the manager’s manager', async () => {
    const [runId] = await trigger(cluster, 'E9003', 'soon');
    const task = await taskOf(runId as number);
    expect(task.assigneeId).toBe('E9001');
    const manager = await asEmployee(cluster, 'E9001');
    const ceo = cluster.as(await tokenFor(cluster, { employeeId: 'E9000', roles: ['manager', 'executive'] }));
    // due in 2 s, so within the reminder window at once
    const reminder = await waitFor('reminder', async () => (await manager.api('GET', '/api/v1/notifications')).body.items.find((n: { kind: string; payload: { itemId: number } }) => n.kind === 'task.reminder' && n.payload.itemId === task.id));
    expect(reminder.title).toContain('任务即将到期');
    const escalated = await waitFor('escalated', async () => {
      const t = (await cluster.api('GET', `/api/v1/tasks/${task.id}`)).body;
      return t.escalatedTo ? t : null;
    }, 20_000);
    expect(escalated).toMatchObject({ escalatedTo: 'E9000', escalationLevel: 1, status: 'open' });
    expect(escalated.history.find((h: { type: string }) => h.type === 'escalated')).toMatchObject({ fromId: 'E9001', toId: 'E9000' });
    const notice = await waitFor('escalation notice', async () => (await ceo.api('GET', '/api/v1/notifications')).body.items.find((n: { kind: string }) => n.kind === 'task.escalated'));
    expect(notice.body).toContain('李雷');
    expect((await ceo.api('GET', '/api/v1/inbox?filter=overdue')).body.tasks.map((t: { id: number }) => t.id)).toContain(task.id);
    // the next level may act: completes on behalf of the assignee
    const done = await ceo.api('POST', `/api/v1/tasks/${task.id}/complete`, { data: {} });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ completedBy: 'E9000', onBehalfOf: 'E9001' });
  });
});
