import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServices, createServices } from '../engine.js';
import { createLogger } from '../logger.js';
import { payloadProblems } from './signal-deps.js';
import { eventsOf, listenerWorkflow, publish, runsOf, startTestEngine, type TestEngine } from './signals.test-support.js';

let engine: TestEngine;
let streak3: number;
let anyDeviation: number;

const EMPLOYEES = [
  { id: 'M1', name: '韩梅梅', jobFamily: 'management', roles: 'manager' },
  { id: 'S1', name: '李雷', jobFamily: 'sales', managerId: 'M1' },
  { id: 'S2', name: '王芳', jobFamily: 'sales', managerId: 'M1' },
  { id: 'S3', name: '陈静', jobFamily: 'sales', managerId: 'M1' },
  { id: 'E1', name: '赵强', jobFamily: 'engineering', managerId: 'M1' },
];

const csv = (rows: Array<[string, string, string, number | string, (number | string)?]>) =>
  ['employeeId,kpiId,period,value,target', ...rows.map(([e, k, p, v, t]) => `${e},${k},${p},${v},${t ?? ''}`)].join('\n');

beforeAll(async () => {
  engine = await startTestEngine();
  const s = engine.services;
  const imported = await s.signals.directoryImports.import({ kind: 'employees', format: 'json', mode: 'full', data: EMPLOYEES });
  expect(imported.errors).toEqual([]);
  await s.signals.kpis.upsert([
    { id: 'sales_amount', name: '销售额', unit: '万元', period: 'week', direction: 'higher_is_better', range: { low: 0, high: null }, overrides: [{ jobFamily: 'sales', range: { target: 50, tolerance: 10 } }] },
    { id: 'nps', name: 'NPS', unit: '', period: 'month', direction: 'higher_is_better', range: { low: 30, high: null } },
  ]);
  streak3 = await publish(s, 'streak == 3', listenerWorkflow('kpi.deviation', { '==': [{ var: 'trigger.streak' }, 3] }));
  anyDeviation = await publish(s, 'any deviation', listenerWorkflow('kpi.deviation'));
});

afterAll(async () => {
  await engine?.close();
});

