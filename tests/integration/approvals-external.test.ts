/**
 * External approvals (issue 5): a published workflow routes its approval node to Feishu or DingTalk
 * (the contract fakes, over loopback); the run waits and resumes on the external decision.
 * - the instance is started through the plugin's createInstance with the step's idempotency key
 *   (Feishu `uuid`) and the mapped form; the instance id is recorded on the approval;
 * - callbacks: URL verification, valid signatures → decision, invalid signatures → 401 and nothing
 *   changes, duplicates → applied once (`callback_event` dedupe);
 * - a dropped callback is recovered by reconciliation (getInstance after COACHFLOW_EXTERNAL_RECONCILE_MS);
 * - cancelled / terminated in the external system → the `rejected` branch, with the reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '@coachflow/model';
import { EngineCluster, REPO } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { ORG } from '../support/factories.js';
import { tempDataDir } from '../support/plugin-support.js';
import { sleep, waitFor } from '../support/wait.js';
import { FeishuFake } from '../contract-fakes/feishu/feishu.fake.js';
import { DingtalkFake } from '../contract-fakes/dingtalk/dingtalk.fake.js';

const RECONCILE_MS = 3000;
const NAME = `approvals-external-${MODE}`;
let cluster: EngineCluster;
let feishu: FeishuFake;
let dingtalk: DingtalkFake;
let seq = 0;
let feishuUrl = '';
let dingtalkUrl = '';

type System = 'feishu' | 'dingtalk' | 'feishu-inactive';

function definition(system: System): WorkflowDefinition {
  const external =
    system !== 'dingtalk'
      ? {
          connector: 'approval-feishu',
          input: {
            userId: { cat: ['fs_', { var: 'trigger.employeeId' }] },
            title: { cat: ['轮岗申请：', { var: 'employee.name' }] },
            ...(system === 'feishu-inactive' ? { approvalCode: 'APPROVAL-INACTIVE' } : {}),
          },
          form: { widget_target: { var: 'trigger.targetRole' }, widget_reason: { type: 'textarea', value: { var: 'trigger.reason' } } },
        }
      : {
          connector: 'approval-dingtalk',
          input: { originatorUserId: 'manager75', deptId: -1 },
          form: { 目标岗位: { var: 'trigger.targetRole' }, 原因: { var: 'trigger.reason' } },
        };
  return {
    nodes: [
      { id: 'trigger', kind: 'trigger', config: { event: 'rotation.suggested', filter: { '==': [{ var: 'trigger.targetOrg' }, system] } } },
      { id: 'ap', kind: 'approval', config: { title: '轮岗：{{employee.name}}', approvers: [{ type: 'skipLevel' }], mode: 'any', external } },
      { id: 'yes', kind: 'end', config: { outcome: 'rotation-approved' } },
      { id: 'no', kind: 'end', config: { outcome: 'rotation-rejected' } },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'ap' },
      { id: 'e2', source: 'ap', sourceHandle: 'approved', target: 'yes' },
      { id: 'e3', source: 'ap', sourceHandle: 'rejected', target: 'no' },
    ],
  } as unknown as WorkflowDefinition;
}

interface Waiting {
  runId: number;
  approvalId: number;
  instanceId: string;
}

/** Suggests a rotation routed to `system` and waits until the external instance exists. */
async function suggest(system: System, reason = '希望在大客户团队锻炼'): Promise<Waiting> {
  const runId = await suggestRun(system, reason);
  return waitFor(`${system} instance of run ${runId}`, async () => {
    const list = await cluster.api('GET', '/api/v1/approvals?status=pending&limit=500');
    const approval = list.body.items.find((a: { runId: number }) => a.runId === runId);
    if (!approval) return null;
    const ext = await cluster.api('GET', `/api/v1/approvals/${approval.id}/external`);
    return ext.body.status === 'pending' && ext.body.instanceId ? { runId, approvalId: approval.id, instanceId: ext.body.instanceId } : null;
  }, 20_000, 100);
}

async function suggestRun(system: System, reason: string): Promise<number> {
  const posted = await cluster.api('POST', '/api/v1/events', {
    type: 'rotation.suggested',
    idempotencyKey: `${NAME}-${Date.now()}-${++seq}`,
    payload: { employeeId: 'E9003', source: 'coaching', reason, targetRole: 'key-account-manager', targetOrg: system },
  });
  expect(posted.status).toBe(202);
  expect(posted.body.runIds).toHaveLength(1);
  return posted.body.runIds[0] as number;
}

