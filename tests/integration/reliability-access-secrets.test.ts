/**
 * Reliability (issue 8, "access and secrets"), both modes:
 * - the route × role matrix of the people issue (support/access-matrix.ts) runs here too;
 * - a session ends when its TTL passes (the API restarted with a short COACHFLOW_SESSION_TTL_MS),
 *   when its user signs out, changes their password or is disabled; a revoked API token is refused
 *   at once (401 INVALID_TOKEN);
 * - callbacks from the approval platforms with a bad signature are refused (401) and change nothing,
 *   while the genuine one is applied;
 * - after a full scenario with secrets (connector credentials set through the API for Moodle, a
 *   plugin that logs and returns its key, Feishu and DingTalk; runs that use them, a run that fails
 *   with an error, a task with its notifications, passwords set and changed, a mistyped password,
 *   API tokens), no plaintext secret appears in any API answer received, the engine's log files,
 *   the run data (through the API and in every database table) or the audit log;
 * - the audit chain verifies.
 * The figures (access checks, denials, secrets, texts scanned, leaks) go into the reliability table.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '@coachflow/model';
import { probeAccessMatrix, setUpAccessFixture, type AccessFixture } from '../support/access-matrix.js';
import { EngineCluster, TEST_ADMIN } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { kpiDeviation } from '../support/factories.js';
import { GROW_DATA, TEST_PASSWORD, trigger } from '../support/people.js';
import { FIXTURE_PLUGINS, tempDataDir } from '../support/plugin-support.js';
import { recordReliability } from '../support/reliability-report.js';
import { databaseTexts, logTexts, recordAnswers, runDataTexts, SecretBook, type Scanned } from '../support/secret-scan.js';
import { sleep, waitFor } from '../support/wait.js';
import { DingtalkFake } from '../contract-fakes/dingtalk/dingtalk.fake.js';
import { FeishuFake } from '../contract-fakes/feishu/feishu.fake.js';
import { MoodleFake } from '../contract-fakes/moodle/moodle.fake.js';

const NAME = `reliability-access-secrets-${MODE}`;
/** The session lifetime while the expiry is shown (long enough for one call right after signing in on a busy machine). */
const SHORT_TTL_MS = 15_000;

let cluster: EngineCluster;
let fixture: AccessFixture;
let answers: Scanned[];
let moodle: MoodleFake;
let feishu: FeishuFake;
let dingtalk: DingtalkFake;
const secrets = new SecretBook();
let seq = 0;

/** Access figures gathered by the tests, reported at the end. */
const access = { checks: 0, denials: 0, wrong: 0 };

/** Expects a refusal with `code` and counts it. */
function refused(answer: { status: number; body: any }, status: number, code: string, what: string): void {
  access.checks++;
  if (answer.status === status && answer.body?.error?.code === code) access.denials++;
  else access.wrong++;
  expect([answer.status, answer.body?.error?.code], what).toEqual([status, code]);
}

function actionFlow(period: string, connector: string, action: string, input: Record<string, unknown>): WorkflowDefinition {
  return {
    nodes: [
      { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation', filter: { '==': [{ var: 'trigger.period' }, period] } } },
      { id: 'call', kind: 'action', config: { connector, action, input, retry: { maxAttempts: 1, backoffMs: 100 }, timeoutMs: 10_000 } },
      { id: 'done', kind: 'end', config: { outcome: 'called' } },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'call' },
      { id: 'e2', source: 'call', target: 'done' },
    ],
  } as unknown as WorkflowDefinition;
}

const feishuFlow = {
  nodes: [
    { id: 'trigger', kind: 'trigger', config: { event: 'rotation.suggested' } },
    {
      id: 'ap',
      kind: 'approval',
      config: {
        title: '轮岗：{{employee.name}}',
        approvers: [{ type: 'skipLevel' }],
        mode: 'any',
        external: {
          connector: 'approval-feishu',
          input: { userId: { cat: ['fs_', { var: 'trigger.employeeId' }] }, title: { cat: ['轮岗申请：', { var: 'employee.name' }] } },
          form: { widget_target: { var: 'trigger.targetRole' }, widget_reason: { type: 'textarea', value: { var: 'trigger.reason' } } },
        },
      },
    },
    { id: 'yes', kind: 'end', config: { outcome: 'approved' } },
    { id: 'no', kind: 'end', config: { outcome: 'rejected' } },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'ap' },
    { id: 'e2', source: 'ap', sourceHandle: 'approved', target: 'yes' },
    { id: 'e3', source: 'ap', sourceHandle: 'rejected', target: 'no' },
  ],
} as unknown as WorkflowDefinition;

