import { describe, expect, it } from 'vitest';
import type { CoachingRecord } from './coaching-record.js';
import { generateDemoData } from './demo-data.js';
import type { Goal, StrategicObjective } from './objectives.js';
import { addPeriods } from './period.js';
import { analyseObjective, goalAtRisk, goalAtRiskSignal, linkedGoals } from './strategy-drift.js';

const weeks = (start: string, values: number[]) => values.map((progress, i) => ({ period: addPeriods(start, i), progress }));
const goal = (over: Partial<Goal>): Goal => ({
  id: 'G1', title: '拿下3家重点客户', level: 'individual', objectiveId: 'O1', ownerId: 'E1', departmentId: 'D', region: 'east_china',
  weight: 0.4, target: 100, unit: '%', startPeriod: '2026-W01', deadline: '2026-W10', history: [], keyResults: [], ...over,
});

describe('goalAtRisk', () => {
  it('on track: linear forecast reaches the target', () => {
    const g = goal({ history: weeks('2026-W01', [10, 20, 30, 40, 50]) });
    const r = goalAtRisk(g, '2026-W05');
    expect(r).toMatchObject({ atRisk: false, reason: null, progress: 50 });
    expect(r.forecast).toBeCloseTo(100, 5);
  });

  it('stalled: no progress for 3 periods', () => {
    const g = goal({ history: weeks('2026-W01', [10, 20, 30, 30, 30, 30]) });
    expect(goalAtRisk(g, '2026-W05').reason).not.toBe('stalled'); // only 2 periods without progress
    expect(goalAtRisk(g, '2026-W06')).toMatchObject({ atRisk: true, reason: 'stalled', periods: 3 });
    expect(goalAtRisk(g, '2026-W06', { stalledPeriods: 4 }).reason).not.toBe('stalled');
  });

  it('missing updates count as no progress', () => {
    const g = goal({ history: weeks('2026-W01', [10, 20, 30]) });
    expect(goalAtRisk(g, '2026-W06')).toMatchObject({ atRisk: true, reason: 'stalled', periods: 3 });
  });

  it('forecast_miss: slow progress, counting consecutive periods', () => {
    const g = goal({ history: weeks('2026-W01', [5, 10, 15, 20, 25]) });
    const r = goalAtRisk(g, '2026-W05');
    expect(r).toMatchObject({ atRisk: true, reason: 'forecast_miss', progress: 25, periods: 5 });
    expect(r.forecast).toBeCloseTo(50, 5);
    expect(goalAtRisk(g, '2026-W05', { forecastMissPeriods: 6 }).atRisk).toBe(false);
  });

  it('a reached target is never at risk; a passed deadline forecasts the current progress', () => {
    expect(goalAtRisk(goal({ history: weeks('2026-W01', [100, 100, 100, 100]) }), '2026-W04').atRisk).toBe(false);
    const late = goalAtRisk(goal({ deadline: '2026-W03', history: weeks('2026-W01', [10, 20, 30, 40]) }), '2026-W04');
    expect(late.forecast).toBe(40);
    expect(late.atRisk).toBe(true);
  });

  it('builds the goal.at_risk payload', () => {
    const g = goal({ history: weeks('2026-W01', [10, 20, 30, 30, 30, 30, 30]) });
    expect(goalAtRiskSignal(g, '2026-W06')).toEqual({
      employeeId: 'E1', goal: { id: 'G1', title: '拿下3家重点客户', objectiveId: 'O1', weight: 0.4 }, reason: 'stalled', periods: 3,
      progress: 30, forecast: expect.any(Number), target: 100, deadline: '2026-W10', history: weeks('2026-W01', [10, 20, 30, 30, 30, 30]),
    });
    expect(goalAtRiskSignal(goal({ ownerId: null, history: g.history }), '2026-W06')).toBeNull();
    expect(goalAtRiskSignal(goal({ history: weeks('2026-W01', [10, 20]) }), '2026-W02')).toBeNull();
  });
});