describe('KPI readings import', () => {
  it('emits kpi.deviation for every out-of-range reading with the streak evidence; streak == 3 fires once per streak', async () => {
    const s = engine.services;
    const result = await s.signals.readings.importCsv(
      csv([
        ['S1', 'sales_amount', '2026-W01', 50],
        ['S1', 'sales_amount', '2026-W02', 30],
        ['S1', 'sales_amount', '2026-W03', 31],
        ['S1', 'sales_amount', '2026-W04', 32],
        ['S1', 'sales_amount', '2026-W05', 33],
        ['S1', 'sales_amount', '2026-W06', 55],
      ]),
      { batchSize: 2 },
    );
    expect(result).toMatchObject({ status: 'applied', total: 6, accepted: 6, rejected: 0, events: 4 });
    const runs = await runsOf(s, streak3);
    expect(runs).toHaveLength(1);
    const events = await eventsOf(s, 'kpi.deviation');
    const third = events.find((e) => e.id === runs[0]?.eventId);
    expect(third?.payload).toMatchObject({ employeeId: 'S1', direction: 'below', streak: 3, period: '2026-W04', range: { low: 40, high: 60 }, streakStart: '2026-W02' });
    expect((third?.payload.readings as unknown[]).map((r) => (r as { period: string }).period)).toEqual(['2026-W02', '2026-W03', '2026-W04']);
    expect(third?.key).toBe('kpi.deviation:S1:sales_amount:below:2026-W02:3');
    for (const e of events) expect(payloadProblems('kpi.deviation', e.payload)).toEqual([]);
    const [state] = await s.signals.readings.streaks('S1', 'sales_amount');
    expect(state).toMatchObject({ lastPeriod: '2026-W06', direction: null, length: 0 });
  });

  it('a re-import of the same readings changes nothing and emits nothing', async () => {
    const s = engine.services;
    const before = (await eventsOf(s, 'kpi.deviation')).length;
    const again = await s.signals.readings.importCsv(csv([['S1', 'sales_amount', '2026-W03', 31], ['S1', 'sales_amount', '2026-W04', 32]]));
    expect(again).toMatchObject({ accepted: 2, unchanged: 2, corrected: 0, events: 0 });
    expect((await eventsOf(s, 'kpi.deviation')).length).toBe(before);
  });

  it('reports bad lines with their reason and keeps the good ones', async () => {
    const s = engine.services;
    const result = await s.signals.readings.importCsv(
      [
        'employeeId,kpiId,period,value,target',
        'S2,sales_amount,2026-W01,52,',
        'NOBODY,sales_amount,2026-W01,10,',
        'S2,unknown_kpi,2026-W01,10,',
        'S2,sales_amount,2026-13,10,',
        'S2,sales_amount,2026-W02,abc,',
        'S2,sales_amount,2026-W02',
        'S2,nps,2026-W02,10,',
        'S2,sales_amount,2026-W02,48,',
      ].join('\n'),
    );
    expect(result.accepted).toBe(2);
    expect(result.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'unknown_employee'],
      [4, 'unknown_kpi'],
      [5, 'invalid_period'],
      [6, 'invalid_number'],
      [7, 'field_count'],
      [8, 'invalid_period'],
    ]);
  });

  it('a gap breaks a streak; a late reading that fills it recomputes the pair and fires the merged streak once', async () => {
    const s = engine.services;
    const r1 = await s.signals.readings.importList(
      [
        { employeeId: 'S3', kpiId: 'sales_amount', period: '2026-W10', value: 20 },
        { employeeId: 'S3', kpiId: 'sales_amount', period: '2026-W11', value: 21 },
        { employeeId: 'S3', kpiId: 'sales_amount', period: '2026-W13', value: 22 },
        { employeeId: 'S3', kpiId: 'sales_amount', period: '2026-W14', value: 23 },
      ],
      { source: 'api' },
    );
    expect(r1.events).toBe(4);
    const key = (start: string, n: number) => `kpi.deviation:S3:sales_amount:below:${start}:${n}`;
    let keys = (await eventsOf(s, 'kpi.deviation')).map((e) => e.key).filter((k) => k.includes(':S3:'));
    expect(keys).toEqual([key('2026-W10', 1), key('2026-W10', 2), key('2026-W13', 1), key('2026-W13', 2)]);
    // W12 arrives late and out of range: W10..W14 is one streak of 5; lengths 3, 4, 5 are new.
    const late = await s.signals.readings.importList([{ employeeId: 'S3', kpiId: 'sales_amount', period: '2026-W12', value: 19 }], { source: 'api' });
    expect(late).toMatchObject({ corrected: 1, events: 3 });
    keys = (await eventsOf(s, 'kpi.deviation')).map((e) => e.key).filter((k) => k.includes(':S3:'));
    expect(keys.slice(4)).toEqual([key('2026-W10', 3), key('2026-W10', 4), key('2026-W10', 5)]);
    const [state] = await s.signals.readings.streaks('S3', 'sales_amount');
    expect(state).toMatchObject({ direction: 'below', length: 5, firedForStreakStart: '2026-W10' });
    // A correction of W12 back into range splits it again; the live tail W13–W14 is a new streak (lengths 1, 2 already fired).
    const fix = await s.signals.readings.importList([{ employeeId: 'S3', kpiId: 'sales_amount', period: '2026-W12', value: 50 }], { source: 'api' });
    expect(fix).toMatchObject({ corrected: 1, events: 0, duplicateEvents: 2 });
    const [after] = await s.signals.readings.streaks('S3', 'sales_amount');
    expect(after).toMatchObject({ length: 2, firedForStreakStart: '2026-W13' });
    // streak == 3 fired for S1 and for the merged S3 streak, once each
    expect(await runsOf(s, streak3)).toHaveLength(2);
  });

  it('uses a reading’s own target and the employee’s range (job family override vs default)', async () => {
    const s = engine.services;
    await s.signals.readings.importList(
      [
        { employeeId: 'E1', kpiId: 'sales_amount', period: '2026-W01', value: 5 }, // default range low 0: in range
        { employeeId: 'S2', kpiId: 'sales_amount', period: '2026-W03', value: 75, target: 80 }, // 80 ± 10: in
        { employeeId: 'S2', kpiId: 'sales_amount', period: '2026-W04', value: 75, target: 100 }, // 100 ± 10: below
      ],
      { source: 'api' },
    );
    const e1 = await s.signals.readings.streaks('E1', 'sales_amount');
    expect(e1[0]?.length).toBe(0);
    const [s2] = await s.signals.readings.streaks('S2', 'sales_amount');
    expect(s2).toMatchObject({ direction: 'below', length: 1, readings: [{ period: '2026-W04', value: 75, low: 90, high: 110 }] });
    expect((await runsOf(s, anyDeviation)).length).toBeGreaterThan(0);
  });
});