async function publish(name: string, definition: WorkflowDefinition): Promise<void> {
  const created = await cluster.api('POST', '/api/v1/workflows', { name, definition });
  expect(created.body.issues, name).toEqual([]);
  expect((await cluster.api('POST', `/api/v1/workflows/${created.body.id}/publish`, {})).status).toBe(201);
}

async function finished(runId: number): Promise<any> {
  return waitFor(`run ${runId} finished`, async () => {
    const r = await cluster.api('GET', `/api/v1/runs/${runId}`);
    return r.body.status === 'succeeded' || r.body.status === 'failed' ? r.body : null;
  }, 60_000, 150);
}

async function kpiRun(period: string): Promise<any> {
  const posted = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: `${NAME}-${Date.now()}-${++seq}`, payload: kpiDeviation('E9003', 3, period) });
  expect(posted.body.runIds, JSON.stringify(posted.body)).toHaveLength(1);
  return finished(posted.body.runIds[0]);
}

/** Restarts the API process with COACHFLOW_SESSION_TTL_MS set (or back to the default with null). */
async function restartApiWithTtl(ttlMs: number | null): Promise<void> {
  if (ttlMs === null) delete cluster.env.COACHFLOW_SESSION_TTL_MS;
  else cluster.env.COACHFLOW_SESSION_TTL_MS = String(ttlMs);
  await cluster.terminate('api');
  await cluster.restart('api');
}

beforeAll(async () => {
  moodle = await new MoodleFake().seed().start();
  moodle.users.push({ id: 20, username: 'e9003', firstname: 'Lei', lastname: 'Li', email: 'e9003@example.com', idnumber: 'E9003' });
  feishu = await new FeishuFake().start();
  dingtalk = await new DingtalkFake().start();
  cluster = await EngineCluster.start({ name: NAME, env: { COACHFLOW_DATA_DIR: tempDataDir(NAME), COACHFLOW_PLUGIN_SYNC_MS: '500', COACHFLOW_EXTERNAL_RECONCILE_MS: '600000' } });
  answers = recordAnswers(cluster);
  secrets.add('bootstrap admin password', TEST_ADMIN.password);
  secrets.add('test users password', TEST_PASSWORD);
  secrets.add('admin session token', cluster.token);
  fixture = await setUpAccessFixture(cluster);
  for (const [role, token] of Object.entries(fixture.tokens)) secrets.add(`${role} session token`, token);
}, 180_000);

afterAll(async () => {
  // What the tests checked, also when one of them failed half-way.
  recordReliability('access-secrets', { accessChecks: access.checks, accessDenials: access.denials, accessWrong: access.wrong });
  await cluster?.stop();
  await moodle?.stop();
  await feishu?.stop();
  await dingtalk?.stop();
});

