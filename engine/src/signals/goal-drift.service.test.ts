import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../domain/demo-data.js';
import { demoDirectoryFeed, demoGoalFeed } from '../demo/demo-data.loader.js';
import { payloadProblems } from './signal-deps.js';
import { eventsOf, listenerWorkflow, publish, runsOf, startTestEngine, type TestEngine } from './signals.test-support.js';
import { runDriftIfDue } from './drift-schedule.js';

let engine: TestEngine;

beforeAll(async () => {
  // runDriftIfDue reads the process environment, like the runtime does
  process.env.COACHFLOW_DRIFT_EVERY_MS = '60000';
  engine = await startTestEngine({ COACHFLOW_DRIFT_EVERY_MS: '60000' });
  await engine.services.signals.directoryImports.import({
    format: 'json',
    mode: 'full',
    data: { employees: [{ id: 'X1', name: '赵敏', roles: ['executive'] }, { id: 'L1', name: '李雷', managerId: 'X1' }] },
  });
});

afterAll(async () => {
  delete process.env.COACHFLOW_DRIFT_EVERY_MS;
  await engine?.close();
});

describe('goals and goal.at_risk', () => {
  it('emits goal.at_risk once per risk episode after a progress update, with the history as evidence', async () => {
    const s = engine.services;
    const wf = await publish(s, 'at risk', listenerWorkflow('goal.at_risk'));
    await s.signals.goals.upsert({
      objectives: [{ id: 'O1', title: '拓展重点客户', ownerIds: ['X1'], keyResults: [{ id: 'KR1', title: '收入 +30%', ownerId: null, target: 30, startPeriod: '2026-W01', deadline: '2026-W20' }] }],
      goals: [{ id: 'G1', title: '拿下3家重点客户', level: 'individual', objectiveId: 'O1', ownerId: 'L1', weight: 0.4, target: 100, unit: '%', startPeriod: '2026-W01', deadline: '2026-W40', history: [{ period: '2026-W01', progress: 10 }, { period: '2026-W02', progress: 20 }, { period: '2026-W03', progress: 30 }] }],
    });
    const fine = await s.signals.goals.recordProgress('G1', '2026-W04', 40);
    expect(fine.risk.atRisk).toBe(false);
    expect(fine.event).toBeNull();
    expect((await s.signals.goals.recordProgress('G1', '2026-W05', 40)).event).toBeNull();
    expect((await s.signals.goals.recordProgress('G1', '2026-W06', 40)).event).toBeNull();
    const stalled = await s.signals.goals.recordProgress('G1', '2026-W07', 40);
    expect(stalled.risk).toMatchObject({ atRisk: true, reason: 'stalled', periods: 3 });
    expect(stalled.event?.duplicate).toBe(false);
    const more = await s.signals.goals.recordProgress('G1', '2026-W08', 40);
    expect(more.risk.periods).toBe(4);
    expect(more.event?.duplicate).toBe(true); // same episode, same event
    const [e] = await eventsOf(s, 'goal.at_risk');
    expect(e?.key).toBe('goal.at_risk:G1:stalled:2026-W04');
    expect(e?.payload).toMatchObject({ employeeId: 'L1', goal: { id: 'G1', objectiveId: 'O1', weight: 0.4 }, reason: 'stalled', periods: 3, progress: 40, target: 100, deadline: '2026-10-04' });
    expect((e?.payload.history as unknown[]).length).toBe(7);
    expect(payloadProblems('goal.at_risk', e?.payload ?? {})).toEqual([]);
    expect(await runsOf(s, wf)).toHaveLength(1);
    await expect(s.signals.goals.recordProgress('NOPE', '2026-W08', 1)).rejects.toMatchObject({ status: 404 });
    await expect(s.signals.goals.recordProgress('G1', '2026-08', 1)).rejects.toMatchObject({ status: 400 });
  });
});

