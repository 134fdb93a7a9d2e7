import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConnectorError } from '@coachflow/connector-sdk';
import feishu, { clearFeishuTokenCache, decryptFeishuEvent, mapFeishuStatus, verifyFeishuSignature } from '../src/index.js';
import { FeishuFake } from '../../../tests/contract-fakes/feishu/feishu.fake.js';
import { makeCtx } from './ctx.js';
import { startReceiver, type Receiver } from './feishu-receiver.js';

let fake: FeishuFake;
let creds: Record<string, string>;
let receiver: Receiver | null = null;
const { createInstance, getInstance, subscribe } = feishu.actions;
const form = [
  { id: 'widget_target', type: 'input', value: 'Key account manager' },
  { id: 'widget_reason', type: 'textarea', value: 'GROW record 5: suggested rotation' },
];

beforeEach(async () => {
  clearFeishuTokenCache();
  fake = await new FeishuFake().start();
  creds = { baseUrl: fake.url, appId: 'cli_test', appSecret: 'secret_test', approvalCode: 'APPROVAL-ROTATION', encryptKey: fake.encryptKey, verificationToken: fake.verificationToken };
});
afterEach(async () => {
  await receiver?.close();
  receiver = null;
  await fake.stop();
});

async function failure(p: Promise<unknown>): Promise<{ code: string; retryable: boolean; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isConnectorError(e)) return { code: e.code, retryable: e.retryable, message: e.message };
    throw e;
  }
  throw new Error('expected the action to fail');
}

describe('tenant token', () => {
  it('is fetched once and reused as a Bearer token', async () => {
    await createInstance.run(makeCtx(creds).ctx, { userId: 'u1', form });
    await getInstance.run(makeCtx(creds).ctx, { instanceCode: [...fake.instances.keys()][0] as string });
    expect(fake.tokenRequests).toBe(1);
    expect(fake.calls.filter((c) => c.path.startsWith('/open-apis/approval')).every((c) => /^Bearer t-/.test(c.authorization ?? ''))).toBe(true);
  });
  it('is refreshed when less than 30 minutes are left', async () => {
    fake.tokenTtlSeconds = 30 * 60 + 1;
    await subscribe.run(makeCtx(creds).ctx, {});
    await new Promise((r) => setTimeout(r, 1100));
    await subscribe.run(makeCtx(creds).ctx, {});
    expect(fake.tokenRequests).toBe(2);
    const [a, b] = fake.calls.filter((c) => c.path.endsWith('/subscribe')).map((c) => c.authorization);
    expect(a).not.toBe(b);
  });
  it('an early-invalidated token (99991663) is refreshed once and the call succeeds', async () => {
    await subscribe.run(makeCtx(creds).ctx, {});
    fake.invalidateTokens();
    expect(await subscribe.run(makeCtx(creds).ctx, {})).toEqual({ subscribed: true, alreadySubscribed: true });
    expect(fake.calls.map((c) => c.code)).toEqual([0, 0, 99991663, 0, 1390007]);
  });
  it('wrong app secret is a non-retryable AUTH error', async () => {
    expect(await failure(subscribe.run(makeCtx({ ...creds, appSecret: 'nope' }).ctx, {}))).toMatchObject({ code: 'AUTH', retryable: false });
  });
});