describe('KPI readings import across batches (states carried from one batch to the next)', () => {
  let own: TestEngine;
  const week = (n: number) => `2026-W${String(n).padStart(2, '0')}`;
  const reading = (employeeId: string, w: number, value: number) => ({ employeeId, kpiId: 'sales_amount', period: week(w), value });
  const keysOf = async (s: TestEngine['services'], employeeId: string) =>
    (await eventsOf(s, 'kpi.deviation')).map((e) => e.key).filter((k) => k.includes(`:${employeeId}:`)).map((k) => k.replace(`:${employeeId}:`, ':_:'));

  beforeAll(async () => {
    own = await startTestEngine();
    const s = own.services;
    const people = ['A1', 'A2', 'B1', 'C1'].map((id) => ({ id, name: id, jobFamily: 'sales' }));
    expect((await s.signals.directoryImports.import({ kind: 'employees', format: 'json', mode: 'full', data: people })).errors).toEqual([]);
    await s.signals.kpis.upsert([{ id: 'sales_amount', name: '销售额', unit: '万元', period: 'week', direction: 'higher_is_better', range: { target: 50, tolerance: 10 } }]);
  });

  afterAll(async () => {
    await own?.close();
  });

  it('a streak that crosses batch boundaries gives the same events and state as one batch', async () => {
    const s = own.services;
    const values = [30, 31, 32, 33, 55, 30, 31, 70, 71, 72];
    const series = (id: string) => values.map((v, i) => reading(id, i + 1, v));
    const split = await s.signals.readings.importList(series('A1'), { source: 'api', batchSize: 3 });
    const whole = await s.signals.readings.importList(series('A2'), { source: 'api', batchSize: 100 });
    expect(split).toMatchObject({ accepted: 10, events: 9 });
    expect(whole).toMatchObject({ accepted: 10, events: 9 });
    expect(await keysOf(s, 'A1')).toEqual(await keysOf(s, 'A2'));
    expect(await keysOf(s, 'A1')).toContain('kpi.deviation:_:sales_amount:below:2026-W01:4');
    const [a1] = await s.signals.readings.streaks('A1', 'sales_amount');
    const [a2] = await s.signals.readings.streaks('A2', 'sales_amount');
    expect(a1).toMatchObject({ direction: 'above', length: 3, lastPeriod: week(10) });
    expect({ ...a1, employeeId: '_' }).toEqual({ ...a2, employeeId: '_' });
  });

  it('an import that writes the same pair between two batches of another is not overwritten by a stale state', async () => {
    const s = own.services;
    async function* items() {
      yield { line: 1, reading: reading('B1', 1, 30) }; // batch 1 (size 1): streak 1
      // Between the batches, another import (same process) continues the streak: W02 makes it 2.
      const other = await s.signals.readings.importList([reading('B1', 2, 31)], { source: 'api' });
      expect(other).toMatchObject({ events: 1 });
      yield { line: 2, reading: reading('B1', 3, 32) }; // must see W02: streak 3, not a new streak of 1
    }
    const result = await s.signals.readings.run(items(), { source: 'api', batchSize: 1 });
    expect(result).toMatchObject({ accepted: 2, events: 2 });
    expect(await keysOf(s, 'B1')).toEqual(['kpi.deviation:_:sales_amount:below:2026-W01:1', 'kpi.deviation:_:sales_amount:below:2026-W01:2', 'kpi.deviation:_:sales_amount:below:2026-W01:3']);
    const [b1] = await s.signals.readings.streaks('B1', 'sales_amount');
    expect(b1).toMatchObject({ lastPeriod: week(3), length: 3, direction: 'below' });
  });

  it('a write through another connection to the database file between two batches is seen too', async () => {
    const s = own.services;
    const other = await createServices(s.config, { migrate: false, log: createLogger('silent') });
    try {
      async function* items() {
        yield { line: 1, reading: reading('C1', 1, 30) };
        const r = await other.signals.readings.importList([reading('C1', 2, 31)], { source: 'api' });
        expect(r).toMatchObject({ events: 1 });
        yield { line: 2, reading: reading('C1', 3, 32) };
      }
      const result = await s.signals.readings.run(items(), { source: 'api', batchSize: 1 });
      expect(result).toMatchObject({ accepted: 2, events: 2 });
    } finally {
      await closeServices(other);
    }
    expect(await keysOf(s, 'C1')).toEqual(['kpi.deviation:_:sales_amount:below:2026-W01:1', 'kpi.deviation:_:sales_amount:below:2026-W01:2', 'kpi.deviation:_:sales_amount:below:2026-W01:3']);
    const [c1] = await s.signals.readings.streaks('C1', 'sales_amount');
    expect(c1).toMatchObject({ lastPeriod: week(3), length: 3 });
  });
});
