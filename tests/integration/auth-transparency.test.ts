/**
 * Employee transparency: Li Lei, signed in, sees the runs, tasks and approvals about him with their
 * evidence and the "why" (the run explanation), files an objection that reaches his HRBP as a task
 * (and gets the answer back), and exports his own data as JSON — nothing about anyone else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineCluster } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { waitFor } from '../support/wait.js';
import { approvalFlow, PEOPLE_ORG, publishFlow, roleTokens, taskFlow, trigger, type RoleName } from '../support/people.js';

let cluster: EngineCluster;
let tokens: Record<RoleName, string>;
let liRun: number;
let chenRun: number;

beforeAll(async () => {
  cluster = await EngineCluster.start({ name: `transparency-${MODE}` });
  expect((await cluster.api('PUT', '/api/v1/employees', { employees: PEOPLE_ORG })).status).toBe(200);
  tokens = await roleTokens(cluster);
  await publishFlow(cluster, 'KPI → coaching', taskFlow('coach', { assignee: { type: 'directManager' }, dueIn: 'P7D', form: 'GROW' }));
  await publishFlow(cluster, 'rotation approval', approvalFlow('rotate', { approvers: [{ type: 'skipLevel' }, { type: 'hrbp' }], mode: 'sequential' }));
  [liRun] = (await trigger(cluster, 'E9003', 'coach')) as [number];
  [chenRun] = (await trigger(cluster, 'E9004', 'coach')) as [number];
  await trigger(cluster, 'E9003', 'rotate');
  await waitFor('tasks', async () => (await cluster.api('GET', '/api/v1/tasks')).body.items.length >= 2 || null);
  await waitFor('approval', async () => (await cluster.api('GET', '/api/v1/approvals')).body.items.length >= 1 || null);
});

afterAll(async () => {
  await cluster?.stop();
});

describe(`employee transparency (${MODE})`, () => {
  it('shows the runs, tasks and approvals about me, with evidence and the explanation', async () => {
    const me = cluster.as(tokens.employee);
    const runs = (await me.api('GET', '/api/v1/me/runs')).body.items;
    expect(runs.length).toBe(2);
    expect(runs.every((r: { employeeId: string }) => r.employeeId === 'E9003')).toBe(true);
    const coaching = runs.find((r: { id: number }) => r.id === liRun);
    expect(coaching.links.explanation).toBe(`/api/v1/runs/${liRun}/explanation`);
    const why = await me.api('GET', coaching.links.explanation);
    expect(why.status).toBe(200);
    expect(JSON.stringify(why.body)).toContain('kpi.deviation');
    const tasks = (await me.api('GET', '/api/v1/me/tasks')).body.items;
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ employeeId: 'E9003', assigneeId: 'E9001', form: 'GROW' });
    expect(tasks[0].evidence.payload.readings).toHaveLength(3);
    expect(tasks[0].evidence.payload.employeeId).toBe('E9003');
    const approvals = (await me.api('GET', '/api/v1/me/approvals')).body.items;
    expect(approvals).toHaveLength(1);
    expect(approvals[0]).toMatchObject({ approvers: ['E9000', 'E9002'], status: 'pending', links: { explanation: expect.stringContaining('/explanation') } });
    // someone else's run and its explanation are not found for me
    expect((await me.api('GET', `/api/v1/runs/${chenRun}/explanation`)).status).toBe(404);
  });

  it('files an objection that reaches the HRBP as a task, and brings the answer back', async () => {
    const me = cluster.as(tokens.employee);
    expect((await me.api('POST', '/api/v1/me/objections', { kind: 'objection', subjectType: 'run', subjectId: String(chenRun), text: 'x' })).status).toBe(404);
    const filed = await me.api('POST', '/api/v1/me/objections', { kind: 'objection', subjectType: 'run', subjectId: String(liRun), text: '第三周的数据漏记了一笔大单 a large order is missing from week 3' });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ employeeId: 'E9003', status: 'open', hrbpId: 'E9002' });
    const hrbp = cluster.as(tokens.hr);
    const inbox = (await hrbp.api('GET', '/api/v1/inbox')).body.tasks;
    const task = inbox.find((t: { id: number }) => t.id === filed.body.taskId);
    expect(task).toMatchObject({ kind: 'objection', assigneeId: 'E9002', employeeId: 'E9003', priority: 'high' });
    expect(task.description).toContain('大单');
    const notice = (await hrbp.api('GET', '/api/v1/notifications')).body.items.find((n: { kind: string }) => n.kind === 'objection.filed');
    expect(notice.body).toContain('李雷');
    // the manager does not get to answer it
    expect((await cluster.as(tokens.manager).api('POST', `/api/v1/tasks/${task.id}/complete`, { data: { response: 'no' } })).status).toBe(404);
    expect((await hrbp.api('POST', `/api/v1/tasks/${task.id}/complete`, { data: {} })).status).toBe(422);
    const answered = await hrbp.api('POST', `/api/v1/tasks/${task.id}/complete`, { data: { response: '已核实并补录 verified and added' } });
    expect(answered.status).toBe(200);
    expect(answered.body.status).toBe('completed');
    const mine = (await me.api('GET', '/api/v1/me/objections')).body.items[0];
    expect(mine).toMatchObject({ status: 'answered', response: '已核实并补录 verified and added', respondedBy: 'E9002' });
    const told = await waitFor('answer notice', async () => (await me.api('GET', '/api/v1/notifications')).body.items.find((n: { kind: string }) => n.kind === 'objection.answered'));
    expect(told.body).toContain('已核实并补录');
    // a comment in general reaches the HRBP too
    expect((await me.api('POST', '/api/v1/me/objections', { kind: 'comment', subjectType: 'general', text: '希望多一些培训 more training please' })).status).toBe(201);
  });

  it('exports my own data as JSON, and nobody else’s', async () => {
    const res = await cluster.as(tokens.employee).api('GET', '/api/v1/me/export');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const data = res.body;
    expect(data.account).toMatchObject({ email: 'e9003@coachflow.test', roles: ['employee'] });
    expect(JSON.stringify(data.account)).not.toMatch(/scrypt|passwordHash/);
    expect(data.employee).toMatchObject({ id: 'E9003', name: '李雷 Li Lei' });
    expect(data.runs.map((r: { id: number }) => r.id).sort()).toHaveLength(2);
    expect(data.tasksAboutMe.length).toBeGreaterThanOrEqual(1);
    expect(data.approvalsAboutMe).toHaveLength(1);
    expect(data.objections).toHaveLength(2);
    expect(data.signIns.length).toBeGreaterThanOrEqual(1);
    const text = JSON.stringify(data);
    expect(text).not.toContain('陈静');
    expect(text).not.toContain(`"employeeId":"E9004"`);
  });
});
