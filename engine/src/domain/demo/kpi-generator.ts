/**
 * Demo KPI definitions and weekly readings with noise, plus planted sustained deviations:
 * Li Lei's sales below range for exactly the last 3 weeks and streaks for other employees
 * (above and below, one that breaks and restarts, one around a gap).
 */
import type { KpiDefinition, KpiRange } from '../kpi-definition.js';
import { boundsOf, resolveRange } from '../kpi-definition.js';
import { findStreaks } from '../kpi-streak.js';
import type { KpiReading, StreakDirection, StreakSummary } from '../kpi-streak.js';
import type { Employee, JobFamily } from '../org.js';
import { addPeriods } from '../period.js';
import type { Rng } from './prng.js';

/** The demo KPIs and the job family each applies to. */
export const DEMO_KPIS: ReadonlyArray<{ definition: KpiDefinition; jobFamily: JobFamily }> = [
  {
    jobFamily: 'sales',
    definition: {
      id: 'sales_amount', name: '销售额', unit: '万元', period: 'week', direction: 'higher_is_better',
      range: { low: 0, high: null },
      overrides: [{ jobFamily: 'sales', range: { target: 50, tolerance: 12 } }],
    },
  },
  {
    jobFamily: 'customer_success',
    definition: {
      id: 'ticket_resolution_hours', name: '工单解决时长', unit: '小时', period: 'week', direction: 'lower_is_better',
      range: { low: 0, high: 48 },
      overrides: [{ jobFamily: 'customer_success', range: { target: 12, tolerance: 6 } }],
    },
  },
  {
    jobFamily: 'engineering',
    definition: {
      id: 'delivery_on_time_rate', name: '按时交付率', unit: '%', period: 'week', direction: 'higher_is_better',
      range: { low: 85, high: 100 },
    },
  },
];

