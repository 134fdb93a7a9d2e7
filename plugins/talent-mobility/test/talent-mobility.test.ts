import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConnectorError } from '@coachflow/connector-sdk';
import talent, { parseWebhook, verifyWebhook } from '../src/index.js';
import { TalentMobilityFake } from '../../../tests/contract-fakes/talent-mobility/talent-mobility.fake.js';
import { makeCtx } from './ctx.js';

let fake: TalentMobilityFake;
let creds: Record<string, string>;
const { createRotationRequest, getRotationRequest, cancelRotationRequest } = talent.actions;
const request = { employeeRef: 'E102938', source: 'coaching' as const, targetRole: 'Key account manager', rationale: 'GROW record: wants to move to key accounts', requestedBy: 'M2001', approvalRef: 'approval-77', effectiveDate: '2025-09-01', evidenceRef: 'coaching-record-5' };

beforeEach(async () => {
  fake = await new TalentMobilityFake().start();
  creds = { baseUrl: fake.url, token: 'talent-token', webhookSecret: fake.webhookSecret };
});
afterEach(async () => {
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

/** Stands in for the engine's webhook route: verify, parse, dedupe by event id. */
async function startReceiver(secret: string) {
  const applied: string[] = [];
  const seen = new Set<string>();
  const statuses: number[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    if (!verifyWebhook(raw, req.headers['x-signature'] as string | undefined, secret)) {
      statuses.push(401);
      res.writeHead(401).end();
      return;
    }
    const event = parseWebhook(raw);
    if (!seen.has(event.eventId)) {
      seen.add(event.eventId);
      applied.push(`${event.data.id}:${event.data.status}`);
    }
    statuses.push(200);
    res.writeHead(200).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/talent`, applied, statuses, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

describe('declaration', () => {
  it('createRotationRequest is high impact and declares what it sends', () => {
    expect(createRotationRequest.highImpact).toBe(true);
    expect(createRotationRequest.sends).toEqual(expect.arrayContaining(['employeeRef', 'rationale', 'evidenceRef']));
    expect(talent.credentials?.token?.secret).toBe(true);
  });
});

describe('createRotationRequest', () => {
  it('creates with the idempotency key (201) and a retry returns the same resource (200)', async () => {
    const first = await createRotationRequest.run(makeCtx(creds, { idempotencyKey: 'run-1:rot' }).ctx, request);
    expect(first).toEqual({ id: 'rr_1', status: 'submitted', created: true });
    const again = await createRotationRequest.run(makeCtx(creds, { idempotencyKey: 'run-1:rot' }).ctx, request);
    expect(again).toEqual({ id: 'rr_1', status: 'submitted', created: false });
    expect(fake.requests.size).toBe(1);
    expect(fake.calls.map((c) => [c.idempotencyKey, c.status])).toEqual([
      ['run-1:rot', 201],
      ['run-1:rot', 200],
    ]);
    expect(fake.requests.get('rr_1')).toMatchObject({ employeeRef: 'E102938', source: 'coaching', approvalRef: 'approval-77' });
  });
  it('the same key with a different body is a non-retryable mismatch', async () => {
    await createRotationRequest.run(makeCtx(creds, { idempotencyKey: 'k' }).ctx, request);
    expect(await failure(createRotationRequest.run(makeCtx(creds, { idempotencyKey: 'k' }).ctx, { ...request, targetRole: 'Other' }))).toMatchObject({ code: 'IDEMPOTENCY_MISMATCH', retryable: false });
  });
  it('validation, auth, rate limit and outage', async () => {
    expect(await failure(createRotationRequest.run(makeCtx(creds).ctx, { ...request, effectiveDate: '1 Sept' }))).toMatchObject({ code: 'INVALID_REQUEST', retryable: false });
    expect(await failure(createRotationRequest.run(makeCtx(creds).ctx, { ...request, targetRole: undefined }))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await failure(createRotationRequest.run(makeCtx({ ...creds, token: 'bad' }).ctx, request))).toMatchObject({ code: 'AUTH', retryable: false });
    fake.mode = 'rateLimited';
    const limited = await failure(createRotationRequest.run(makeCtx(creds).ctx, request));
    expect(limited).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(limited.message).toContain('retry after 2 s');
    fake.mode = 'unavailable';
    expect(await failure(createRotationRequest.run(makeCtx(creds).ctx, request))).toMatchObject({ code: 'HTTP_503', retryable: true });
  });
});

describe('getRotationRequest / cancelRotationRequest', () => {
  it('reads the status; unknown id is NOT_FOUND', async () => {
    const { id } = await createRotationRequest.run(makeCtx(creds).ctx, request);
    await fake.setStatus(id, 'under_review');
    expect(await getRotationRequest.run(makeCtx(creds).ctx, { id })).toMatchObject({ id, status: 'under_review' });
    expect(await failure(getRotationRequest.run(makeCtx(creds).ctx, { id: 'rr_404' }))).toMatchObject({ code: 'NOT_FOUND', retryable: false });
  });
  it('cancels (twice is fine) but not a decided request', async () => {
    const { id } = await createRotationRequest.run(makeCtx(creds).ctx, request);
    expect((await cancelRotationRequest.run(makeCtx(creds).ctx, { id, reason: 'employee declined' })).status).toBe('cancelled');
    expect((await cancelRotationRequest.run(makeCtx(creds).ctx, { id })).status).toBe('cancelled');
    const other = await createRotationRequest.run(makeCtx(creds).ctx, { ...request, targetRole: 'Sales ops' });
    await fake.setStatus(other.id, 'approved');
    expect(await failure(cancelRotationRequest.run(makeCtx(creds).ctx, { id: other.id }))).toMatchObject({ code: 'INVALID_STATE', retryable: false });
  });
});

describe('webhooks', () => {
  const body = JSON.stringify({ eventId: 'evt_1', type: 'rotation_request.status_changed', data: { id: 'rr_1', status: 'approved', updatedAt: '2025-08-01T10:00:00.000Z' } });
  const sign = (b: string, secret = 'whsec-test') => `sha256=${createHmac('sha256', secret).update(b).digest('hex')}`;

  it('verifyWebhook accepts the right signature only', () => {
    expect(verifyWebhook(body, sign(body), 'whsec-test')).toBe(true);
    expect(verifyWebhook(Buffer.from(body), sign(body), 'whsec-test')).toBe(true);
    expect(verifyWebhook(body, sign(body, 'other'), 'whsec-test')).toBe(false);
    expect(verifyWebhook(body.replace('approved', 'rejected'), sign(body), 'whsec-test')).toBe(false);
    expect(verifyWebhook(body, sign(body).slice(0, 20), 'whsec-test')).toBe(false);
    expect(verifyWebhook(body, undefined, 'whsec-test')).toBe(false);
    expect(verifyWebhook(body, sign(body), '')).toBe(false);
  });
  it('parseWebhook returns the event and rejects other shapes', () => {
    expect(parseWebhook(body)).toEqual({ eventId: 'evt_1', type: 'rotation_request.status_changed', data: { id: 'rr_1', status: 'approved', updatedAt: '2025-08-01T10:00:00.000Z' } });
    expect(() => parseWebhook('{"eventId":"x","type":"other"}')).toThrow(/status_changed/);
    expect(() => parseWebhook('nope')).toThrow(/JSON/);
  });
  it('the fake delivers signed webhooks; a duplicate delivery parses to the same eventId and is applied once', async () => {
    const receiver = await startReceiver(creds.webhookSecret as string);
    fake.webhookUrl = receiver.url;
    fake.duplicateWebhooks = true;
    const { id } = await createRotationRequest.run(makeCtx(creds).ctx, request);
    const deliveries = await fake.setStatus(id, 'approved');
    expect(deliveries.map((d) => d.outcome)).toEqual([200, 200]);
    expect(deliveries[0]?.eventId).toBe(deliveries[1]?.eventId);
    expect(receiver.applied).toEqual([`${id}:approved`]);
    await receiver.close();
  });
  it('a receiver with the wrong secret refuses (401)', async () => {
    const receiver = await startReceiver('not-the-secret');
    fake.webhookUrl = receiver.url;
    const { id } = await createRotationRequest.run(makeCtx(creds).ctx, request);
    expect((await fake.setStatus(id, 'rejected'))[0]?.outcome).toBe(401);
    expect(receiver.applied).toEqual([]);
    await receiver.close();
  });
  it('a dropped webhook is recovered by polling getRotationRequest', async () => {
    const receiver = await startReceiver(creds.webhookSecret as string);
    fake.webhookUrl = receiver.url;
    fake.dropWebhooks = true;
    const { id } = await createRotationRequest.run(makeCtx(creds).ctx, request);
    await fake.setStatus(id, 'approved');
    expect(receiver.statuses).toEqual([]);
    expect(await getRotationRequest.run(makeCtx(creds).ctx, { id })).toMatchObject({ id, status: 'approved' });
    await receiver.close();
  });
});