describe('createInstance', () => {
  it('sends form as a JSON string, uuid = idempotency key, title as an @i18n@ key', async () => {
    const out = await createInstance.run(makeCtx(creds, { idempotencyKey: 'run-1:approve' }).ctx, { userId: 'u1', form, title: '轮岗申请：李雷' });
    expect(out).toMatchObject({ uuid: 'run-1:approve', duplicate: false });
    const sent = JSON.parse(fake.calls.find((c) => c.path === '/open-apis/approval/v4/instances')?.body ?? '{}');
    expect(typeof sent.form).toBe('string');
    expect(JSON.parse(sent.form)).toEqual(form);
    expect(sent).toMatchObject({ approval_code: 'APPROVAL-ROTATION', user_id: 'u1', uuid: 'run-1:approve', title: '@i18n@coachflow_title' });
    expect(fake.instances.get(out.instanceCode)?.status).toBe('PENDING');
  });
  it('accepts an object form and hashes keys longer than 64 chars', async () => {
    const key = `run-1:${'x'.repeat(80)}`;
    const out = await createInstance.run(makeCtx(creds, { idempotencyKey: key }).ctx, { userId: 'u1', form: { widget_target: 'KAM', widget_reason: { type: 'textarea', value: 'why' } } });
    expect(out.uuid).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.parse(fake.instances.get(out.instanceCode)?.form ?? '[]')).toEqual([
      { id: 'widget_target', type: 'input', value: 'KAM' },
      { id: 'widget_reason', type: 'textarea', value: 'why' },
    ]);
  });
  it('a retry with the same key hits 60012 and finds the instance created before', async () => {
    const first = await createInstance.run(makeCtx(creds, { idempotencyKey: 'run-2:approve' }).ctx, { userId: 'u1', form });
    await createInstance.run(makeCtx(creds, { idempotencyKey: 'other' }).ctx, { userId: 'u2', form });
    const again = await createInstance.run(makeCtx(creds, { idempotencyKey: 'run-2:approve' }).ctx, { userId: 'u1', form });
    expect(again).toEqual({ instanceCode: first.instanceCode, uuid: 'run-2:approve', duplicate: true });
    expect(fake.instances.size).toBe(2);
    expect(fake.calls.some((c) => c.code === 60012)).toBe(true);
  });
  it('60012 without a findable instance is a clear non-retryable DUPLICATE', async () => {
    const first = await createInstance.run(makeCtx(creds, { idempotencyKey: 'run-3:approve' }).ctx, { userId: 'u1', form });
    (fake.instances.get(first.instanceCode) as { start_time: string }).start_time = String(Date.now() - 30 * 24 * 3600 * 1000);
    const f = await failure(createInstance.run(makeCtx(creds, { idempotencyKey: 'run-3:approve' }).ctx, { userId: 'u1', form }));
    expect(f).toMatchObject({ code: 'DUPLICATE', retryable: false });
    expect(f.message).toContain('60012');
  });
  it('maps form and definition errors (non-retryable) and 429 / 1395001 (retryable)', async () => {
    expect(await failure(createInstance.run(makeCtx(creds).ctx, { userId: 'u1', form: [{ id: 'widget_nope', type: 'input', value: 'x' }] }))).toMatchObject({ code: 'INVALID_PARAM', retryable: false });
    expect(await failure(createInstance.run(makeCtx(creds).ctx, { userId: 'u1', form, approvalCode: 'APPROVAL-INACTIVE' }))).toMatchObject({ code: 'APPROVAL_INACTIVE', retryable: false });
    expect(await failure(createInstance.run(makeCtx(creds).ctx, { userId: 'u1', form: 'text' }))).toMatchObject({ code: 'INVALID_INPUT' });
    fake.serverError = true;
    expect(await failure(createInstance.run(makeCtx(creds).ctx, { userId: 'u1', form }))).toMatchObject({ code: 'SERVER_ERROR', retryable: true });
    fake.rateLimited = true;
    const limited = await failure(createInstance.run(makeCtx(creds).ctx, { userId: 'u1', form }));
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(limited.message).toContain('resets in 3 s');
  });
});

describe('getInstance and subscribe', () => {
  it('gives status, outcome, finality and the correlating uuid', async () => {
    const { instanceCode } = await createInstance.run(makeCtx(creds, { idempotencyKey: 'run-4:approve' }).ctx, { userId: 'u1', form });
    expect(await getInstance.run(makeCtx(creds).ctx, { instanceCode })).toMatchObject({ status: 'PENDING', outcome: 'pending', final: false, uuid: 'run-4:approve', approvalCode: 'APPROVAL-ROTATION', userId: 'u1' });
    await fake.sendEvent('http://127.0.0.1:9/unused', instanceCode, 'REJECTED', { drop: true });
    const got = await getInstance.run(makeCtx(creds).ctx, { instanceCode });
    expect(got).toMatchObject({ status: 'REJECTED', outcome: 'rejected', final: true });
    expect(got.tasks[0]).toMatchObject({ status: 'REJECTED', nodeName: 'Skip-level manager' });
    expect(await failure(getInstance.run(makeCtx(creds).ctx, { instanceCode: 'NOPE' }))).toMatchObject({ code: 'INVALID_PARAM', retryable: false });
  });
  it('subscribe: first time, already subscribed (1390007) is success, unknown definition fails', async () => {
    expect(await subscribe.run(makeCtx(creds).ctx, {})).toEqual({ subscribed: true, alreadySubscribed: false });
    expect(await subscribe.run(makeCtx(creds).ctx, {})).toEqual({ subscribed: true, alreadySubscribed: true });
    expect(await failure(subscribe.run(makeCtx(creds).ctx, { approvalCode: 'UNKNOWN' }))).toMatchObject({ code: 'APPROVAL_NOT_FOUND', retryable: false });
  });
});

