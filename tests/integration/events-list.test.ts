/**
 * GET /api/v1/events: recent accepted events with their payload for the designer's test-run
 * picker — newest first, filtered by trigger type, keyset-paginated, HR only (payloads are about
 * employees), and a bad query is a 400.
 */
import { TRIGGER_CATALOGUE } from '@coachflow/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineCluster, type ApiAnswer } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { PEOPLE_ORG, roleTokens, type RoleName } from '../support/people.js';

let cluster: EngineCluster;
let tokens: Record<RoleName, string>;
const posted: Array<{ id: number; type: string; marker: number }> = [];

async function post(type: 'kpi.deviation' | 'training.requested', marker: number): Promise<void> {
  const example = structuredClone(TRIGGER_CATALOGUE[type].example) as Record<string, unknown>;
  const payload = type === 'kpi.deviation' ? { ...example, employeeId: 'E9003', streak: marker } : { ...example, employeeId: 'E9004' };
  const res = await cluster.api('POST', '/api/v1/events', { type, idempotencyKey: `events-list-${process.pid}-${type}-${marker}`, payload });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  posted.push({ id: res.body.eventId, type, marker });
}

beforeAll(async () => {
  cluster = await EngineCluster.start({ name: `events-list-${MODE}` });
  expect((await cluster.api('PUT', '/api/v1/employees', { employees: PEOPLE_ORG })).status).toBe(200);
  tokens = await roleTokens(cluster);
  // Interleaved: five KPI deviations (streak 1…5) and three training requests.
  for (let i = 1; i <= 5; i++) {
    await post('kpi.deviation', i);
    if (i <= 3) await post('training.requested', i);
  }
});

afterAll(async () => {
  await cluster?.stop();
});

describe(`events list (${MODE})`, () => {
  it('returns events of the type, newest first, with payload, employee and times', async () => {
    const res = await cluster.as(tokens.hr).api('GET', '/api/v1/events?type=kpi.deviation&limit=20');
    expect(res.status).toBe(200);
    const items = res.body.items as Array<{ id: number; type: string; payload: { streak: number }; employeeId: string; occurredAt: string; receivedAt: string; runCount: number }>;
    const expected = posted.filter((p) => p.type === 'kpi.deviation').sort((a, b) => b.id - a.id);
    expect(items.map((e) => e.id)).toEqual(expected.map((p) => p.id));
    expect(items.map((e) => e.payload.streak)).toEqual([5, 4, 3, 2, 1]);
    expect(items.every((e) => e.type === 'kpi.deviation' && e.employeeId === 'E9003' && e.runCount === 0)).toBe(true);
    expect(Number.isNaN(Date.parse(items[0]!.receivedAt))).toBe(false);
    expect(Number.isNaN(Date.parse(items[0]!.occurredAt))).toBe(false);
    expect(res.body.nextCursor).toBeNull();

    const training = await cluster.as(tokens.hr).api('GET', '/api/v1/events?type=training.requested');
    expect(training.body.items.map((e: { type: string }) => e.type)).toEqual(['training.requested', 'training.requested', 'training.requested']);

    // Without a type: every type, still newest first.
    const all = await cluster.as(tokens.hr).api('GET', '/api/v1/events?limit=100');
    const ids = all.body.items.map((e: { id: number }) => e.id);
    expect(ids).toEqual([...posted].sort((a, b) => b.id - a.id).map((p) => p.id));
  });

  it('pages with nextCursor until the last page, without gaps or repeats', async () => {
    const hr = cluster.as(tokens.hr);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: ApiAnswer = await hr.api('GET', `/api/v1/events?type=kpi.deviation&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((e: { payload: { streak: number } }) => e.payload.streak));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([5, 4, 3, 2, 1]);
  });

  it('refuses other roles with 403 and anonymous callers with 401', async () => {
    for (const who of ['it', 'manager', 'executive', 'employee'] as const) {
      const res = await cluster.as(tokens[who]).api('GET', '/api/v1/events?type=kpi.deviation');
      expect(res.status, who).toBe(403);
      expect(JSON.stringify(res.body)).not.toContain('E9003');
    }
    expect((await cluster.as(null).api('GET', '/api/v1/events')).status).toBe(401);
  });

  it('answers 400 to an unknown type, a bad limit or cursor, or an unknown parameter', async () => {
    const hr = cluster.as(tokens.hr);
    for (const q of ['type=no.such', 'limit=abc', 'limit=-1', 'cursor=x', 'employee=E9003']) {
      const res = await hr.api('GET', `/api/v1/events?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.body.error.code).toBe('INVALID_QUERY');
    }
  });
});