/** A planted deviation: week offsets from the first generated week (for 26 weeks), aligned to the end. */
interface Plant {
  kpiId: string;
  direction: StreakDirection;
  /** Out-of-range week indexes (26-week layout). */
  weeks: number[];
  /** Week indexes without a reading. */
  missing?: number[];
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const OTHER_PLANTS: Plant[] = [
  { kpiId: 'sales_amount', direction: 'below', weeks: range(8, 11) },
  { kpiId: 'sales_amount', direction: 'below', weeks: range(14, 18) },
  { kpiId: 'sales_amount', direction: 'above', weeks: range(5, 7) },
  { kpiId: 'ticket_resolution_hours', direction: 'above', weeks: range(10, 13) },
  { kpiId: 'ticket_resolution_hours', direction: 'above', weeks: range(23, 25) },
  { kpiId: 'ticket_resolution_hours', direction: 'below', weeks: range(3, 5) },
  { kpiId: 'delivery_on_time_rate', direction: 'below', weeks: range(12, 15) },
  // breaks and restarts: 3 below, 1 in range, 3 below
  { kpiId: 'delivery_on_time_rate', direction: 'below', weeks: [...range(6, 8), ...range(10, 12)] },
  // a gap: 2 below, a missing week, 3 below (only the last 3 form a streak of ≥ 3)
  { kpiId: 'delivery_on_time_rate', direction: 'below', weeks: [15, 16, ...range(18, 20)], missing: [17] },
];
const LI_LEI_PLANT: Plant = { kpiId: 'sales_amount', direction: 'below', weeks: range(23, 25) };

/** Result of the KPI generation. */
export interface DemoKpiData {
  definitions: KpiDefinition[];
  readings: KpiReading[];
  /** Employees with a planted deviation, by KPI. */
  plantedFor: Array<{ employeeId: string; kpiId: string }>;
  streaksOfAtLeast3: StreakSummary[];
}

function inRangeValue(rng: Rng, r: KpiRange, spread: number): number {
  const b = boundsOf(r);
  const low = b.low ?? 0;
  const high = b.high ?? low * 2 + 100;
  const center = 'target' in r ? r.target : low + (high - low) * 0.55;
  const half = (high - low) / 2;
  const v = center + rng.normal(0, half * spread);
  return Math.round(Math.min(high, Math.max(low, v)) * 10) / 10;
}

function outOfRangeValue(rng: Rng, r: KpiRange, direction: StreakDirection): number {
  const b = boundsOf(r);
  const low = b.low ?? 0;
  const high = b.high ?? low * 2 + 100;
  const width = high - low;
  const delta = width * (0.05 + 0.3 * rng.next());
  const v = direction === 'below' ? low - delta : high + delta;
  return Math.max(0, Math.round(v * 10) / 10);
}

/**
 * Generates readings for every employee of each KPI's job family over `weeks` weeks ending at
 * `endWeek`, then plants deviations and computes the streaks of length ≥ 3 with the detector.
 */
export function generateKpiData(rng: Rng, employees: readonly Employee[], weeks: number, endWeek: string, liLeiId: string): DemoKpiData {
  const startWeek = addPeriods(endWeek, -(weeks - 1));
  const shift = weeks - 26; // plants are laid out for 26 weeks, aligned to the end
  const definitions = DEMO_KPIS.map((k) => k.definition);
  const readings: KpiReading[] = [];
  const plantedFor: Array<{ employeeId: string; kpiId: string }> = [];

  const plantsBy = new Map<string, Plant>();
  plantsBy.set(`${liLeiId}|sales_amount`, LI_LEI_PLANT);
  for (const { definition, jobFamily } of DEMO_KPIS) {
    const candidates = rng.shuffle(employees.filter((e) => e.jobFamily === jobFamily && e.status === 'active' && e.id !== liLeiId));
    OTHER_PLANTS.filter((p) => p.kpiId === definition.id).forEach((p, i) => {
      const e = candidates[i];
      if (e) plantsBy.set(`${e.id}|${definition.id}`, p);
    });
  }

  const byPair = new Map<string, KpiReading[]>();
  for (const { definition, jobFamily } of DEMO_KPIS) {
    for (const e of employees.filter((x) => x.jobFamily === jobFamily)) {
      const r = resolveRange(definition, { employeeId: e.id, jobFamily: e.jobFamily });
      const plant = plantsBy.get(`${e.id}|${definition.id}`);
      const out = new Set((plant?.weeks ?? []).map((w) => w + shift));
      const missing = new Set((plant?.missing ?? []).map((w) => w + shift));
      // Employees on leave have no readings for their last two weeks.
      if (e.status === 'on_leave') [weeks - 1, weeks - 2].forEach((w) => missing.add(w));
      const pair: KpiReading[] = [];
      for (let w = 0; w < weeks; w++) {
        const noise = inRangeValue(rng, r, 0.3);
        const stray = !plant && rng.chance(0.01); // a few isolated out-of-range readings
        if (missing.has(w)) continue;
        let value = noise;
        if (out.has(w) && plant) value = outOfRangeValue(rng, r, plant.direction);
        else if (stray) value = outOfRangeValue(rng, r, rng.chance(0.5) ? 'above' : 'below');
        else if (plant) value = inRangeValue(rng, r, 0.15);
        pair.push({ employeeId: e.id, kpiId: definition.id, period: addPeriods(startWeek, w), value });
      }
      if (plant) plantedFor.push({ employeeId: e.id, kpiId: definition.id });
      readings.push(...pair);
      byPair.set(`${e.id}|${definition.id}`, pair);
    }
  }

  const streaksOfAtLeast3: StreakSummary[] = [];
  const family = new Map(employees.map((e) => [e.id, e]));
  for (const [key, pair] of byPair) {
    const [employeeId = '', kpiId = ''] = key.split('|');
    const def = definitions.find((d) => d.id === kpiId) as KpiDefinition;
    const emp = family.get(employeeId) as Employee;
    streaksOfAtLeast3.push(...findStreaks(pair, resolveRange(def, { employeeId: emp.id, jobFamily: emp.jobFamily }), 3));
  }
  streaksOfAtLeast3.sort((a, b) => a.employeeId.localeCompare(b.employeeId) || a.kpiId.localeCompare(b.kpiId) || a.startPeriod.localeCompare(b.startPeriod));
  return { definitions, readings, plantedFor, streaksOfAtLeast3 };
}
