/**
 * Approval chains that tolerate rejections (`maxRejections` on the approval node): a tolerated
 * rejection is recorded with its comment (decisions, history, audit) and the chain goes on — a
 * sequential chain asks the next approver, an all-of chain waits for the others — and the run
 * resumes on the branch of the final outcome. The validator reports a tolerance no chain can use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineCluster } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { waitFor } from '../support/wait.js';
import { approvalFlow, asEmployee, PEOPLE_ORG, publishFlow, trigger } from '../support/people.js';

let cluster: EngineCluster;
const person = (employeeId: string) => ({ type: 'person', employeeId });
const THREE = [person('E9001'), person('E9002'), person('E9010')];

async function approvalOf(runId: number): Promise<any> {
  return waitFor(`approval of run ${runId}`, async () => (await cluster.api('GET', '/api/v1/approvals?limit=200')).body.items.find((a: { runId: number }) => a.runId === runId));
}
async function finished(runId: number): Promise<any> {
  return waitFor(`run ${runId} finished`, async () => {
    const r = await cluster.api('GET', `/api/v1/runs/${runId}`);
    return r.body.status === 'succeeded' ? r.body : null;
  });
}
/** The end node the run reached (`yes` on approved, `no` on rejected). */
const endOf = (run: { steps: Array<{ nodeId: string; status: string }> }) => run.steps.filter((s) => s.nodeId === 'yes' || s.nodeId === 'no').map((s) => s.nodeId);
const decide = async (who: string, id: number, decision: 'approved' | 'rejected', comment?: string) =>
  (await asEmployee(cluster, who)).api('POST', `/api/v1/approvals/${id}/decisions`, { decision, ...(comment ? { comment } : {}) });

beforeAll(async () => {
  cluster = await EngineCluster.start({ name: `approval-rejections-${MODE}` });
  expect((await cluster.api('PUT', '/api/v1/employees', { employees: PEOPLE_ORG })).status).toBe(200);
  await publishFlow(cluster, 'seq tolerates one', approvalFlow('seq1', { approvers: THREE, mode: 'sequential', maxRejections: 1 }));
  await publishFlow(cluster, 'all tolerates one', approvalFlow('all1', { approvers: THREE, mode: 'all', maxRejections: 1 }));
  await publishFlow(cluster, 'any tolerates one', approvalFlow('any1', { approvers: THREE, mode: 'any', maxRejections: 1 }));
});

afterAll(async () => {
  await cluster?.stop();
});