describe(`access and secrets (${MODE})`, () => {
  it('runs the route × role matrix: every route answers each role exactly as allowed', async () => {
    const matrix = await probeAccessMatrix(cluster, fixture);
    access.checks += matrix.calls;
    access.denials += matrix.denials;
    access.wrong += matrix.wrong.length + matrix.unlisted.length;
    console.log(`access matrix (${MODE}): ${matrix.routes} routes × (anonymous + 5 roles): ${matrix.calls} calls, ${matrix.denials} refused as they must be, ${matrix.wrong.length} wrong`);
    recordReliability('access-secrets', { notes: [`route × role matrix: ${matrix.routes} routes, ${matrix.calls} calls, ${matrix.denials} refused as the matrix says`] });
    expect(matrix.unlisted, 'routes without a row in the matrix').toEqual([]);
    expect(matrix.stale, 'rows for routes that no longer exist').toEqual([]);
    expect(matrix.wrong).toEqual([]);
    expect(matrix.calls).toBeGreaterThan(400);
  });

  it('ends sessions: after their TTL, on sign-out, on a password change and when the user is disabled', async () => {
    const email = 'secrets-user@coachflow.test';
    const first = secrets.make('user password');
    const created = await cluster.api('POST', '/api/v1/users', { email, name: 'Secrets User', password: first, roles: ['employee'], employeeId: 'E9004' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    // A mistyped password is refused (and must not be stored or logged either).
    const typo = secrets.make('mistyped password');
    refused(await cluster.as(null).api('POST', '/api/v1/auth/sign-in', { email, password: typo }), 401, 'INVALID_CREDENTIALS', 'wrong password');
    // The password typed into the email field (then again into the password field): no such account,
    // and what was typed is a password — it must not be kept as an "email" in the audit log or the database.
    refused(await cluster.as(null).api('POST', '/api/v1/auth/sign-in', { email: first, password: first }), 401, 'INVALID_CREDENTIALS', 'the password typed as the email');

    // TTL: the API restarted with a short session lifetime; the session works, then expires.
    await restartApiWithTtl(SHORT_TTL_MS);
    const before = Date.now();
    const signIn = await cluster.api('POST', '/api/v1/auth/sign-in', { email, password: first }, { authorization: '' });
    expect(signIn.status).toBe(200);
    const expiring = secrets.add('expiring session token', signIn.body.token);
    const expiresAt = Date.parse(signIn.body.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + SHORT_TTL_MS - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + SHORT_TTL_MS + 1000);
    const me = await cluster.as(expiring).api('GET', '/api/v1/auth/me');
    expect([me.status, me.body.email]).toEqual([200, email]);
    await sleep(Math.max(0, expiresAt - Date.now()) + 500);
    refused(await cluster.as(expiring).api('GET', '/api/v1/auth/me'), 401, 'INVALID_TOKEN', 'a session past its TTL');
    await restartApiWithTtl(null);
    // Sessions made before the restart keep their own expiry.
    expect((await cluster.as(fixture.tokens.employee).api('GET', '/api/v1/auth/me')).status).toBe(200);

    // Sign-out.
    const out = secrets.add('signed-out session token', await cluster.signIn(email, first));
    expect((await cluster.as(out).api('POST', '/api/v1/auth/sign-out')).status).toBe(204);
    refused(await cluster.as(out).api('GET', '/api/v1/auth/me'), 401, 'INVALID_TOKEN', 'a signed-out session');

    // A password change ends the user's other sessions; the new password works, the old one not.
    const other = secrets.add('session before the password change', await cluster.signIn(email, first));
    const current = secrets.add('session changing the password', await cluster.signIn(email, first));
    const second = secrets.make('changed password');
    const changed = await cluster.as(current).api('PUT', '/api/v1/auth/me', { currentPassword: first, newPassword: second });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    refused(await cluster.as(other).api('GET', '/api/v1/auth/me'), 401, 'INVALID_TOKEN', 'a session from before the password change');
    refused(await cluster.as(null).api('POST', '/api/v1/auth/sign-in', { email, password: first }), 401, 'INVALID_CREDENTIALS', 'the old password');
    const fresh = secrets.add('session after the password change', await cluster.signIn(email, second));

    // Disabling the user ends their sessions.
    const disabled = await cluster.as(fixture.tokens.it).api('PUT', `/api/v1/users/${created.body.id}`, { status: 'disabled' });
    expect(disabled.status, JSON.stringify(disabled.body)).toBe(200);
    refused(await cluster.as(fresh).api('GET', '/api/v1/auth/me'), 401, 'INVALID_TOKEN', 'a session of a disabled user');
    refused(await cluster.as(null).api('POST', '/api/v1/auth/sign-in', { email, password: second }), 401, 'INVALID_CREDENTIALS', 'a disabled user signing in');
  });

  it('revokes API tokens at once: a revoked token answers 401 INVALID_TOKEN', async () => {
    const itAdmin = cluster.as(fixture.tokens.it);
    const made = await itAdmin.api('POST', '/api/v1/tokens', { name: 'hris feed', roles: ['hr_admin'] });
    expect(made.status).toBe(201);
    const token = secrets.add('API token (revoked)', made.body.token);
    expect(token).toMatch(/^cft_/);
    const kept = await itAdmin.api('POST', '/api/v1/tokens', { name: 'kpi feed', roles: ['it_admin'] });
    const keptToken = secrets.add('API token (kept)', kept.body.token);
    const system = cluster.as(token);
    expect((await system.api('GET', '/api/v1/workflows')).status).toBe(200);
    const event = await system.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: `${NAME}-token-${Date.now()}`, payload: kpiDeviation('E9003', 3, '2099-W01') });
    expect(event.status).toBe(202);
    // A token without a person gets no person-scoped route.
    refused(await system.api('GET', '/api/v1/me/tasks'), 403, 'FORBIDDEN', 'an API token on a personal route');

    const revoked = await itAdmin.api('DELETE', `/api/v1/tokens/${made.body.id}`);
    expect([revoked.status, revoked.body.revokedAt === null]).toEqual([200, false]);
    refused(await system.api('GET', '/api/v1/workflows'), 401, 'INVALID_TOKEN', 'a revoked API token');
    refused(await system.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: `${NAME}-token-after-${Date.now()}`, payload: kpiDeviation('E9003', 3, '2099-W01') }), 401, 'INVALID_TOKEN', 'a revoked API token posting an event');
    // The other token still works; the list never shows a token value.
    expect((await cluster.as(keptToken).api('GET', '/api/v1/users')).status).toBe(200);
    const list = await itAdmin.api('GET', '/api/v1/tokens');
    expect(list.body.items.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(['hris feed', 'kpi feed']));
    expect(list.body.items.find((t: { id: number }) => t.id === made.body.id).revokedAt).not.toBeNull();
  });

  it('refuses callbacks with a bad signature (401, nothing changes) and applies the genuine one', async () => {
    const itAdmin = cluster.as(fixture.tokens.it);
    // The platforms' secrets, set through the API (random for this run, so the scan below can find them).
    feishu.encryptKey = secrets.make('feishu encrypt key');
    feishu.verificationToken = secrets.make('feishu verification token');
    const feishuSecret = secrets.make('feishu app secret');
    feishu.apps.set('cli_secrets', feishuSecret);
    const fs = await itAdmin.api('PUT', '/api/v1/connectors/approval-feishu/credentials', {
      values: { baseUrl: feishu.url, appId: 'cli_secrets', appSecret: feishuSecret, approvalCode: 'APPROVAL-ROTATION', encryptKey: feishu.encryptKey, verificationToken: feishu.verificationToken },
    });
    expect(fs.status, JSON.stringify(fs.body)).toBe(200);
    dingtalk.callbackToken = secrets.make('dingtalk callback token');
    dingtalk.aesKey = secrets.add('dingtalk aes key', `aes${newAesKey()}`);
    const dingSecret = secrets.make('dingtalk app secret');
    dingtalk.apps.set('ding_secrets', dingSecret);
    const dt = await itAdmin.api('PUT', '/api/v1/connectors/approval-dingtalk/credentials', {
      values: { baseUrl: dingtalk.url, appKey: 'ding_secrets', appSecret: dingSecret, processCode: 'PROC-ROTATION', callbackToken: dingtalk.callbackToken, aesKey: dingtalk.aesKey, corpId: dingtalk.corpId },
    });
    expect(dt.status, JSON.stringify(dt.body)).toBe(200);
    await publish('rotation in Feishu', feishuFlow);

    const posted = await cluster.api('POST', '/api/v1/events', { type: 'rotation.suggested', idempotencyKey: `${NAME}-rotation`, payload: { employeeId: 'E9003', source: 'coaching', reason: '想去大客户团队', targetRole: 'kam', targetOrg: 'feishu' } });
    expect(posted.status).toBe(202);
    const runId = posted.body.runIds[0] as number;
    const approval = await waitFor('the Feishu instance', async () => {
      const a = (await cluster.api('GET', '/api/v1/approvals?status=pending&limit=500')).body.items.find((x: { runId: number }) => x.runId === runId);
      const ext = a ? (await cluster.api('GET', `/api/v1/approvals/${a.id}/external`)).body : null;
      return ext?.instanceId ? { id: a.id as number, instanceId: ext.instanceId as string } : null;
    }, 30_000, 150);

    const feishuUrl = `${cluster.baseUrl}/api/v1/callbacks/feishu`;
    const count = (outcome: number | string | undefined, what: string) => {
      access.checks++;
      if (outcome === 401) access.denials++;
      else access.wrong++;
      expect(outcome, what).toBe(401);
    };
    count((await feishu.sendEvent(feishuUrl, approval.instanceId, 'APPROVED', { badSignature: true }))[0]?.outcome, 'Feishu: forged signature');
    count((await feishu.sendEvent(`${feishuUrl}/approval-feishu`, approval.instanceId, 'APPROVED', { badSignature: true }))[0]?.outcome, 'Feishu (connector path): forged signature');
    // An encrypted body without a signature, and a plain (unencrypted) decision without one.
    count((await fetch(feishuUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ encrypt: feishu.encrypt('{"type":"event_callback"}') }) })).status, 'Feishu: unsigned body');
    count((await fetch(feishuUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'event_callback', event: { type: 'approval_instance', instance_code: approval.instanceId, status: 'APPROVED' } }) })).status, 'Feishu: plain unsigned decision');
    // DingTalk: an instance someone started in DingTalk on the same template (no run waits on it).
    const dingtalkUrl = `${cluster.baseUrl}/api/v1/callbacks/dingtalk`;
    const created = new Date().toISOString().slice(0, 16) + 'Z';
    dingtalk.instances.set('PROC-INST-FOREIGN', {
      processInstanceId: 'PROC-INST-FOREIGN', processCode: 'PROC-ROTATION', title: '轮岗', originatorUserId: 'manager75', originatorDeptId: '-1', status: 'RUNNING', result: '',
      businessId: '1', createTime: created, finishTime: '', formComponentValues: [], approverUserIds: ['hrbp01'], tasks: [], operationRecords: [],
    });
    const forgedDing = await dingtalk.sendEvent(dingtalkUrl, 'PROC-INST-FOREIGN', { type: 'finish', result: 'agree' }, { badSignature: true });
    count(forgedDing[0]?.outcome, 'DingTalk: forged signature');
    expect(forgedDing[0]?.acknowledged).toBe(false);
    count((await dingtalk.sendEvent(`${dingtalkUrl}/approval-dingtalk`, 'PROC-INST-FOREIGN', { type: 'finish', result: 'agree' }, { badSignature: true }))[0]?.outcome, 'DingTalk (connector path): forged signature');
    // The same push signed with the right token is acknowledged (the signature was the only difference).
    expect((await dingtalk.sendEvent(dingtalkUrl, 'PROC-INST-FOREIGN', { type: 'finish', result: 'agree' }))[0]).toMatchObject({ outcome: 200, acknowledged: true });

    await sleep(500);
    expect((await cluster.api('GET', `/api/v1/runs/${runId}`)).body.status).toBe('waiting');
    expect((await cluster.api('GET', `/api/v1/approvals/${approval.id}`)).body.status).toBe('pending');
    const [genuine] = await feishu.sendEvent(feishuUrl, approval.instanceId, 'APPROVED');
    expect(genuine?.outcome).toBe(200);
    expect((await finished(runId)).outcome).toBe('approved');
  });

  it('after a full scenario with secrets, none appears in API answers, logs, run data, the database or the audit log', async () => {
    const itAdmin = cluster.as(fixture.tokens.it);
    // Moodle: its web-service token; a run that enrols, a run that fails with an error.
    const moodleToken = secrets.make('moodle token');
    moodle.tokens.add(moodleToken);
    expect((await itAdmin.api('PUT', '/api/v1/connectors/lms-moodle/credentials', { values: { baseUrl: moodle.url, token: moodleToken } })).status).toBe(200);
    // A careless plugin that logs and returns its key (the engine must scrub both).
    expect((await itAdmin.api('POST', '/api/v1/plugins', { spec: join(FIXTURE_PLUGINS, 'greeter') })).status).toBe(201);
    const greeterKey = secrets.make('greeter api key');
    expect((await itAdmin.api('PUT', '/api/v1/connectors/greeter/credentials', { values: { salutation: '您好', apiKey: greeterKey } })).status).toBe(200);
    await publish('enrol', actionFlow('2201-W07', 'lms-moodle', 'enrolUser', { employeeId: { var: 'trigger.employeeId' }, courseIdnumber: 'OBJ-101' }));
    await publish('enrol in a missing course', actionFlow('2202-W07', 'lms-moodle', 'enrolUser', { employeeId: { var: 'trigger.employeeId' }, courseIdnumber: 'NO-SUCH-COURSE' }));
    await publish('greet', actionFlow('2203-W07', 'greeter', 'greet', { name: { var: 'employee.name' } }));

    const enrolled = await kpiRun('2201-W07');
    expect(enrolled.status).toBe('succeeded');
    expect(moodle.enrolCallCount(20, 10)).toBe(1);
    const failed = await kpiRun('2202-W07');
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ nodeId: 'call' });
    expect((await cluster.api('POST', `/api/v1/runs/${failed.id}/retry`)).status).toBe(202);
    expect((await finished(failed.id)).status).toBe('failed');
    const greeted = await kpiRun('2203-W07');
    expect(greeted.status).toBe('succeeded');
    expect(greeted.steps[1].output.leaked).toBe('[redacted]');
    await waitFor('the greeter log line', () => logTexts(NAME).some((l) => l.text.includes('greeter using key [redacted]')), 15_000);

    // A coaching task: the manager is notified, completes it; Li Lei sees his run.
    const [taskRun] = await trigger(cluster, 'E9003', 'coach');
    const manager = cluster.as(fixture.tokens.manager);
    const task = await waitFor('the task', async () => (await manager.api('GET', `/api/v1/tasks?runId=${taskRun}`)).body.items[0]);
    await waitFor('the manager notified', async () => (await manager.api('GET', '/api/v1/notifications')).body.items.some((n: any) => JSON.stringify(n).includes(String(task.id)) || n.runId === taskRun));
    expect((await manager.api('POST', `/api/v1/tasks/${task.id}/complete`, { data: GROW_DATA })).status).toBe(200);
    expect((await finished(taskRun as number)).status).toBe('succeeded');

    // The access tokens the platforms issued to the engine (upstream secrets, never to be shown either).
    const issued = new Set([...feishu.calls.map((c) => c.authorization?.replace(/^Bearer /, '')), ...dingtalk.calls.map((c) => c.token)].filter((t): t is string => !!t && t.length >= 8));
    for (const t of issued) secrets.add('access token issued by Feishu / DingTalk', t);

    // Read everything back: run data through the API as the admin and each person.
    const people = Object.fromEntries(Object.entries(fixture.tokens).map(([role, token]) => [role, cluster.as(token)]));
    const runData = await runDataTexts(cluster, people);
    const database = await databaseTexts(cluster);
    const logs = logTexts(NAME);
    const texts = [...answers, ...runData, ...database, ...logs];
    const leaks = secrets.find(texts);
    const bytes = texts.reduce((n, t) => n + t.text.length, 0);
    const where = (prefix: string) => texts.filter((t) => t.where.startsWith(prefix)).length;
    console.log(
      `secret scan (${MODE}): ${secrets.size} secrets (${secrets.labels().join(', ')}) searched in ${texts.length} texts, ${(bytes / 1e6).toFixed(1)} MB: ` +
        `${where('answer')} API answers, ${runData.length} run data reads, ${database.length} ${MODE === 'production' ? 'tables' : 'SQLite files'}, ${logs.length} log files — leaks ${leaks.length}` +
        (leaks.length ? `\n  ${leaks.slice(0, 20).map((l) => `${l.secret} in ${l.where}: …${l.around}…`).join('\n  ')}` : ''),
    );
    recordReliability('access-secrets', {
      secretsScanned: secrets.size,
      textsScanned: texts.length,
      secretLeaks: leaks.length,
      notes: [`${secrets.size} secrets searched in ${texts.length} texts (${(bytes / 1e6).toFixed(1)} MB): ${where('answer')} API answers, ${runData.length} run data reads (runs, steps, explanations, events, tasks, approvals, notifications, exports, outbox, audit), ${database.length} ${MODE === 'production' ? 'database tables' : 'SQLite files'}, ${logs.length} engine log files`],
    });
    expect(issued.size).toBeGreaterThan(0);
    expect(where('answer')).toBeGreaterThan(500);
    expect(database.length).toBeGreaterThan(0);
    expect(logs.length).toBeGreaterThan(0);
    expect(leaks.map((l) => `${l.secret} in ${l.where}: …${l.around}…`)).toEqual([]);
  });

  it('verifies the audit chain, which records the changes of this file without their secrets', async () => {
    const verify = await cluster.as(fixture.tokens.hr).api('GET', '/api/v1/audit/verify');
    expect(verify.body).toMatchObject({ ok: true, broken: null });
    const actions = new Set((await cluster.api('GET', '/api/v1/audit?limit=500')).body.items.map((e: { action: string }) => e.action));
    for (const a of ['token.create', 'token.revoke', 'credentials.replace', 'auth.sign_in', 'auth.sign_out']) expect(actions.has(a), a).toBe(true);
    recordReliability('access-secrets', { notes: [`audit chain verified: ${verify.body.entries} entries`] });
  });
});

/** A DingTalk aes_key is 43 base64 characters (32 bytes); 40 random ones follow the 3-letter prefix. */
function newAesKey(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 40 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
}