describe('analyseObjective', () => {
  const objective: StrategicObjective = { id: 'O1', title: '拓展重点客户', titleEn: 'Grow key accounts', ownerIds: ['E0002'], region: 'east_china', keyResults: [] };
  const healthy = weeks('2026-W01', [10, 20, 30, 40, 50, 60]);
  const stalled = weeks('2026-W01', [10, 20, 30, 30, 30, 30]);
  const record = (i: number, over: Partial<CoachingRecord>): CoachingRecord => ({
    id: `CR${i}`, template: 'GROW', employeeId: 'E1', managerId: 'E2', date: '2026-02-09', region: 'east_china', departmentId: 'D',
    data: {}, conclusions: {}, obstacleThemes: ['resource_shortage'], ...over,
  });

  it('follows parent links, computes the share at risk and the trend', () => {
    const goals = [
      goal({ id: 'A', history: healthy }),
      goal({ id: 'B', objectiveId: undefined, parentGoalId: 'A', history: stalled }),
      goal({ id: 'C', objectiveId: undefined, parentGoalId: 'B', history: healthy }),
      goal({ id: 'X', objectiveId: 'O2', history: stalled }),
      goal({ id: 'Y', objectiveId: undefined, history: stalled }),
    ];
    expect(linkedGoals('O1', goals).map((g) => g.id)).toEqual(['A', 'B', 'C']);
    const a = analyseObjective({ objective, goals, coachingRecords: [], now: '2026-W06', window: 4, threshold: 0.3 });
    expect(a.measures).toMatchObject({ linkedGoals: 3, unownedKeyResults: 0 });
    expect(a.measures.goalsAtRiskShare).toBeCloseTo(1 / 3);
    expect(a.trend.map((t) => t.period)).toEqual(['2026-W03', '2026-W04', '2026-W05', '2026-W06']);
    expect(a.trend[3]?.goalsAtRiskShare).toBeCloseTo(1 / 3);
    expect(a.trend[0]?.goalsAtRiskShare).toBe(0);
    expect(a).toMatchObject({ drifting: true, reasons: ['goals_at_risk'] });
    expect(a.signal).toMatchObject({ objective: { id: 'O1', title: '拓展重点客户' }, ownerIds: ['E0002'], threshold: 0.3, region: 'east_china' });
    expect(analyseObjective({ objective, goals, coachingRecords: [], now: '2026-W06', threshold: 0.4 }).drifting).toBe(false);
  });

  it('counts obstacle themes of records in the region or about the objective, inside the window', () => {
    const goals = [goal({ id: 'A', history: healthy })];
    const records = [
      ...[0, 1, 2, 3].map((i) => record(i, {})),
      record(4, { region: 'north_china', objectiveId: 'O1' }),
      record(5, { region: 'north_china' }), // other region, not about O1
      record(6, { date: '2025-10-01' }), // outside the window
      record(7, { obstacleThemes: ['skill_gap', 'resource_shortage'] }),
    ];
    const a = analyseObjective({ objective, goals, coachingRecords: records, now: '2026-W07', window: 4 });
    expect(a.measures.obstacleThemes).toEqual([{ theme: 'resource_shortage', count: 6 }, { theme: 'skill_gap', count: 1 }]);
    expect(a.reasons).toEqual(['obstacle_themes']);
    expect(analyseObjective({ objective, goals, coachingRecords: records, now: '2026-W07', window: 4, obstacleThemeMin: 7 }).drifting).toBe(false);
  });

  it('unowned key results and objectives without goals drift', () => {
    const withUnowned = { ...objective, keyResults: [{ id: 'K', title: 'k', ownerId: null, weight: 1, target: 1, unit: '', history: [] }] };
    expect(analyseObjective({ objective: withUnowned, goals: [goal({ history: healthy })], coachingRecords: [], now: '2026-W06' }).reasons).toEqual(['unowned_key_results']);
    expect(analyseObjective({ objective, goals: [], coachingRecords: [], now: '2026-W06' }).reasons).toEqual(['no_linked_goals']);
  });

  it('on the demo data, objective 1 drifts and 2 and 3 do not, for several seeds', () => {
    for (const seed of [42, 1, 2, 3]) {
      const d = generateDemoData({ seed });
      const result = d.objectives.map((o) => analyseObjective({ objective: o, goals: d.goals, coachingRecords: d.coachingRecords, now: d.options.endWeek }));
      expect(result.map((r) => r.drifting), `seed ${seed}`).toEqual([true, false, false]);
      expect(result[0]?.reasons, `seed ${seed}`).toContain('goals_at_risk');
      expect(result[0]?.reasons, `seed ${seed}`).toContain('obstacle_themes');
      const trend = result[0]?.trend ?? [];
      expect(trend[trend.length - 1]?.goalsAtRiskShare ?? 0).toBeGreaterThan(trend[0]?.goalsAtRiskShare ?? 1);
    }
  });
});
