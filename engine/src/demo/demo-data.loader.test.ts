import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTriggerType } from '@coachflow/model';
import { generateDemoData } from '../domain/demo-data.js';
import { payloadProblems } from '../signals/signal-deps.js';
import { eventsOf, listenerWorkflow, publish, runsOf, startTestEngine, type TestEngine } from '../signals/signals.test-support.js';
import { demoEndWeek, loadDemoData, type FullDemoReport } from './demo-data.loader.js';

let engine: TestEngine;
let report: FullDemoReport;
let streak3: number;
const demo = generateDemoData({ seed: 42 });

beforeAll(async () => {
  engine = await startTestEngine();
  streak3 = await publish(engine.services, 'streak == 3', listenerWorkflow('kpi.deviation', { '==': [{ var: 'trigger.streak' }, 3] }));
  report = await loadDemoData(engine.services, { endWeek: demo.options.endWeek });
}, 60_000);

afterAll(async () => {
  await engine?.close();
});

describe('demo data loaded through the import paths', () => {
  it('loads the org, KPIs, readings, goals and records', () => {
    expect(report).toMatchObject({ employees: demo.org.employees.length, readings: demo.readings.length, coachingRecords: demo.coachingRecords.length });
  });

  it('a kpi.deviation workflow with streak == 3 starts exactly one run per planted streak of ≥ 3, each with its three readings', async () => {
    const planted = demo.planted.streaksOfAtLeast3;
    expect(planted.length).toBeGreaterThan(5);
    const runs = await runsOf(engine.services, streak3);
    expect(runs).toHaveLength(planted.length);
    const events = new Map((await eventsOf(engine.services, 'kpi.deviation')).map((e) => [e.id, e.payload]));
    const fired = runs.map((r) => events.get(r.eventId) as Record<string, unknown> & { kpi: { id: string }; readings: Array<{ period: string }> });
    for (const p of fired) expect(p.readings).toHaveLength(3);
    const got = fired.map((p) => `${String(p.employeeId)}|${p.kpi.id}|${String(p.direction)}|${p.readings[0]?.period}`).sort();
    const want = planted.map((s) => `${s.employeeId}|${s.kpiId}|${s.direction}|${s.startPeriod}`).sort();
    expect(got).toEqual(want);
    // Li Lei's planted streak is among them
    expect(got.some((k) => k.startsWith(`${demo.reference.liLeiId}|sales_amount|below`))).toBe(true);
  });

  it('every event emitted validates against its trigger schema, and coaching notes never travel', async () => {
    const rows = (await engine.services.db.knex('event').select('type', 'payload')) as Array<{ type: string; payload: string }>;
    const types = new Set<string>();
    for (const r of rows) {
      expect(isTriggerType(r.type)).toBe(true);
      const payload = JSON.parse(r.payload) as Record<string, unknown>;
      if (isTriggerType(r.type)) expect(payloadProblems(r.type, payload), r.type).toEqual([]);
      types.add(r.type);
      if (r.type === 'coaching.recorded') {
        expect(payload).not.toHaveProperty('data');
        expect(JSON.stringify(payload)).not.toContain('资源不足:'); // the planted notes' text
      }
    }
    expect([...types].sort()).toEqual(['coaching.recorded', 'goal.at_risk', 'kpi.deviation', 'pip.entered', 'rotation.suggested', 'strategy.drift', 'training.requested']);
  });

  it('strategy.drift fires for the drifting objective only', async () => {
    expect(report.driftingObjectives).toEqual([demo.reference.driftingObjectiveId]);
    const drift = await eventsOf(engine.services, 'strategy.drift');
    expect(drift.map((e) => (e.payload.objective as { id: string }).id)).toEqual(['OBJ-1']);
    expect(drift[0]?.payload).toMatchObject({ ownerIds: [demo.objectives[0]?.ownerIds[0]], threshold: 0.4 });
    const history = await engine.services.signals.drift.history({ limit: 10 });
    expect(history.map((h) => [h.objectiveId, h.drifting]).sort()).toEqual([['OBJ-1', true], ['OBJ-2', false], ['OBJ-3', false]]);
  });

  it('explains a kpi.deviation run: the readings, the filter with its values, the version, in both languages', async () => {
    const [run] = await runsOf(engine.services, streak3);
    const x = await engine.services.signals.explanations.explain(run?.id as number);
    expect(x.workflow).toMatchObject({ id: streak3, version: 1, name: 'streak == 3' });
    expect(x.source.kind).toBe('kpi_readings');
    expect(x.source.readings).toHaveLength(3);
    expect(x.source.stored).toHaveLength(3);
    expect(x.triggerFilter).toMatchObject({ rule: { '==': [{ var: 'trigger.streak' }, 3] }, variables: { 'trigger.streak': 3 }, result: true });
    expect(x.summary.en).toMatch(/consecutive period/);
    expect(x.summary['zh-CN']).toMatch(/连续 3 个周期/);
  });
});

describe('demoEndWeek', () => {
  it('ends the history at the last complete ISO week unless pinned', () => {
    expect(demoEndWeek({}, new Date('2026-11-26T12:00:00Z'))).toBe('2026-W47');
    expect(demoEndWeek({}, new Date('2026-11-30T00:00:00Z'))).toBe('2026-W48'); // a Monday
    expect(demoEndWeek({}, new Date('2027-01-01T08:00:00Z'))).toBe('2026-W52'); // 2027-01-01 is in 2026-W53
    expect(demoEndWeek({ COACHFLOW_DEMO_END_WEEK: '2026-W30' }, new Date('2027-06-01T00:00:00Z'))).toBe('2026-W30');
    expect(() => demoEndWeek({ COACHFLOW_DEMO_END_WEEK: '2026-07' })).toThrow(/ISO week/);
  });
});
