import { createCipheriv, createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConnectorError } from '@coachflow/connector-sdk';
import dingtalk, { clearDingtalkTokenCache, decryptDingtalk, dingtalkSignature, encryptDingtalk, mapDingtalkStatus, stringifyValue } from '../src/index.js';
import { DingtalkFake } from '../../../tests/contract-fakes/dingtalk/dingtalk.fake.js';
import { dtDecrypt, dtEncrypt } from '../../../tests/contract-fakes/dingtalk/dingtalk-crypto.js';
import { makeCtx } from './ctx.js';
import { startReceiver, type Receiver } from './dingtalk-receiver.js';

let fake: DingtalkFake;
let creds: Record<string, string>;
let receiver: Receiver | null = null;
const { createInstance, getInstance } = dingtalk.actions;
const form = [
  { name: '目标岗位', value: 'Key account manager' },
  { name: '原因', value: 'GROW record 5' },
  { name: '附加技能', value: ['negotiation', 'CRM'] },
];

beforeEach(async () => {
  clearDingtalkTokenCache();
  fake = await new DingtalkFake().start();
  creds = { baseUrl: fake.url, appKey: 'ding_app_key', appSecret: 'ding_app_secret', processCode: 'PROC-ROTATION', callbackToken: fake.callbackToken, aesKey: fake.aesKey, corpId: fake.corpId };
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

const start = async () => (await createInstance.run(makeCtx(creds).ctx, { originatorUserId: 'manager75', deptId: 100, formComponentValues: form })).instanceId;

describe('access token', () => {
  it('is fetched once and sent as x-acs-dingtalk-access-token', async () => {
    const id = await start();
    await getInstance.run(makeCtx(creds).ctx, { instanceId: id });
    expect(fake.tokenRequests).toBe(1);
    expect(fake.calls.filter((c) => c.path.startsWith('/v1.0/workflow')).every((c) => typeof c.token === 'string' && c.token.length > 0)).toBe(true);
  });
  it('is fetched again when it nears expiry', async () => {
    fake.tokenTtlSeconds = 5 * 60 + 1;
    const id = await start();
    await new Promise((r) => setTimeout(r, 1100));
    await getInstance.run(makeCtx(creds).ctx, { instanceId: id });
    expect(fake.tokenRequests).toBe(2);
  });
  it('an early-invalidated token (401) is refreshed once and the call succeeds', async () => {
    const id = await start();
    fake.invalidateTokens();
    expect((await getInstance.run(makeCtx(creds).ctx, { instanceId: id })).status).toBe('RUNNING');
    expect(fake.calls.map((c) => c.status)).toEqual([200, 200, 401, 200, 200]);
  });
  it('wrong app secret is a non-retryable AUTH error', async () => {
    expect(await failure(createInstance.run(makeCtx({ ...creds, appSecret: 'x' }).ctx, { originatorUserId: 'manager75', deptId: 100, formComponentValues: form }))).toMatchObject({ code: 'AUTH', retryable: false });
  });
});

describe('createInstance', () => {
  it('sends string values (arrays/objects JSON-stringified) and returns the instanceId', async () => {
    const id = await createInstance.run(makeCtx(creds).ctx, { originatorUserId: 'manager75', deptId: '100', formComponentValues: { ...Object.fromEntries(form.map((f) => [f.name, f.value])), 生效日期: '2025-09-01' } });
    const sent = JSON.parse(fake.calls.find((c) => c.method === 'POST' && c.path === '/v1.0/workflow/processInstances')?.body ?? '{}');
    expect(sent).toMatchObject({ originatorUserId: 'manager75', processCode: 'PROC-ROTATION', deptId: 100 });
    expect(sent.formComponentValues).toContainEqual({ name: '附加技能', value: '["negotiation","CRM"]' });
    expect(fake.instances.get(id.instanceId)?.status).toBe('RUNNING');
    expect(stringifyValue({ a: 1 })).toBe('{"a":1}');
    expect(stringifyValue(3)).toBe('3');
  });
  it('maps the documented 400 codes to non-retryable errors', async () => {
    const f = await failure(createInstance.run(makeCtx(creds).ctx, { originatorUserId: 'manager75', deptId: 100, formComponentValues: [...form, { name: '不存在', value: 'x' }] }));
    expect(f).toMatchObject({ code: 'formConverterError', retryable: false });
    expect(f.message).toContain('失败控件：不存在');
    expect(await failure(createInstance.run(makeCtx(creds).ctx, { originatorUserId: 'manager75', deptId: 100, formComponentValues: [{ name: '原因', value: 'x' }] }))).toMatchObject({ code: 'formConverterError' });
    expect(await failure(createInstance.run(makeCtx(creds).ctx, { originatorUserId: 'manager75', formComponentValues: form }))).toMatchObject({ code: 'invalidParameter', retryable: false });
    expect(await failure(createInstance.run(makeCtx(creds).ctx, { originatorUserId: 'manager75', deptId: 200, formComponentValues: form }))).toMatchObject({ code: 'processInstanceInvalidParameter' });
    expect(await failure(createInstance.run(makeCtx(creds).ctx, { originatorUserId: 'manager75', deptId: 100, formComponentValues: form, processCode: 'PROC-X' }))).toMatchObject({ code: 'processCodeError' });
  });
  it('500 systemError and 429 are retryable', async () => {
    fake.systemError = true;
    expect(await failure(start())).toMatchObject({ code: 'SYSTEM_ERROR', retryable: true });
    fake.systemError = false;
    fake.rateLimited = true;
    expect(await failure(start())).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
  });
  it('instances are immutable in the fake (no update route, frozen values)', async () => {
    const id = await start();
    const token = fake.calls.find((c) => c.token)?.token ?? '';
    const res = await fetch(`${fake.url}/v1.0/workflow/processInstances/${id}`, { method: 'PUT', headers: { 'x-acs-dingtalk-access-token': token, 'content-type': 'application/json' }, body: '{"formComponentValues":[]}' });
    expect(res.status).toBe(405);
    expect(fake.instances.get(id)?.formComponentValues).toHaveLength(3);
    expect(Object.isFrozen(fake.instances.get(id)?.formComponentValues)).toBe(true);
  });
});

describe('getInstance', () => {
  it('approved = COMPLETED + agree; refuse → rejected; TERMINATED → cancelled', async () => {
    const a = await start();
    expect(await getInstance.run(makeCtx(creds).ctx, { instanceId: a })).toMatchObject({ status: 'RUNNING', outcome: 'pending', final: false, originatorUserId: 'manager75' });
    await fake.sendEvent('http://127.0.0.1:9/x', a, { type: 'finish', result: 'agree' }, { drop: true });
    expect(await getInstance.run(makeCtx(creds).ctx, { instanceId: a })).toMatchObject({ status: 'COMPLETED', result: 'agree', outcome: 'approved', final: true });
    const b = await start();
    await fake.sendEvent('http://127.0.0.1:9/x', b, { type: 'finish', result: 'refuse' }, { drop: true });
    expect((await getInstance.run(makeCtx(creds).ctx, { instanceId: b })).outcome).toBe('rejected');
    const c = await start();
    await fake.sendEvent('http://127.0.0.1:9/x', c, { type: 'terminate' }, { drop: true });
    expect((await getInstance.run(makeCtx(creds).ctx, { instanceId: c })).outcome).toBe('cancelled');
    expect(await failure(getInstance.run(makeCtx(creds).ctx, { instanceId: 'nope' }))).toMatchObject({ code: 'invalidParameter', retryable: false });
  });
  it('maps status and result', () => {
    expect(mapDingtalkStatus('COMPLETED', 'agree')).toBe('approved');
    expect(mapDingtalkStatus('COMPLETED', 'refuse')).toBe('rejected');
    expect(mapDingtalkStatus('TERMINATED', undefined)).toBe('cancelled');
    expect(mapDingtalkStatus('RUNNING', '')).toBe('pending');
  });
});

describe('callback crypto', () => {
  it('round-trips with the fake (independent implementation) in both directions', () => {
    const enc = encryptDingtalk('{"EventType":"check_url"}', fake.aesKey, fake.corpId);
    expect(dtDecrypt(enc, fake.aesKey)).toEqual({ msg: '{"EventType":"check_url"}', receiveId: fake.corpId });
    expect(decryptDingtalk(dtEncrypt('你好', fake.aesKey, 'corp'), fake.aesKey)).toEqual({ msg: '你好', receiveId: 'corp' });
  });
  it('also decrypts 16-byte PKCS#7 padding', () => {
    const key = Buffer.from(`${fake.aesKey}=`, 'base64');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(7);
    const c = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
    const enc = Buffer.concat([c.update(Buffer.concat([Buffer.alloc(16, 1), len, Buffer.from('success'), Buffer.from('corp')])), c.final()]).toString('base64');
    expect(decryptDingtalk(enc, fake.aesKey)).toEqual({ msg: 'success', receiveId: 'corp' });
  });
  it('signature is sha1 of the sorted concatenation', () => {
    expect(dingtalkSignature('tok', '1700', 'n', 'E')).toBe(createHash('sha1').update(['tok', '1700', 'n', 'E'].sort().join('')).digest('hex'));
  });
});

describe('callbacks', () => {
  it('answers check_url with an encrypted, signed "success" the fake accepts', async () => {
    receiver = await startReceiver(creds);
    const d = await fake.sendCheckUrl(receiver.url);
    expect(d).toMatchObject({ outcome: 200, acknowledged: true });
    expect(receiver.results[0]?.kind).toBe('check_url');
  });
  it('a finish/agree push becomes an approved event, acknowledged', async () => {
    receiver = await startReceiver(creds);
    const id = await start();
    const [d] = await fake.sendEvent(receiver.url, id, { type: 'finish', result: 'agree' });
    expect(d).toMatchObject({ outcome: 200, acknowledged: true });
    expect(receiver.results[0]).toMatchObject({ kind: 'event', eventId: d?.eventId, instanceId: id, type: 'finish', result: 'agree', outcome: 'approved', processCode: 'PROC-ROTATION' });
  });
  it('msg_signature / timeStamp query names work too; terminate has no result → cancelled', async () => {
    receiver = await startReceiver(creds);
    const id = await start();
    await fake.sendEvent(receiver.url, id, { type: 'terminate' }, { altParams: true });
    expect(receiver.results[0]).toMatchObject({ kind: 'event', type: 'terminate', outcome: 'cancelled' });
    expect(receiver.results[0]?.kind === 'event' && receiver.results[0].result).toBeUndefined();
  });
  it('duplicates parse to the same eventId (sent or derived), so the caller applies once', async () => {
    receiver = await startReceiver(creds);
    const id = await start();
    await fake.sendEvent(receiver.url, id, { type: 'finish', result: 'agree' }, { duplicate: true });
    const legacy = await start();
    await fake.sendEvent(receiver.url, legacy, { type: 'finish', result: 'refuse' }, { duplicate: true, legacy: true });
    const ids = receiver.results.map((r) => (r.kind === 'event' ? r.eventId : ''));
    expect(ids).toHaveLength(4);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).toBe(ids[3]);
    expect(ids[2]).toMatch(/^derived:/);
    expect(receiver.applied).toEqual([`${id}:approved`, `${legacy}:rejected`]);
  });
  it('a bad signature, a wrong aesKey or another corp is rejected', async () => {
    receiver = await startReceiver(creds);
    const id = await start();
    const [d] = await fake.sendEvent(receiver.url, id, { type: 'finish', result: 'agree' }, { badSignature: true });
    expect(d).toMatchObject({ outcome: 401, acknowledged: false });
    await receiver.close();
    receiver = await startReceiver({ ...creds, corpId: 'other_corp', appKey: 'other_app' });
    await fake.sendEvent(receiver.url, id, { type: 'finish', result: 'agree' });
    await receiver.close();
    receiver = await startReceiver({ ...creds, aesKey: 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210abcdefg' });
    await fake.sendEvent(receiver.url, id, { type: 'finish', result: 'agree' });
    expect(receiver.rejected).toEqual(['BAD_SIGNATURE']);
    expect(fake.deliveries.map((x) => x.outcome)).toEqual([401, 401, 401]);
  });
  it('a dropped callback is recovered by getInstance (reconciliation)', async () => {
    receiver = await startReceiver(creds);
    const id = await start();
    const [d] = await fake.sendEvent(receiver.url, id, { type: 'finish', result: 'agree' }, { drop: true });
    expect(d?.outcome).toBe('dropped');
    expect(receiver.results).toEqual([]);
    expect(await getInstance.run(makeCtx(creds).ctx, { instanceId: id })).toMatchObject({ status: 'COMPLETED', result: 'agree', outcome: 'approved', final: true });
  });
});
