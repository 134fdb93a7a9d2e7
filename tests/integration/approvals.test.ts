/**
 * Approvals through the API as the approvers (signed in): sequential, parallel all-of, any-of,
 * N-of-M; one rejection ends the chain; SLA escalation to the configured target (on the real clock,
 * short SLA; the controlled-clock variant is in the engine's inbox unit test); delegation;
 * comments; a GET on any approval URL changes nothing; a non-approver's POST is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineCluster } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { waitFor } from '../support/wait.js';
import { approvalFlow, asEmployee, PEOPLE_ORG, publishFlow, trigger } from '../support/people.js';

let cluster: EngineCluster;
const person = (employeeId: string) => ({ type: 'person', employeeId });

async function approvalOf(runId: number): Promise<any> {
  return waitFor(`approval of run ${runId}`, async () => (await cluster.api('GET', '/api/v1/approvals?limit=200')).body.items.find((a: { runId: number }) => a.runId === runId));
}
async function finished(runId: number): Promise<any> {
  return waitFor(`run ${runId} finished`, async () => {
    const r = await cluster.api('GET', `/api/v1/runs/${runId}`);
    return r.body.status === 'succeeded' ? r.body : null;
  });
}
const as = (id: string) => asEmployee(cluster, id);

beforeAll(async () => {
  cluster = await EngineCluster.start({ name: `approvals-${MODE}` });
  expect((await cluster.api('PUT', '/api/v1/employees', { employees: PEOPLE_ORG })).status).toBe(200);
  await publishFlow(cluster, 'sequential', approvalFlow('seq', { approvers: [person('E9001'), person('E9002')], mode: 'sequential' }));
  await publishFlow(cluster, 'all', approvalFlow('all', { approvers: [person('E9001'), person('E9002'), person('E9010')], mode: 'all' }));
  await publishFlow(cluster, 'any', approvalFlow('any', { approvers: [person('E9001'), person('E9002')], mode: 'any' }));
  await publishFlow(cluster, 'quorum', approvalFlow('quorum', { approvers: [person('E9001'), person('E9002'), person('E9010')], mode: 'quorum', quorum: 2 }));
  await publishFlow(cluster, 'sla', approvalFlow('sla', { approvers: [{ type: 'directManager' }, { type: 'hrbp' }], mode: 'sequential', sla: 'PT1S', escalateTo: { type: 'skipLevel' } }));
});

afterAll(async () => {
  await cluster?.stop();
});

describe(`approvals (${MODE})`, () => {
  it('sequential: in order only; both approve → the run goes on the approved branch', async () => {
    const [runId] = await trigger(cluster, 'E9003', 'seq');
    const a = await approvalOf(runId as number);
    expect(a).toMatchObject({ mode: 'sequential', approvers: ['E9001', 'E9002'], waitingFor: ['E9001'], status: 'pending' });
    const notYet = await (await as('E9002')).api('POST', `/api/v1/approvals/${a.id}/decisions`, { decision: 'approved' });
    expect(notYet.status).toBe(409);
    expect(notYet.body.error.code).toBe('NOT_YOUR_TURN');
    const first = await (await as('E9001')).api('POST', `/api/v1/approvals/${a.id}/decisions`, { decision: 'approved', comment: '同意 agreed' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'pending', waitingFor: ['E9002'] });
    // the next approver is told
    await waitFor('request to E9002', async () => (await (await as('E9002')).api('GET', '/api/v1/notifications')).body.items.find((n: { kind: string; payload: { itemId: number } }) => n.kind === 'approval.requested' && n.payload.itemId === a.id));
    expect((await (await as('E9001')).api('POST', `/api/v1/approvals/${a.id}/decisions`, { decision: 'approved' })).body.error.code).toBe('ALREADY_DECIDED');
    const second = await (await as('E9002')).api('POST', `/api/v1/approvals/${a.id}/decisions`, { decision: 'approved' });
    expect(second.body.status).toBe('approved');
    expect(second.body.decisions.map((d: { by: string; decision: string }) => [d.by, d.decision])).toEqual([['E9001', 'approved'], ['E9002', 'approved']]);
    expect((await finished(runId as number)).outcome).toBe('approved');
  });

  it('parallel all-of: any order; one rejection ends the chain on the rejected branch', async () => {
    const [okRun] = await trigger(cluster, 'E9003', 'all');
    const ok = await approvalOf(okRun as number);
    for (const id of ['E9010', 'E9001', 'E9002']) expect((await (await as(id)).api('POST', `/api/v1/approvals/${ok.id}/decisions`, { decision: 'approved' })).status).toBe(200);
    expect((await finished(okRun as number)).outcome).toBe('approved');

    const [noRun] = await trigger(cluster, 'E9003', 'all');
    const no = await approvalOf(noRun as number);
    expect((await (await as('E9002')).api('POST', `/api/v1/approvals/${no.id}/decisions`, { decision: 'approved' })).body.status).toBe('pending');
    const rejected = await (await as('E9010')).api('POST', `/api/v1/approvals/${no.id}/decisions`, { decision: 'rejected', comment: '预算不足 no budget' });
    expect(rejected.body.status).toBe('rejected');
    expect((await finished(noRun as number)).outcome).toBe('rejected');
    expect((await (await as('E9001')).api('POST', `/api/v1/approvals/${no.id}/decisions`, { decision: 'approved' })).status).toBe(409);
  });

  it('any-of: the first decision wins; N-of-M: two of three', async () => {
    const [anyRun] = await trigger(cluster, 'E9003', 'any');
    const any = await approvalOf(anyRun as number);
    expect((await (await as('E9002')).api('POST', `/api/v1/approvals/${any.id}/decisions`, { decision: 'rejected' })).body.status).toBe('rejected');
    expect((await finished(anyRun as number)).outcome).toBe('rejected');

    const [qRun] = await trigger(cluster, 'E9003', 'quorum');
    const q = await approvalOf(qRun as number);
    expect((await (await as('E9001')).api('POST', `/api/v1/approvals/${q.id}/decisions`, { decision: 'rejected' })).body.status).toBe('pending');
    expect((await (await as('E9002')).api('POST', `/api/v1/approvals/${q.id}/decisions`, { decision: 'approved' })).body.status).toBe('pending');
    expect((await (await as('E9010')).api('POST', `/api/v1/approvals/${q.id}/decisions`, { decision: 'approved' })).body.status).toBe('approved');
    expect((await finished(qRun as number)).outcome).toBe('approved');
  });

  it('a GET on any approval URL changes nothing; a non-approver’s POST is refused', async () => {
    const [runId] = await trigger(cluster, 'E9003', 'any');
    const a = await approvalOf(runId as number);
    const approver = await as('E9001');
    const before = (await cluster.api('GET', `/api/v1/approvals/${a.id}`)).body;
    const urls = [
      `/api/v1/approvals/${a.id}`,
      `/api/v1/approvals/${a.id}/decisions`,
      `/api/v1/approvals/${a.id}/decisions?decision=approved`,
      `/api/v1/approvals/${a.id}/comments`,
      `/api/v1/approvals/${a.id}/comments?text=hi`,
      `/api/v1/approvals/${a.id}/external`,
      `/api/v1/approvals/${a.id}?decision=approved`,
      `/api/v1/approvals?decision=approved`,
    ];
    for (const url of urls) {
      for (const who of [approver, cluster]) {
        const res = await who.api('GET', url);
        expect(res.status, url).not.toBe(500);
        expect([200, 400, 403, 404, 405], url).toContain(res.status);
      }
      // a HEAD (as link previewers send) is no different
      expect((await approver.api('HEAD', url)).status).not.toBe(500);
    }
    const after = (await cluster.api('GET', `/api/v1/approvals/${a.id}`)).body;
    expect(after.status).toBe('pending');
    expect(after.decisions).toEqual([]);
    expect(after.history).toEqual(before.history);
    expect((await cluster.api('GET', `/api/v1/runs/${runId}`)).body.status).toBe('waiting');
    // a POST by someone who is not an approver: refused (404: the approval is not theirs), state unchanged
    const outsider = await as('E9004');
    expect((await outsider.api('POST', `/api/v1/approvals/${a.id}/decisions`, { decision: 'approved' })).status).toBe(404);
    // the admin is no approver either
    expect((await cluster.api('POST', `/api/v1/approvals/${a.id}/decisions`, { decision: 'approved' })).status).toBe(404);
    // the old unauthenticated form, naming an approver in the body, is gone
    expect((await cluster.as(null).api('POST', `/api/v1/approvals/${a.id}/decisions`, { actor: 'E9001', decision: 'approved' })).status).toBe(401);
    expect((await cluster.api('GET', `/api/v1/approvals/${a.id}`)).body.status).toBe('pending');
  });

  it('escalates past the SLA to the target, who decides on behalf of the overdue approver; comments are kept', async () => {
    const [runId] = await trigger(cluster, 'E9003', 'sla');
    const a = await approvalOf(runId as number);
    expect(a.approvers).toEqual(['E9001', 'E9002']);
    const escalated = await waitFor('SLA escalation', async () => {
      const x = (await cluster.api('GET', `/api/v1/approvals/${a.id}`)).body;
      return x.escalatedTo ? x : null;
    }, 20_000);
    expect(escalated).toMatchObject({ escalatedTo: 'E9000', escalationLevel: 1, status: 'pending' });
    expect(escalated.history.find((h: { type: string }) => h.type === 'escalated')).toMatchObject({ fromId: 'E9001', toId: 'E9000' });
    const ceo = await as('E9000');
    await waitFor('escalation notice', async () => (await ceo.api('GET', '/api/v1/notifications')).body.items.find((n: { kind: string }) => n.kind === 'approval.escalated'));
    expect((await ceo.api('POST', `/api/v1/approvals/${a.id}/comments`, { text: '我来处理 taking over' })).status).toBe(200);
    const decided = await ceo.api('POST', `/api/v1/approvals/${a.id}/decisions`, { decision: 'approved' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    expect(decided.body.decisions[0]).toMatchObject({ by: 'E9001', actedBy: 'E9000', decision: 'approved' });
    const history = (await cluster.api('GET', `/api/v1/approvals/${a.id}`)).body.history;
    expect(history.find((h: { type: string }) => h.type === 'commented').detail.text).toBe('我来处理 taking over');
    expect(history.find((h: { type: string }) => h.type === 'decided')).toMatchObject({ actorId: 'E9000', onBehalfOf: 'E9001' });
    const audit = (await cluster.api('GET', `/api/v1/audit?action=approval.decide&targetId=${a.id}`)).body.items[0];
    expect(audit.actor.onBehalfOf).toBe('E9001');
    expect(audit.details).toMatchObject({ decision: 'approved', onBehalfOf: 'E9001' });
  });

  it('a delegate decides for an absent approver', async () => {
    const [runId] = await trigger(cluster, 'E9003', 'seq');
    const a = await approvalOf(runId as number);
    const hrbp = await as('E9002');
    const until = new Date(Date.now() + 86_400_000).toISOString();
    expect((await hrbp.api('POST', '/api/v1/delegations', { delegateId: 'E9004', endsAt: until, reason: '出差 travelling' })).status).toBe(201);
    const chen = await as('E9004');
    // not the delegate's turn yet: E9001 first
    expect((await chen.api('POST', `/api/v1/approvals/${a.id}/decisions`, { decision: 'approved' })).status).toBe(409);
    expect((await (await as('E9001')).api('POST', `/api/v1/approvals/${a.id}/decisions`, { decision: 'approved' })).status).toBe(200);
    const inbox = await chen.api('GET', '/api/v1/inbox');
    expect(inbox.body.approvals.map((x: { id: number }) => x.id)).toContain(a.id);
    const d = await chen.api('POST', `/api/v1/approvals/${a.id}/decisions`, { decision: 'approved' });
    expect(d.body.status).toBe('approved');
    expect(d.body.decisions[1]).toMatchObject({ by: 'E9002', actedBy: 'E9004' });
    expect((await finished(runId as number)).outcome).toBe('approved');
  });
});