describe('callbacks', () => {
  async function pendingInstance(key = 'run-5:approve'): Promise<string> {
    return (await createInstance.run(makeCtx(creds, { idempotencyKey: key }).ctx, { userId: 'u1', form })).instanceCode;
  }

  it('decrypts the documented sample and verifies signatures', () => {
    expect(decryptFeishuEvent('P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=', 'test key')).toBe('hello world');
    const sig = createHash('sha256').update('1700000000' + 'n1' + 'k' + '{"encrypt":"x"}').digest('hex');
    expect(verifyFeishuSignature('1700000000', 'n1', 'k', '{"encrypt":"x"}', sig)).toBe(true);
    expect(verifyFeishuSignature('1700000001', 'n1', 'k', '{"encrypt":"x"}', sig)).toBe(false);
    expect(verifyFeishuSignature('1700000000', 'n1', 'k', '{"encrypt":"x"}', 'zz')).toBe(false);
  });
  it('answers the encrypted URL-verification challenge', async () => {
    receiver = await startReceiver(creds);
    const r = await fake.sendChallenge(receiver.url);
    expect(r.status).toBe(200);
    expect(receiver.results[0]).toEqual({ kind: 'challenge', body: { challenge: JSON.parse(r.body).challenge } });
  });
  it('an encrypted, signed approval_instance event becomes an event with the envelope uuid as eventId', async () => {
    receiver = await startReceiver(creds);
    const instanceCode = await pendingInstance();
    const [d] = await fake.sendEvent(receiver.url, instanceCode, 'APPROVED');
    expect(d?.outcome).toBe(200);
    expect(receiver.results[0]).toMatchObject({ kind: 'event', eventId: d?.eventUuid, instanceCode, status: 'APPROVED', outcome: 'approved', uuid: 'run-5:approve', approvalCode: 'APPROVAL-ROTATION' });
  });
  it('a duplicate delivery parses to the same eventId, so the caller applies it once', async () => {
    receiver = await startReceiver(creds);
    const instanceCode = await pendingInstance();
    await fake.sendEvent(receiver.url, instanceCode, 'APPROVED', { duplicate: true });
    const ids = receiver.results.map((r) => (r.kind === 'event' ? r.eventId : ''));
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
    expect(receiver.applied).toEqual([`${instanceCode}:approved`]);
  });
  it('a bad signature or a wrong verification token is rejected', async () => {
    receiver = await startReceiver(creds);
    const instanceCode = await pendingInstance();
    const [d] = await fake.sendEvent(receiver.url, instanceCode, 'APPROVED', { badSignature: true });
    expect(d?.outcome).toBe(401);
    await receiver.close();
    receiver = await startReceiver({ ...creds, verificationToken: 'other-token' });
    await fake.sendEvent(receiver.url, instanceCode, 'APPROVED');
    expect(receiver.rejected).toEqual(['BAD_SIGNATURE']);
    expect(receiver.applied).toEqual([]);
  });
  it('an event encrypted with another key is rejected', async () => {
    receiver = await startReceiver({ ...creds, encryptKey: 'another-key' });
    await fake.sendEvent(receiver.url, await pendingInstance(), 'APPROVED');
    expect(receiver.rejected).toEqual(['BAD_SIGNATURE']);
  });
  it('REVERTED carries an int64 operate_time (quirk); it is normalised to a string', async () => {
    receiver = await startReceiver(creds);
    const instanceCode = await pendingInstance();
    const [d] = await fake.sendEvent(receiver.url, instanceCode, 'REVERTED');
    const inner = JSON.parse(decryptFeishuEvent(JSON.parse(d?.rawBody ?? '{}').encrypt, fake.encryptKey));
    expect(typeof inner.event.operate_time).toBe('number');
    const r = receiver.results[0];
    expect(r).toMatchObject({ kind: 'event', status: 'REVERTED', outcome: 'cancelled' });
    expect(r?.kind === 'event' && r.operateTime).toBe(String(inner.event.operate_time));
  });
  it('plain (unencrypted) v1 events are checked by verification token', async () => {
    const plainCreds = { ...creds, encryptKey: '' };
    receiver = await startReceiver(plainCreds);
    const instanceCode = await pendingInstance();
    await fake.sendEvent(receiver.url, instanceCode, 'CANCELED', { encrypt: false });
    expect(receiver.results[0]).toMatchObject({ kind: 'event', status: 'CANCELED', outcome: 'cancelled' });
    fake.verificationToken = 'forged';
    await fake.sendEvent(receiver.url, instanceCode, 'APPROVED', { encrypt: false });
    expect(receiver.rejected).toEqual(['BAD_SIGNATURE']);
  });
  it('a dropped callback is recovered by getInstance (reconciliation)', async () => {
    receiver = await startReceiver(creds);
    const instanceCode = await pendingInstance();
    const [d] = await fake.sendEvent(receiver.url, instanceCode, 'APPROVED', { drop: true });
    expect(d?.outcome).toBe('dropped');
    expect(receiver.results).toEqual([]);
    expect(await getInstance.run(makeCtx(creds).ctx, { instanceCode })).toMatchObject({ status: 'APPROVED', outcome: 'approved', final: true, uuid: 'run-5:approve' });
  });
});

describe('mapFeishuStatus', () => {
  it.each([
    ['APPROVED', 'approved'],
    ['REJECTED', 'rejected'],
    ['CANCELED', 'cancelled'],
    ['DELETED', 'cancelled'],
    ['REVERTED', 'cancelled'],
    ['OVERTIME_CLOSE', 'cancelled'],
    ['PENDING', 'pending'],
    ['OVERTIME_RECOVER', 'pending'],
  ])('%s → %s', (s, o) => expect(mapFeishuStatus(s)).toBe(o));
});