async function finished(runId: number): Promise<any> {
  return waitFor(`run ${runId} finished`, async () => {
    const r = await cluster.api('GET', `/api/v1/runs/${runId}`);
    return r.body.status === 'succeeded' || r.body.status === 'failed' ? r.body : null;
  }, 30_000, 100);
}

async function external(approvalId: number): Promise<any> {
  return (await cluster.api('GET', `/api/v1/approvals/${approvalId}/external`)).body;
}

function logsText(): string {
  const dir = join(REPO, 'tests/test-artifacts/logs');
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${NAME}-`))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

/** How many callback_event rows an event id has (production: SQL; embedded: the dedupe log line stands in). */
async function callbackRows(source: string, eventId: string): Promise<number | null> {
  if (MODE !== 'production') return null;
  const conn = await createConnection(cluster.dbUrl);
  try {
    const [rows] = (await conn.query('SELECT COUNT(*) AS n FROM callback_event WHERE source = ? AND event_id = ?', [source, eventId])) as unknown as [Array<{ n: number }>];
    return Number(rows[0]?.n);
  } finally {
    await conn.end();
  }
}

beforeAll(async () => {
  feishu = await new FeishuFake().start();
  dingtalk = await new DingtalkFake().start();
  cluster = await EngineCluster.start({ name: NAME, env: { COACHFLOW_DATA_DIR: tempDataDir(NAME), COACHFLOW_EXTERNAL_RECONCILE_MS: String(RECONCILE_MS) } });
  feishuUrl = `${cluster.baseUrl}/api/v1/callbacks/feishu`;
  dingtalkUrl = `${cluster.baseUrl}/api/v1/callbacks/dingtalk`;
  expect((await cluster.api('PUT', '/api/v1/employees', { employees: ORG })).status).toBe(200);
  const fs = await cluster.api('PUT', '/api/v1/connectors/approval-feishu/credentials', {
    values: { baseUrl: feishu.url, appId: 'cli_test', appSecret: 'secret_test', approvalCode: 'APPROVAL-ROTATION', encryptKey: feishu.encryptKey, verificationToken: feishu.verificationToken },
  });
  expect(fs.status).toBe(200);
  const dt = await cluster.api('PUT', '/api/v1/connectors/approval-dingtalk/credentials', {
    values: { baseUrl: dingtalk.url, appKey: 'ding_app_key', appSecret: 'ding_app_secret', processCode: 'PROC-ROTATION', callbackToken: dingtalk.callbackToken, aesKey: dingtalk.aesKey, corpId: dingtalk.corpId },
  });
  expect(dt.status).toBe(200);
  for (const system of ['feishu', 'dingtalk', 'feishu-inactive'] as const) {
    const created = await cluster.api('POST', '/api/v1/workflows', { name: `rotation approved in ${system}`, definition: definition(system) });
    expect(created.body.issues).toEqual([]);
    expect((await cluster.api('POST', `/api/v1/workflows/${created.body.id}/publish`, {})).status).toBe(201);
  }
});

afterAll(async () => {
  await cluster?.stop();
  await feishu?.stop();
  await dingtalk?.stop();
});

describe(`external approvals: Feishu (${MODE})`, () => {
  it('answers the URL verification challenge', async () => {
    const answer = await feishu.sendChallenge(feishuUrl);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ challenge: expect.any(String) });
  });

  it('starts the instance with the step idempotency key and the mapped form; the run waits and resumes on the approval', async () => {
    const w = await suggest('feishu');
    const inst = feishu.instances.get(w.instanceId);
    expect(inst).toBeDefined();
    expect(inst?.uuid).toBe(`cf:${w.runId}:ap:0`);
    expect(inst?.user_id).toBe('fs_E9003');
    expect(JSON.parse(inst?.form ?? '[]')).toEqual([
      { id: 'widget_target', type: 'input', value: 'key-account-manager' },
      { id: 'widget_reason', type: 'textarea', value: '希望在大客户团队锻炼' },
    ]);
    const waiting = await cluster.api('GET', `/api/v1/runs/${w.runId}`);
    expect(waiting.body).toMatchObject({ status: 'waiting', currentNode: 'ap' });
    expect((await cluster.api('GET', `/api/v1/approvals/${w.approvalId}`)).body.approvers).toEqual([]);

    const [delivery] = await feishu.sendEvent(feishuUrl, w.instanceId, 'APPROVED');
    expect(delivery?.outcome).toBe(200);
    const run = await finished(w.runId);
    expect(run.outcome).toBe('rotation-approved');
    expect(run.steps[1].output).toMatchObject({ outcome: 'approved', decisions: [{ by: 'approval-feishu', decision: 'approved', comment: 'approved in Feishu (APPROVED)' }] });
    expect(await external(w.approvalId)).toMatchObject({ connector: 'approval-feishu', instanceId: w.instanceId, status: 'decided', outcome: 'approved', externalStatus: 'APPROVED', decidedVia: 'callback' });
    expect((await cluster.api('GET', `/api/v1/approvals/${w.approvalId}`)).body.status).toBe('approved');
  });

  it('refuses a callback with a bad signature (401, nothing changes) and applies a duplicated one once', async () => {
    const w = await suggest('feishu');
    const [forged] = await feishu.sendEvent(feishuUrl, w.instanceId, 'APPROVED', { badSignature: true });
    expect(forged?.outcome).toBe(401);
    // A tampered body with a stale signature is refused too.
    const plain = await fetch(feishuUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ encrypt: feishu.encrypt('{"type":"event_callback"}') }) });
    expect(plain.status).toBe(401);
    await sleep(500);
    expect((await cluster.api('GET', `/api/v1/runs/${w.runId}`)).body.status).toBe('waiting');

    const deliveries = await feishu.sendEvent(feishuUrl, w.instanceId, 'REJECTED', { duplicate: true });
    expect(deliveries.map((d) => d.outcome)).toEqual([200, 200]);
    const run = await finished(w.runId);
    expect(run.outcome).toBe('rotation-rejected');
    expect(run.steps[1].output.decisions).toHaveLength(1);
    // A third delivery of the same event, later: acknowledged, recognised, no effect.
    const again = await fetch(feishuUrl, { method: 'POST', headers: deliveries[0]?.headers, body: deliveries[0]?.rawBody });
    expect(again.status).toBe(200);
    const eventId = deliveries[0]?.eventUuid as string;
    await waitFor('the duplicate logged', () => logsText().includes(`"msg":"duplicate callback ignored","pid"`) && logsText().includes(eventId), 10_000);
    const rows = await callbackRows('feishu', eventId);
    if (rows !== null) expect(rows).toBe(1);
    expect((await cluster.api('GET', `/api/v1/runs/${w.runId}`)).body.steps).toHaveLength(3);
  });

  it('recovers a dropped callback by reconciliation (getInstance after the reconcile interval)', async () => {
    const w = await suggest('feishu');
    const [dropped] = await feishu.sendEvent(feishuUrl, w.instanceId, 'APPROVED', { drop: true });
    expect(dropped?.outcome).toBe('dropped');
    const run = await finished(w.runId);
    expect(run.outcome).toBe('rotation-approved');
    expect(await external(w.approvalId)).toMatchObject({ status: 'decided', outcome: 'approved', decidedVia: 'reconciliation' });
    expect(feishu.calls.some((c) => c.method === 'GET' && c.path === `/open-apis/approval/v4/instances/${w.instanceId}`)).toBe(true);
  });

  it('takes the rejected branch when the instance is cancelled in Feishu, saying why', async () => {
    const w = await suggest('feishu');
    await feishu.sendEvent(feishuUrl, w.instanceId, 'CANCELED');
    const run = await finished(w.runId);
    expect(run.outcome).toBe('rotation-rejected');
    expect(run.steps[1].output.decisions[0]).toMatchObject({ decision: 'rejected', comment: 'cancelled in Feishu (CANCELED); treated as rejected' });
    expect(await external(w.approvalId)).toMatchObject({ outcome: 'cancelled' });
  });

  it('fails the step visibly when Feishu refuses to start the instance (inactive definition)', async () => {
    const runId = await suggestRun('feishu-inactive', '定义已停用');
    const run = await finished(runId);
    expect(run.status).toBe('failed');
    expect(run.error).toMatchObject({ code: 'APPROVAL_INACTIVE', nodeId: 'ap' });
    expect(run.error.message).toMatch(/could not start the Feishu approval/);
    const approval = (await cluster.api('GET', '/api/v1/approvals?limit=500')).body.items.find((a: { runId: number }) => a.runId === runId);
    expect(approval.status).toBe('cancelled');
    expect(await external(approval.id)).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringMatching(/^APPROVAL_INACTIVE/) });
  });

  it('acknowledges events of instances it does not wait on', async () => {
    const foreign = feishu.instances.size;
    const w = await suggest('feishu');
    expect(feishu.instances.size).toBe(foreign + 1);
    // An instance created in Feishu by someone else on the same definition.
    const other = [...feishu.instances.values()].find((i) => i.instance_code === w.instanceId);
    feishu.instances.set('FOREIGN-1', { ...(other as NonNullable<typeof other>), instance_code: 'FOREIGN-1', uuid: 'not-ours' });
    const [d] = await feishu.sendEvent(feishuUrl, 'FOREIGN-1', 'APPROVED');
    expect(d?.outcome).toBe(200);
    await sleep(300);
    expect((await cluster.api('GET', `/api/v1/runs/${w.runId}`)).body.status).toBe('waiting');
    await feishu.sendEvent(feishuUrl, w.instanceId, 'APPROVED');
    expect((await finished(w.runId)).outcome).toBe('rotation-approved');
  });
});

describe(`external approvals: DingTalk (${MODE})`, () => {
  it('answers check_url with the encrypted, signed success', async () => {
    const d = await dingtalk.sendCheckUrl(dingtalkUrl);
    expect(d.outcome).toBe(200);
    expect(d.acknowledged).toBe(true);
  });

  it('starts the instance with formComponentValues; the run resumes on the finish/agree push', async () => {
    const w = await suggest('dingtalk');
    const inst = dingtalk.instances.get(w.instanceId);
    expect(inst?.processCode).toBe('PROC-ROTATION');
    expect(inst?.formComponentValues).toEqual(expect.arrayContaining([expect.objectContaining({ name: '目标岗位', value: 'key-account-manager' }), expect.objectContaining({ name: '原因', value: '希望在大客户团队锻炼' })]));
    const [d] = await dingtalk.sendEvent(dingtalkUrl, w.instanceId, { type: 'finish', result: 'agree' });
    expect(d?.outcome).toBe(200);
    expect(d?.acknowledged).toBe(true);
    const run = await finished(w.runId);
    expect(run.outcome).toBe('rotation-approved');
    expect(await external(w.approvalId)).toMatchObject({ connector: 'approval-dingtalk', decidedVia: 'callback', externalStatus: 'finish/agree' });
  });

  it('refuses a bad signature and applies a duplicated legacy push (no eventId) once', async () => {
    const w = await suggest('dingtalk');
    const [forged] = await dingtalk.sendEvent(dingtalkUrl, w.instanceId, { type: 'finish', result: 'refuse' }, { badSignature: true });
    expect(forged?.outcome).toBe(401);
    expect(forged?.acknowledged).toBe(false);
    await sleep(300);
    expect((await cluster.api('GET', `/api/v1/runs/${w.runId}`)).body.status).toBe('waiting');
    const pushes = await dingtalk.sendEvent(dingtalkUrl, w.instanceId, { type: 'finish', result: 'refuse' }, { duplicate: true, legacy: true, altParams: true });
    expect(pushes.map((p) => [p.outcome, p.acknowledged])).toEqual([
      [200, true],
      [200, true],
    ]);
    const run = await finished(w.runId);
    expect(run.outcome).toBe('rotation-rejected');
    expect(run.steps[1].output.decisions).toEqual([expect.objectContaining({ by: 'approval-dingtalk', decision: 'rejected', comment: 'rejected in DingTalk (finish/refuse)' })]);
  });

  it('recovers a dropped terminate push by reconciliation: rejected, with the reason', async () => {
    const w = await suggest('dingtalk');
    await dingtalk.sendEvent(dingtalkUrl, w.instanceId, { type: 'terminate' }, { drop: true });
    const run = await finished(w.runId);
    expect(run.outcome).toBe('rotation-rejected');
    expect(run.steps[1].output.decisions[0].comment).toBe('cancelled in DingTalk (TERMINATED); treated as rejected');
    expect(await external(w.approvalId)).toMatchObject({ outcome: 'cancelled', decidedVia: 'reconciliation' });
  });
});
