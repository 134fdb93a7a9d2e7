/**
 * Deterministic demo data for the reference scenario: organisation, objectives and goals, KPI
 * definitions and weekly readings with planted deviations, and coaching records. Plain data, no
 * I/O; the same options always give the same data (seeded mulberry32, never Math.random).
 */
import type { CoachingRecord } from './coaching-record.js';
import { generateCoachingRecords } from './demo/coaching-generator.js';
import { generateKpiData } from './demo/kpi-generator.js';
import { generateObjectives } from './demo/objective-generator.js';
import { generateOrg } from './demo/org-generator.js';
import { createRng, subSeed } from './demo/prng.js';
import type { KpiDefinition } from './kpi-definition.js';
import type { KpiReading, StreakSummary } from './kpi-streak.js';
import type { Goal, StrategicObjective } from './objectives.js';
import type { Org } from './org.js';
import { skipLevelManagerId } from './org.js';
import { addPeriods, periodIndex } from './period.js';

export { COACHING_TEMPLATES, validateCoachingForm } from './coaching-templates.js';
export { DEMO_KPIS } from './demo/kpi-generator.js';

/** Options of {@link generateDemoData}. */
export interface DemoDataOptions {
  seed?: number;
  /** Everyone in the directory, executives included (default 200). */
  employees?: number;
  /** Teams (default 12; 4–18). */
  teams?: number;
  /** Weeks of KPI readings and goal progress (default 26; at least 8). */
  weeks?: number;
  /** Last week of data, ISO week (default `2026-W47`). */
  endWeek?: string;
}

/** The generated data set. */
export interface DemoData {
  options: Required<DemoDataOptions>;
  startWeek: string;
  org: Org;
  objectives: StrategicObjective[];
  goals: Goal[];
  kpis: KpiDefinition[];
  readings: KpiReading[];
  coachingRecords: CoachingRecord[];
  /** The people of the reference scenario. */
  reference: { liLeiId: string; managerId: string; skipLevelManagerId: string; hrbpId: string; driftingObjectiveId: string };
  planted: {
    /** Every streak of length ≥ 3 in the readings, found by running the streak detector. */
    streaksOfAtLeast3: StreakSummary[];
    /** Employee-KPI pairs that got a deliberate deviation. */
    deviations: Array<{ employeeId: string; kpiId: string }>;
  };
}

/** Generates the demo data set. */
export function generateDemoData(options: DemoDataOptions = {}): DemoData {
  const opts: Required<DemoDataOptions> = { seed: 42, employees: 200, teams: 12, weeks: 26, endWeek: '2026-W47', ...options };
  periodIndex(opts.endWeek); // validates
  if (!opts.endWeek.includes('-W')) throw new RangeError('endWeek must be an ISO week');
  if (opts.weeks < 8 || opts.weeks > 104) throw new RangeError('weeks must be between 8 and 104');

  const org = generateOrg(createRng(subSeed(opts.seed, 'org')), opts.employees, opts.teams);
  const liLei = org.employees.find((e) => e.name === '李雷');
  if (!liLei?.managerId || !liLei.hrbpId) throw new Error('demo org lacks Li Lei');
  const { objectives, goals } = generateObjectives(createRng(subSeed(opts.seed, 'objectives')), org, opts.weeks, opts.endWeek, liLei.id);
  const kpi = generateKpiData(createRng(subSeed(opts.seed, 'kpi')), org.employees, opts.weeks, opts.endWeek, liLei.id);
  const coachingRecords = generateCoachingRecords(createRng(subSeed(opts.seed, 'coaching')), org, opts.weeks, opts.endWeek);

  return {
    options: opts,
    startWeek: addPeriods(opts.endWeek, -(opts.weeks - 1)),
    org,
    objectives,
    goals,
    kpis: kpi.definitions,
    readings: kpi.readings,
    coachingRecords,
    reference: {
      liLeiId: liLei.id,
      managerId: liLei.managerId,
      skipLevelManagerId: skipLevelManagerId(org.employees, liLei.id) ?? '',
      hrbpId: liLei.hrbpId,
      driftingObjectiveId: 'OBJ-1',
    },
    planted: { streaksOfAtLeast3: kpi.streaksOfAtLeast3, deviations: kpi.plantedFor },
  };
}