describe(`approval rejection tolerance (${MODE})`, () => {
  it('sequential: a tolerated rejection moves on to the next approver; approved once the others approve', async () => {
    const [runId] = await trigger(cluster, 'E9003', 'seq1');
    const a = await approvalOf(runId as number);
    expect(a).toMatchObject({ mode: 'sequential', maxRejections: 1, approvers: ['E9001', 'E9002', 'E9010'], waitingFor: ['E9001'] });

    const first = await decide('E9001', a.id, 'rejected', '目标不现实 target unrealistic');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ status: 'pending', waitingFor: ['E9002'] });
    expect(first.body.decisions).toEqual([expect.objectContaining({ by: 'E9001', decision: 'rejected', comment: '目标不现实 target unrealistic' })]);
    // the run still waits, and the next approver is asked
    expect((await cluster.api('GET', `/api/v1/runs/${runId}`)).body.status).toBe('waiting');
    await waitFor('request to E9002', async () =>
      (await (await asEmployee(cluster, 'E9002')).api('GET', '/api/v1/notifications')).body.items.find((n: { kind: string; payload: { itemId: number } }) => n.kind === 'approval.requested' && n.payload.itemId === a.id),
    );
    // the rejection is in the history and the audit log, with its comment and an open outcome
    const history = (await cluster.api('GET', `/api/v1/approvals/${a.id}`)).body.history;
    expect(history.find((h: { type: string }) => h.type === 'decided')).toMatchObject({ actorId: 'E9001', detail: { decision: 'rejected', comment: '目标不现实 target unrealistic', outcome: null } });
    const audit = (await cluster.api('GET', `/api/v1/audit?action=approval.decide&targetId=${a.id}`)).body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ decision: 'rejected', comment: '目标不现实 target unrealistic', outcome: null });

    expect((await decide('E9010', a.id, 'approved')).body.error.code).toBe('NOT_YOUR_TURN');
    expect((await decide('E9002', a.id, 'approved')).body).toMatchObject({ status: 'pending', waitingFor: ['E9010'] });
    const last = await decide('E9010', a.id, 'approved');
    expect(last.body.status).toBe('approved');
    expect(last.body.decisions.map((d: { by: string; decision: string }) => [d.by, d.decision])).toEqual([['E9001', 'rejected'], ['E9002', 'approved'], ['E9010', 'approved']]);
    const run = await finished(runId as number);
    expect(run.outcome).toBe('approved');
    expect(endOf(run)).toEqual(['yes']);
    expect((await cluster.api('GET', `/api/v1/audit?action=approval.decide&targetId=${a.id}`)).body.items[0].details).toMatchObject({ decision: 'approved', outcome: 'approved' });
  });

  it('sequential: a second rejection is beyond the tolerance and ends the chain on the rejected branch', async () => {
    const [runId] = await trigger(cluster, 'E9003', 'seq1');
    const a = await approvalOf(runId as number);
    expect((await decide('E9001', a.id, 'approved')).body.status).toBe('pending');
    expect((await decide('E9002', a.id, 'rejected', 'no')).body.status).toBe('pending');
    const second = await decide('E9010', a.id, 'rejected', '同样反对 also against');
    expect(second.body.status).toBe('rejected');
    const run = await finished(runId as number);
    expect(run.outcome).toBe('rejected');
    expect(endOf(run)).toEqual(['no']);
  });

  it('all-of: waits for the others after a tolerated rejection; a second rejection ends it', async () => {
    const [okRun] = await trigger(cluster, 'E9003', 'all1');
    const ok = await approvalOf(okRun as number);
    const rejected = await decide('E9010', ok.id, 'rejected', '需要更多数据 need more data');
    expect(rejected.body).toMatchObject({ status: 'pending', waitingFor: ['E9001', 'E9002'] });
    expect((await decide('E9002', ok.id, 'approved')).body.status).toBe('pending');
    expect((await decide('E9001', ok.id, 'approved')).body.status).toBe('approved');
    expect(endOf(await finished(okRun as number))).toEqual(['yes']);

    const [noRun] = await trigger(cluster, 'E9003', 'all1');
    const no = await approvalOf(noRun as number);
    expect((await decide('E9001', no.id, 'rejected')).body.status).toBe('pending');
    expect((await decide('E9002', no.id, 'rejected')).body.status).toBe('rejected');
    // the chain is closed: the last approver cannot decide any more
    expect((await decide('E9010', no.id, 'approved')).status).toBe(409);
    expect(endOf(await finished(noRun as number))).toEqual(['no']);
  });

  it('any-of: a tolerated rejection waits for another approver, whose approval wins', async () => {
    const [runId] = await trigger(cluster, 'E9003', 'any1');
    const a = await approvalOf(runId as number);
    expect((await decide('E9002', a.id, 'rejected')).body.status).toBe('pending');
    expect((await decide('E9010', a.id, 'approved')).body.status).toBe('approved');
    expect(endOf(await finished(runId as number))).toEqual(['yes']);
  });

  it('the validator reports a tolerance the approvers cannot use, and a malformed one', async () => {
    const tooMany = await cluster.api('POST', '/api/v1/workflows', { name: 'tolerates all', definition: approvalFlow('x', { approvers: [person('E9001'), person('E9002')], mode: 'all', maxRejections: 2 }) });
    expect(tooMany.status).toBe(201);
    expect(tooMany.body.issues).toEqual([expect.objectContaining({ code: 'INVALID_CONFIG', nodeId: 'approve', path: 'config.maxRejections', severity: 'error' })]);
    const publish = await cluster.api('POST', `/api/v1/workflows/${tooMany.body.id}/publish`, {});
    expect(publish.status).toBe(422);
    const negative = await cluster.api('POST', '/api/v1/workflows/validate', { definition: approvalFlow('x', { approvers: THREE, mode: 'sequential', maxRejections: 'one' }) });
    expect(negative.body.publishable).toBe(false);
    expect(negative.body.issues.map((i: { path: string }) => i.path)).toContain('config.maxRejections');
  });
});
