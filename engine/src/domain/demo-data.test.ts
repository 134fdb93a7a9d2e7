import { describe, expect, it } from 'vitest';
import { generateDemoData } from './demo-data.js';
import { findStreaks, fullRecompute, resolveRange } from './kpi-streak.js';
import type { KpiReading } from './kpi-streak.js';
import { managementChain } from './org.js';
import { addPeriods, comparePeriods } from './period.js';
import { analyseObjective } from './strategy-drift.js';

const data = generateDemoData();

function pairs(readings: KpiReading[]): Map<string, KpiReading[]> {
  const m = new Map<string, KpiReading[]>();
  for (const r of readings) {
    const key = `${r.employeeId}|${r.kpiId}`;
    m.set(key, [...(m.get(key) ?? []), r]);
  }
  for (const list of m.values()) list.sort((a, b) => comparePeriods(a.period, b.period));
  return m;
}
const rangeFor = (employeeId: string, kpiId: string) => {
  const e = data.org.employees.find((x) => x.id === employeeId);
  const k = data.kpis.find((x) => x.id === kpiId);
  if (!e || !k) throw new Error('unknown');
  return resolveRange(k, { employeeId: e.id, jobFamily: e.jobFamily });
};

describe('generateDemoData', () => {
  it('is deterministic per seed', () => {
    expect(JSON.stringify(generateDemoData())).toBe(JSON.stringify(data));
    expect(JSON.stringify(generateDemoData({ seed: 7 }))).not.toBe(JSON.stringify(data));
  });

  it('has the requested sizes', () => {
    expect(data.org.employees).toHaveLength(200);
    expect(data.org.teams).toHaveLength(12);
    expect(data.org.departments.map((d) => d.name)).toEqual(['销售部', '客户成功部', '研发部', '人力资源部']);
    expect(data.org.executiveIds.length).toBeGreaterThanOrEqual(2);
    expect(data.org.hrbpIds.length).toBeGreaterThanOrEqual(1);
    expect(data.objectives).toHaveLength(3);
    const weeks = new Set(data.readings.map((r) => r.period));
    expect(weeks.size).toBe(26);
    expect([...weeks].sort(comparePeriods)[25]).toBe('2026-W47');
    const small = generateDemoData({ employees: 60, teams: 6, weeks: 12 });
    expect(small.org.employees).toHaveLength(60);
    expect(small.org.teams).toHaveLength(6);
  });

  it('gives every employee an existing manager except the CEO, without cycles', () => {
    const ids = new Set(data.org.employees.map((e) => e.id));
    const roots = data.org.employees.filter((e) => e.managerId === null);
    expect(roots.map((e) => e.id)).toEqual([data.org.company.ceoId]);
    for (const e of data.org.employees) {
      if (e.managerId !== null) expect(ids.has(e.managerId)).toBe(true);
      const chain = managementChain(data.org.employees, e.id);
      expect(new Set(chain).size).toBe(chain.length);
      if (e.id !== data.org.company.ceoId) expect(chain[chain.length - 1]).toBe(data.org.company.ceoId);
    }
    for (const t of data.org.teams) expect(ids.has(t.managerId)).toBe(true);
    expect(new Set(data.org.employees.map((e) => e.email)).size).toBe(200);
  });

  it('includes Li Lei in a sales team with manager, skip-level and HRBP', () => {
    const li = data.org.employees.find((e) => e.id === data.reference.liLeiId);
    expect(li).toMatchObject({ name: '李雷', nameEn: 'Li Lei', jobFamily: 'sales', departmentId: 'D-SALES' });
    const manager = data.org.employees.find((e) => e.id === data.reference.managerId);
    expect(manager?.name).toBe('韩梅梅');
    expect(data.org.teams.find((t) => t.id === li?.teamId)?.managerId).toBe(manager?.id);
    expect(data.reference.skipLevelManagerId).toBe(data.org.departments.find((d) => d.id === 'D-SALES')?.headId);
    expect(data.org.hrbpIds).toContain(data.reference.hrbpId);
  });

  it("Li Lei's sales are below range for exactly the last 3 weeks", () => {
    const history = pairs(data.readings).get(`${data.reference.liLeiId}|sales_amount`) ?? [];
    const state = fullRecompute(history, rangeFor(data.reference.liLeiId, 'sales_amount'));
    expect(state).toMatchObject({ direction: 'below', length: 3, lastPeriod: '2026-W47', firedForStreakStart: addPeriods('2026-W47', -2) });
    expect(data.planted.streaksOfAtLeast3).toContainEqual({
      employeeId: data.reference.liLeiId, kpiId: 'sales_amount', direction: 'below', startPeriod: '2026-W45', endPeriod: '2026-W47', length: 3,
    });
  });

  it('lists planted streaks consistent with the detector, including a restart and a gap', () => {
    const planted = data.planted.streaksOfAtLeast3;
    expect(planted.length).toBeGreaterThanOrEqual(9);
    expect(new Set(planted.map((s) => s.direction))).toEqual(new Set(['above', 'below']));
    const recomputed = [...pairs(data.readings)].flatMap(([key, list]) => {
      const [employeeId = '', kpiId = ''] = key.split('|');
      return findStreaks(list, rangeFor(employeeId, kpiId), 3);
    });
    expect(new Set(recomputed.map((s) => JSON.stringify(s)))).toEqual(new Set(planted.map((s) => JSON.stringify(s))));
    // one employee has two streaks of ≥ 3 (break and restart)
    const perPair = new Map<string, number>();
    for (const s of planted) perPair.set(`${s.employeeId}|${s.kpiId}`, (perPair.get(`${s.employeeId}|${s.kpiId}`) ?? 0) + 1);
    expect([...perPair.values()]).toContain(2);
    // one planted pair has a missing week
    const byPair = pairs(data.readings);
    expect(data.planted.deviations.some((d) => (byPair.get(`${d.employeeId}|${d.kpiId}`)?.length ?? 0) < 26)).toBe(true);
  });

  it('plants a drifting objective 1 and healthy objectives 2 and 3', () => {
    const [o1, o2, o3] = data.objectives.map((objective) =>
      analyseObjective({ objective, goals: data.goals, coachingRecords: data.coachingRecords, now: '2026-W47' }),
    );
    expect(o1?.measures.goalsAtRiskShare).toBeGreaterThanOrEqual(0.4);
    expect(o1?.drifting).toBe(true);
    expect(o1?.measures.obstacleThemes[0]).toMatchObject({ theme: 'resource_shortage' });
    expect(o1?.measures.unownedKeyResults).toBe(1);
    for (const o of [o2, o3]) {
      expect(o?.drifting).toBe(false);
      expect(o?.measures.goalsAtRiskShare).toBeLessThan(0.4);
      expect(o?.measures.unownedKeyResults).toBe(0);
    }
  });

  it('coaching records use the four templates and cite resource shortage in East China', () => {
    expect(new Set(data.coachingRecords.map((r) => r.template))).toEqual(new Set(['GROW', '5R', 'BEST', 'QUICK_REVIEW']));
    const shortage = data.coachingRecords.filter((r) => r.obstacleThemes.includes('resource_shortage'));
    expect(shortage.length).toBeGreaterThanOrEqual(5);
    expect(shortage.every((r) => r.region === 'east_china')).toBe(true);
    expect(data.coachingRecords.some((r) => r.conclusions.training)).toBe(true);
  });

  it('rejects bad options', () => {
    expect(() => generateDemoData({ endWeek: '2026-13' })).toThrow(RangeError);
    expect(() => generateDemoData({ employees: 10 })).toThrow(RangeError);
  });
});
