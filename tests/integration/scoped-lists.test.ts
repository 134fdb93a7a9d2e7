/**
 * Scoped lists of coaching records, PIPs and goals: the caller's scope (a manager's reporting line
 * and themselves, plus the conversations they held; an employee's own) is part of the query, so
 * every page but the last holds `limit` items even when most data belongs to another line, and
 * walking the pages with `nextCursor` returns each visible item exactly once and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineCluster } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { asEmployee, GROW_DATA } from '../support/people.js';

type Api = Pick<EngineCluster, 'api'>;
let cluster: EngineCluster;

// C0 ← M1 ← (A1 ← A3), A2   and   C0 ← M2 ← B1, B2, B3
const ORG = [
  { id: 'C0', name: 'CEO', managerId: null },
  { id: 'M1', name: 'Manager One', managerId: 'C0' },
  { id: 'A1', name: 'A One', managerId: 'M1' },
  { id: 'A2', name: 'A Two', managerId: 'M1' },
  { id: 'A3', name: 'A Three', managerId: 'A1' },
  { id: 'M2', name: 'Manager Two', managerId: 'C0' },
  { id: 'B1', name: 'B One', managerId: 'M2' },
  { id: 'B2', name: 'B Two', managerId: 'M2' },
  { id: 'B3', name: 'B Three', managerId: 'M2' },
];
const M1_LINE = new Set(['M1', 'A1', 'A2', 'A3']);

/** [employee, manager who held the conversation]: mostly M2's line, so a page filtered after the query would come back short. */
const RECORDS: Array<[string, string]> = [
  ...Array.from({ length: 14 }, (_, i): [string, string] => [`B${(i % 3) + 1}`, 'M2']),
  ['A1', 'M1'], ['A2', 'M1'], ['A3', 'A1'], ['A3', 'A1'], ['A2', 'M1'], ['A1', 'M1'],
  ['M1', 'C0'],
  ['B2', 'M1'], // M1 held a conversation with someone outside their line: they see it as its actor
];
const recordId = (i: number) => `rec-${String(i).padStart(2, '0')}`;
// several records share a date: the id breaks the tie in the order and in the cursor
const recordDate = (i: number) => `2026-0${(i % 3) + 1}-${String(10 + (i % 4)).padStart(2, '0')}`;

/** Walks every page of `path` with `limit`, checking each page but the last is full. */
async function walk(api: Api, path: string, limit: number): Promise<Array<Record<string, any>>> {
  const all: Array<Record<string, any>> = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await api.api('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const { items, nextCursor } = res.body as { items: Array<Record<string, any>>; nextCursor: string | null };
    if (nextCursor) expect(items, `a page of ${path} before the last`).toHaveLength(limit);
    all.push(...items);
    if (!nextCursor) return all;
    cursor = nextCursor;
  }
  throw new Error(`${path}: more than 100 pages`);
}
const ids = (items: Array<Record<string, any>>) => items.map((x) => String(x.id));
const expectOnce = (items: Array<Record<string, any>>) => expect(new Set(ids(items)).size).toBe(items.length);