describe('strategy drift', () => {
  it('on the demo goals and records: OBJ-1 drifts, OBJ-2 and OBJ-3 do not; history is kept; the schedule runs once per interval', async () => {
    const s = engine.services;
    const demo = generateDemoData({ seed: 42 });
    await s.signals.directoryImports.import({ format: 'json', mode: 'full', data: demoDirectoryFeed(demo), confirmed: true });
    await s.db.knex('objective').delete();
    await s.db.knex('goal').delete();
    await s.db.knex('goal_progress').delete();
    await s.signals.goals.upsert(demoGoalFeed(demo));
    await s.db.knex.transaction(async (trx) => {
      for (const r of demo.coachingRecords) {
        await s.signals.coaching.saveWithin(trx, { id: r.id, template: r.template, employeeId: r.employeeId, managerId: r.managerId, date: r.date, ...(r.objectiveId ? { objectiveId: r.objectiveId } : {}), obstacleThemes: r.obstacleThemes, data: { ...r.data, conclusions: r.conclusions } }, { source: 'demo', strict: false });
      }
    });
    const drift = await publish(s, 'drift', listenerWorkflow('strategy.drift'));
    expect(await s.signals.drift.asOfPeriod()).toBe(demo.options.endWeek);

    const now = Date.now();
    await runDriftIfDue(s.runtime.deps, now);
    expect((await s.signals.drift.history({ limit: 10 })).map((h) => h.objectiveId).sort()).toEqual(['OBJ-1', 'OBJ-2', 'OBJ-3']);
    await runDriftIfDue(s.runtime.deps, now + 1000); // not due yet: nothing analysed
    expect(await s.signals.drift.history({ limit: 10 })).toHaveLength(3);
    const events = await eventsOf(s, 'strategy.drift');
    expect(events.map((e) => (e.payload.objective as { id: string }).id)).toEqual(['OBJ-1']);
    const p = events[0]?.payload as Record<string, unknown>;
    expect(payloadProblems('strategy.drift', p)).toEqual([]);
    expect(p).toMatchObject({ ownerIds: demo.objectives[0]?.ownerIds, region: 'east_china', period: demo.options.endWeek });
    expect((p.reasons as string[]).sort()).toEqual(expect.arrayContaining(['goals_at_risk', 'unowned_key_results']));
    expect((p.measures as { obstacleThemes: Array<{ theme: string }> }).obstacleThemes[0]?.theme).toBe('resource_shortage');
    expect((p.trend as unknown[]).length).toBe(8);
    expect(await runsOf(s, drift)).toHaveLength(1);
    for (const g of await eventsOf(s, 'goal.at_risk')) expect(payloadProblems('goal.at_risk', g.payload)).toEqual([]);

    // due again after the interval: analysed again (history grows), but the same week's event is not repeated
    expect(await s.signals.drift.runIfDue(now + 61_000)).toEqual(expect.any(Array));
    expect(await eventsOf(s, 'strategy.drift')).toHaveLength(1);
    const history = await s.signals.drift.history({ objectiveId: 'OBJ-1', limit: 10 });
    expect(history.map((h) => h.source)).toEqual(['schedule', 'schedule']);
    const explained = await s.signals.explanations.explain((await runsOf(s, drift))[0]?.id as number);
    expect(explained.source).toMatchObject({ kind: 'drift_analysis', analysis: { objectiveId: 'OBJ-1', drifting: true } });
    expect(explained.summary.en).toContain('is drifting');
  });
});

describe('KPI definitions', () => {
  it('imports definitions from CSV with overrides, and reports bad lines', async () => {
    const csv = [
      'id,name,unit,period,direction,target,tolerance,toleranceKind,low,high,jobFamily,employeeId',
      'sales_amount,销售额,万元,week,higher_is_better,,,,0,,,',
      'sales_amount,,,,,50,12,,,,sales,',
      'sales_amount,,,,,80,0.2,relative,,,,L1',
      'nps,NPS,,quarter,,,,,30,,,',
      'tickets,工单解决时长,小时,week,lower_is_better,,,,10,5,,',
      'ghost,,,,,1,1,,,,sales,',
    ].join('\n');
    const r = await engine.services.signals.kpis.importCsv(csv);
    expect(r.upserted).toBe(1);
    expect(r.errors.map((e) => [e.line, e.code])).toEqual([[7, 'unknown_kpi'], [5, 'invalid_kpi'], [6, 'invalid_kpi']]);
    expect(await engine.services.signals.kpis.get('sales_amount')).toMatchObject({
      range: { low: 0, high: null },
      overrides: [{ jobFamily: 'sales', range: { target: 50, tolerance: 12 } }, { employeeId: 'L1', range: { target: 80, tolerance: 0.2, toleranceKind: 'relative' } }],
    });
  });
});
