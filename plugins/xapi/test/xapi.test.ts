import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConnectorError } from '@coachflow/connector-sdk';
import xapi, { statementIdFor } from '../src/index.js';
import { LrsFake } from '../../../tests/contract-fakes/lrs/lrs.fake.js';
import { makeCtx } from './ctx.js';

let lrs: LrsFake;
let creds: Record<string, string>;
const send = xapi.actions.sendStatement;
const input = { employeeId: 'E102938', verb: 'assigned' as const, courseId: 'OBJ-101', courseName: 'Customer objection handling' };

beforeEach(async () => {
  lrs = await new LrsFake().start();
  creds = { endpoint: `${lrs.url}/`, username: 'lrs-user', password: 'lrs-pass', homePage: 'https://hr.example.com' };
});
afterEach(async () => {
  await lrs.stop();
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

describe('statement id', () => {
  it('is an RFC 4122 version-5 UUID (known vector) and stable per idempotency key', () => {
    expect(statementIdFor('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(statementIdFor('run-1:node-2')).toBe(statementIdFor('run-1:node-2'));
    expect(statementIdFor('run-1:node-2')).not.toBe(statementIdFor('run-1:node-3'));
    expect(statementIdFor('k')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('sendStatement', () => {
  it('posts an account-actor statement with version header and Basic auth', async () => {
    const { ctx } = makeCtx(creds, { idempotencyKey: 'run-1:xapi' });
    const out = await send.run(ctx, input);
    expect(out).toEqual({ statementId: statementIdFor('run-1:xapi'), duplicate: false });
    const call = lrs.calls[0];
    expect(call?.headers['x-experience-api-version']).toBe('1.0.3');
    expect(call?.headers.authorization).toBe(`Basic ${Buffer.from('lrs-user:lrs-pass').toString('base64')}`);
    const sent = JSON.parse(call?.body ?? '{}');
    expect(sent).toEqual({
      id: out.statementId,
      actor: { objectType: 'Agent', account: { homePage: 'https://hr.example.com', name: 'E102938' } },
      verb: { id: 'http://activitystrea.ms/schema/1.0/assign', display: { 'en-US': 'assigned' } },
      object: { objectType: 'Activity', id: 'https://hr.example.com/courses/OBJ-101', definition: { type: 'http://adlnet.gov/expapi/activities/course', name: { 'en-US': 'Customer objection handling' } } },
    });
    expect(JSON.stringify(sent)).not.toMatch(/mbox|@/);
    expect(lrs.statements.size).toBe(1);
  });
  it('a retry with the same key reuses the id and stores once', async () => {
    await send.run(makeCtx(creds, { idempotencyKey: 'run-2:xapi' }).ctx, input);
    const again = await send.run(makeCtx(creds, { idempotencyKey: 'run-2:xapi' }).ctx, input);
    expect(again.statementId).toBe(statementIdFor('run-2:xapi'));
    expect(lrs.statements.size).toBe(1);
    expect(lrs.calls.map((c) => c.status)).toEqual([200, 200]);
  });
  it('an LRS that answers 409 to every repeat: same content is success (checked by GET)', async () => {
    lrs.conflictOnAnyDuplicate = true;
    await send.run(makeCtx(creds, { idempotencyKey: 'run-3:xapi' }).ctx, input);
    expect(await send.run(makeCtx(creds, { idempotencyKey: 'run-3:xapi' }).ctx, input)).toEqual({ statementId: statementIdFor('run-3:xapi'), duplicate: true });
    expect(lrs.calls.map((c) => `${c.method} ${c.status}`)).toEqual(['POST 200', 'POST 409', 'GET 200']);
  });
  it('same id with different content is a non-retryable CONFLICT', async () => {
    await send.run(makeCtx(creds, { idempotencyKey: 'run-4:xapi' }).ctx, input);
    const f = await failure(send.run(makeCtx(creds, { idempotencyKey: 'run-4:xapi' }).ctx, { ...input, verb: 'completed' }));
    expect(f).toMatchObject({ code: 'CONFLICT', retryable: false });
  });
  it('accepts an absolute activity IRI as courseId', async () => {
    const { ctx } = makeCtx(creds);
    await send.run(ctx, { employeeId: 'E1', verb: 'completed', courseId: 'https://lms.example.com/course/ENG-101' });
    expect(JSON.parse(lrs.calls[0]?.body ?? '{}').object).toEqual({ objectType: 'Activity', id: 'https://lms.example.com/course/ENG-101' });
  });
  it('bad credentials → AUTH; 429 and 503 → retryable; bad verb → INVALID_INPUT without a call', async () => {
    expect(await failure(send.run(makeCtx({ ...creds, password: 'nope' }).ctx, input))).toMatchObject({ code: 'AUTH', retryable: false });
    lrs.mode = 'rateLimited';
    expect(await failure(send.run(makeCtx(creds).ctx, input))).toMatchObject({ code: 'HTTP_429', retryable: true });
    lrs.mode = 'unavailable';
    expect(await failure(send.run(makeCtx(creds).ctx, input))).toMatchObject({ code: 'HTTP_503', retryable: true });
    const n = lrs.calls.length;
    expect(await failure(send.run(makeCtx(creds).ctx, { ...input, verb: 'liked' as 'assigned' }))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(lrs.calls).toHaveLength(n);
  });
});

describe('the fake LRS follows xAPI 1.0.3', () => {
  const auth = { authorization: `Basic ${Buffer.from('lrs-user:lrs-pass').toString('base64')}`, 'content-type': 'application/json' };
  const st = (id: string) => ({ id, actor: { account: { homePage: 'h', name: 'n' } }, verb: { id: 'http://adlnet.gov/expapi/verbs/completed' }, object: { id: 'http://x/a' } });
  it('requires the version header (missing or ≥ 1.1.0 → 400) and always answers with it', async () => {
    const missing = await fetch(`${lrs.url}/statements`, { method: 'POST', headers: auth, body: JSON.stringify(st(statementIdFor('a'))) });
    expect(missing.status).toBe(400);
    expect(missing.headers.get('x-experience-api-version')).toBe('1.0.3');
    const future = await fetch(`${lrs.url}/statements`, { method: 'POST', headers: { ...auth, 'x-experience-api-version': '1.1.0' }, body: JSON.stringify(st(statementIdFor('a'))) });
    expect(future.status).toBe(400);
  });
  it('rejects duplicate ids in one batch (400, nothing stored); PUT answers 204', async () => {
    const id = statementIdFor('b');
    const h = { ...auth, 'x-experience-api-version': '1.0.3' };
    const batch = await fetch(`${lrs.url}/statements`, { method: 'POST', headers: h, body: JSON.stringify([st(id), st(id)]) });
    expect(batch.status).toBe(400);
    expect(lrs.statements.size).toBe(0);
    const put = await fetch(`${lrs.url}/statements?statementId=${id}`, { method: 'PUT', headers: h, body: JSON.stringify(st(id)) });
    expect(put.status).toBe(204);
    const ok = await fetch(`${lrs.url}/statements`, { method: 'POST', headers: h, body: JSON.stringify([st(statementIdFor('c')), st(statementIdFor('d'))]) });
    expect(await ok.json()).toEqual([statementIdFor('c'), statementIdFor('d')]);
  });
});