let pipCount = 0;
beforeAll(async () => {
  cluster = await EngineCluster.start({ name: `scoped-lists-${MODE}` });
  expect((await cluster.api('PUT', '/api/v1/employees', { employees: ORG })).status).toBe(200);
  for (const [i, [employeeId, managerId]] of RECORDS.entries()) {
    const res = await cluster.api('POST', '/api/v1/coaching-records', { id: recordId(i), template: 'GROW', employeeId, managerId, date: recordDate(i), data: GROW_DATA });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  // PIPs: B-line employees and A1 twice (one exited, one active), the others once
  for (const employeeId of ['B1', 'B2', 'B3', 'A1', 'B1', 'A2', 'B2', 'A3', 'B3', 'M1', 'A1']) {
    const open = await cluster.api('GET', `/api/v1/pips?employeeId=${employeeId}&status=active`);
    for (const p of open.body.items) expect((await cluster.api('POST', `/api/v1/pips/${p.id}/exit`, { outcome: 'completed', reason: 'done' })).status).toBe(200);
    const res = await cluster.api('POST', '/api/v1/pips', { employeeId, reason: `plan for ${employeeId}` });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    pipCount++;
  }
  const owners = ['B1', 'B2', 'A1', 'B3', 'M2', 'A3', 'B1', 'M1', 'B2', 'A2', 'B3', null, 'B1', 'A1'];
  const goals = owners.map((ownerId, i) => ({ id: `goal-${String(i).padStart(2, '0')}`, title: `Goal ${i}`, level: 'individual', ownerId, target: 100, startPeriod: '2026-01', deadline: '2026-12' }));
  const stored = await cluster.api('PUT', '/api/v1/goals', { goals });
  expect(stored.status, JSON.stringify(stored.body)).toBe(200);
});

afterAll(async () => {
  await cluster?.stop();
});

describe(`scoped lists (${MODE})`, () => {
  it('coaching records: a manager gets full pages of their line (and the conversations they held), each exactly once', async () => {
    const m1 = await asEmployee(cluster, 'M1', ['manager', 'employee']);
    const seen = await walk(m1, '/api/v1/coaching-records', 3);
    expectOnce(seen);
    const expected = RECORDS.map(([e, m], i) => ({ id: recordId(i), e, m })).filter((r) => M1_LINE.has(r.e) || r.m === 'M1');
    expect(ids(seen).sort()).toEqual(expected.map((r) => r.id).sort());
    expect(seen.every((r) => M1_LINE.has(r.employeeId) || r.managerId === 'M1')).toBe(true);
    // newest first: (date, id) descending across page boundaries
    const keys = seen.map((r) => `${r.date}|${r.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
    // the first page is full although most of the newest records are about the other line
    const first = await m1.api('GET', '/api/v1/coaching-records?limit=3');
    expect(first.body.items).toHaveLength(3);
  });

  it('coaching records: an employee sees what is about them or what they held; HR sees everything once', async () => {
    const a1 = await asEmployee(cluster, 'A1', ['employee']);
    const mine = await walk(a1, '/api/v1/coaching-records', 1);
    expect(ids(mine).sort()).toEqual(RECORDS.map(([e, m], i) => ({ id: recordId(i), e, m })).filter((r) => r.e === 'A1' || r.m === 'A1').map((r) => r.id).sort());
    const b2 = await asEmployee(cluster, 'B2', ['employee']);
    expect((await walk(b2, '/api/v1/coaching-records', 2)).every((r) => r.employeeId === 'B2')).toBe(true);
    const all = await walk(cluster, '/api/v1/coaching-records', 5);
    expectOnce(all);
    expect(all).toHaveLength(RECORDS.length);
  });

  it('PIPs: full pages of the line, newest first, each once; never another line', async () => {
    const m1 = await asEmployee(cluster, 'M1', ['manager', 'employee']);
    const seen = await walk(m1, '/api/v1/pips', 2);
    expectOnce(seen);
    const all = await walk(cluster, '/api/v1/pips', 3);
    expectOnce(all);
    expect(all).toHaveLength(pipCount);
    expect(ids(seen).sort()).toEqual(ids(all.filter((p) => M1_LINE.has(p.employeeId))).sort());
    expect(seen.map((p) => p.employeeId).sort()).toEqual(['A1', 'A1', 'A2', 'A3', 'M1']);
    // filters combine with the scope
    expect(ids(await walk(m1, '/api/v1/pips?status=active', 1)).sort()).toEqual(ids(seen.filter((p) => p.status === 'active')).sort());
    expect(await walk(m1, '/api/v1/pips?employeeId=B1', 2)).toEqual([]);
  });

  it('goals: full pages of the goals the line owns, by id, each once', async () => {
    const m1 = await asEmployee(cluster, 'M1', ['manager', 'employee']);
    const seen = await walk(m1, '/api/v1/goals', 2);
    expectOnce(seen);
    expect(ids(seen)).toEqual(['goal-02', 'goal-05', 'goal-07', 'goal-09', 'goal-13']);
    expect(seen.every((g) => M1_LINE.has(g.ownerId))).toBe(true);
    const all = await walk(cluster, '/api/v1/goals', 4);
    expect(ids(all)).toEqual(Array.from({ length: 14 }, (_, i) => `goal-${String(i).padStart(2, '0')}`));
    const a3 = await asEmployee(cluster, 'A3', ['employee']);
    expect(ids(await walk(a3, '/api/v1/goals', 1))).toEqual(['goal-05']);
  });

  it('a cursor that no list returned is a 400', async () => {
    const m1 = await asEmployee(cluster, 'M1', ['manager', 'employee']);
    for (const path of ['/api/v1/coaching-records', '/api/v1/pips', '/api/v1/goals']) {
      const res = await m1.api('GET', `${path}?cursor=bm90LWpzb24`);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe('INVALID_CURSOR');
    }
  });
});
