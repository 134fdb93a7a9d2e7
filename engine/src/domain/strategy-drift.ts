/**
 * Strategy drift analysis (战略执行偏差预警), pure: whether an objective's linked goals are at risk
 * (stalled, or a linear forecast misses the target by the deadline), whether key results are
 * unowned (无人认领), and which obstacle themes coaching records in its region keep citing.
 * Produces the `goal.at_risk` and `strategy.drift` trigger payloads.
 */
import type { CoachingRecord, ObstacleTheme } from './coaching-record.js';
import type { Goal, KeyResult, ProgressPoint, StrategicObjective } from './objectives.js';
import { addPeriods, comparePeriods, periodIndex, periodOfDate, periodsBetween, previousPeriod } from './period.js';

/** Options of {@link goalAtRisk}. */
export interface GoalRiskOptions {
  /** Periods without progress that make a goal stalled (default 3). */
  stalledPeriods?: number;
  /** Consecutive periods the forecast must miss before the goal is at risk (default 1). */
  forecastMissPeriods?: number;
  /** Latest history points used by the linear forecast (default 8). */
  forecastWindow?: number;
}

/** Risk assessment of one goal at a period. */
export interface GoalRisk {
  atRisk: boolean;
  reason: 'stalled' | 'forecast_miss' | null;
  /** Progress forecast at the deadline (never below current progress). */
  forecast: number;
  /** Current progress (latest point at or before `now`; 0 without history). */
  progress: number;
  /** How many periods the condition has held (stalled periods, or consecutive forecast misses). */
  periods: number;
}

/** Payload of a `goal.at_risk` trigger event. */
export interface GoalAtRiskSignal {
  employeeId: string;
  goal: { id: string; title: string; objectiveId?: string; weight: number };
  reason: 'stalled' | 'forecast_miss';
  periods: number;
  progress: number;
  forecast: number;
  target: number;
  deadline: string;
  history: ProgressPoint[];
}

type Trackable = Pick<Goal, 'target' | 'deadline' | 'history'> & { startPeriod?: string };

function historyUpTo(goal: Trackable, now: string): ProgressPoint[] {
  return goal.history.filter((p) => comparePeriods(p.period, now) <= 0).sort((a, b) => comparePeriods(a.period, b.period));
}

/** Least-squares linear forecast of progress at the deadline from the latest `window` points. */
function forecastAt(points: ProgressPoint[], goal: Trackable, now: string, window: number): number {
  const current = points[points.length - 1]?.progress ?? 0;
  if (comparePeriods(now, goal.deadline) >= 0) return current;
  let pts = points.slice(-window);
  if (pts.length < 2) {
    const origin = previousPeriod(goal.startPeriod ?? pts[0]?.period ?? now);
    pts = [{ period: origin, progress: 0 }, ...pts];
    if (pts.length < 2) return current;
  }
  const xs = pts.map((p) => periodIndex(p.period));
  const ys = pts.map((p) => p.progress);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * ((ys[i] ?? 0) - my);
    sxx += (x - mx) ** 2;
  });
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const projected = my + slope * (periodIndex(goal.deadline) - mx);
  return Math.max(current, projected);
}

/**
 * Whether a goal (or key result) is at risk at period `now`: `stalled` when its progress has not
 * increased for `stalledPeriods` periods (default 3); otherwise `forecast_miss` when the linear
 * forecast of its progress at the deadline is below the target (for `forecastMissPeriods`
 * consecutive periods). A goal that reached its target is never at risk.
 */
export function goalAtRisk(goal: Trackable, now: string, options: GoalRiskOptions = {}): GoalRisk {
  const stalledN = options.stalledPeriods ?? 3;
  const missN = options.forecastMissPeriods ?? 1;
  const window = options.forecastWindow ?? 8;
  const points = historyUpTo(goal, now);
  const progress = points[points.length - 1]?.progress ?? 0;
  const forecast = forecastAt(points, goal, now, window);
  if (progress >= goal.target) return { atRisk: false, reason: null, forecast, progress, periods: 0 };

  let lastChange = goal.startPeriod ?? points[0]?.period ?? now;
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i] as ProgressPoint;
    const prevProgress = i > 0 ? (points[i - 1] as ProgressPoint).progress : 0;
    if (p.progress > prevProgress) {
      lastChange = p.period;
      break;
    }
  }
  const stalledFor = Math.max(0, periodsBetween(lastChange, now));
  if (stalledFor >= stalledN) return { atRisk: true, reason: 'stalled', forecast, progress, periods: stalledFor };

  if (forecast >= goal.target) return { atRisk: false, reason: null, forecast, progress, periods: 0 };
  let misses = 1;
  for (let back = 1; back < 52; back++) {
    const at = addPeriods(now, -back);
    const earlier = points.filter((p) => comparePeriods(p.period, at) <= 0);
    if (earlier.length === 0 || forecastAt(earlier, goal, at, window) >= goal.target) break;
    misses++;
  }
  return misses >= missN
    ? { atRisk: true, reason: 'forecast_miss', forecast, progress, periods: misses }
    : { atRisk: false, reason: null, forecast, progress, periods: misses };
}

/** The `goal.at_risk` payload for an at-risk goal with an owner, else null. */
export function goalAtRiskSignal(goal: Goal, now: string, options: GoalRiskOptions = {}): GoalAtRiskSignal | null {
  const risk = goalAtRisk(goal, now, options);
  if (!risk.atRisk || !risk.reason || !goal.ownerId) return null;
  return {
    employeeId: goal.ownerId,
    goal: { id: goal.id, title: goal.title, ...(goal.objectiveId ? { objectiveId: goal.objectiveId } : {}), weight: goal.weight },
    reason: risk.reason,
    periods: risk.periods,
    progress: risk.progress,
    forecast: risk.forecast,
    target: goal.target,
    deadline: goal.deadline,
    history: historyUpTo(goal, now),
  };
}

/** Measures behind a drift decision. */
export interface DriftMeasures {
  unownedKeyResults: number;
  goalsAtRiskShare: number;
  linkedGoals: number;
  obstacleThemes: Array<{ theme: ObstacleTheme; count: number }>;
}

/** Payload of a `strategy.drift` trigger event. */
export interface StrategyDriftSignal {
  objective: { id: string; title: string };
  ownerIds: string[];
  measures: DriftMeasures;
  trend: Array<{ period: string; goalsAtRiskShare: number }>;
  threshold: number;
  region?: string;
}

/** Input of {@link analyseObjective}. */
export interface AnalyseObjectiveInput {
  objective: StrategicObjective;
  /** All goals; the linked ones (directly or through parent goals) are selected here. */
  goals: readonly Goal[];
  coachingRecords: readonly CoachingRecord[];
  /** Period of the analysis (ISO week). */
  now: string;
  /** Periods of trend and of coaching records considered (default 8). */
  window?: number;
  /** Share of linked goals at risk at or above which the objective drifts (default 0.4). */
  threshold?: number;
  /** Records citing one theme in the window at or above which the objective drifts (default 5). */
  obstacleThemeMin?: number;
  risk?: GoalRiskOptions;
}

/** Why an objective drifts. */
export type DriftReason = 'goals_at_risk' | 'unowned_key_results' | 'obstacle_themes' | 'no_linked_goals';

export interface ObjectiveAnalysis {
  drifting: boolean;
  reasons: DriftReason[];
  measures: DriftMeasures;
  trend: Array<{ period: string; goalsAtRiskShare: number }>;
  /** The `strategy.drift` payload (emit it when `drifting`). */
  signal: StrategyDriftSignal;
}

/** Goals linked to an objective directly or through a chain of parent goals. */
export function linkedGoals(objectiveId: string, goals: readonly Goal[]): Goal[] {
  const byId = new Map(goals.map((g) => [g.id, g]));
  const linked = (g: Goal, seen: Set<string>): boolean => {
    if (g.objectiveId !== undefined) return g.objectiveId === objectiveId;
    if (!g.parentGoalId || seen.has(g.id)) return false;
    seen.add(g.id);
    const parent = byId.get(g.parentGoalId);
    return parent ? linked(parent, seen) : false;
  };
  return goals.filter((g) => linked(g, new Set()));
}

const share = (goals: readonly Goal[], at: string, risk: GoalRiskOptions | undefined): number =>
  goals.length === 0 ? 0 : goals.filter((g) => goalAtRisk(g, at, risk).atRisk).length / goals.length;

/**
 * Analyses one objective at period `now`: drifting when the share of linked goals at risk reaches
 * `threshold`, when a key result is unowned, when one obstacle theme is cited in at least
 * `obstacleThemeMin` coaching records of the window (records about the objective, or in its region
 * when it is regional), or when no goal is linked to it at all.
 */
export function analyseObjective(input: AnalyseObjectiveInput): ObjectiveAnalysis {
  const { objective, now } = input;
  const window = input.window ?? 8;
  const threshold = input.threshold ?? 0.4;
  const themeMin = input.obstacleThemeMin ?? 5;
  const goals = linkedGoals(objective.id, input.goals);

  const krs: KeyResult[] = [...objective.keyResults, ...goals.flatMap((g) => g.keyResults)];
  const unownedKeyResults = krs.filter((k) => k.ownerId === null).length;
  const goalsAtRiskShare = share(goals, now, input.risk);

  const from = addPeriods(now, -(window - 1));
  const counts = new Map<ObstacleTheme, number>();
  for (const r of input.coachingRecords) {
    const period = periodOfDate(r.date, 'week');
    if (comparePeriods(period, from) < 0 || comparePeriods(period, now) > 0) continue;
    const relevant = r.objectiveId === objective.id || (objective.region !== undefined && r.region === objective.region);
    if (!relevant) continue;
    for (const t of new Set(r.obstacleThemes)) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const obstacleThemes = [...counts.entries()]
    .map(([theme, count]) => ({ theme, count }))
    .sort((a, b) => b.count - a.count || a.theme.localeCompare(b.theme));

  const trend = Array.from({ length: window }, (_, i) => {
    const period = addPeriods(from, i);
    return { period, goalsAtRiskShare: share(goals, period, input.risk) };
  });

  const reasons: DriftReason[] = [];
  if (goals.length === 0) reasons.push('no_linked_goals');
  else if (goalsAtRiskShare >= threshold) reasons.push('goals_at_risk');
  if (unownedKeyResults > 0) reasons.push('unowned_key_results');
  if ((obstacleThemes[0]?.count ?? 0) >= themeMin) reasons.push('obstacle_themes');

  const measures: DriftMeasures = { unownedKeyResults, goalsAtRiskShare, linkedGoals: goals.length, obstacleThemes };
  return {
    drifting: reasons.length > 0,
    reasons,
    measures,
    trend,
    signal: {
      objective: { id: objective.id, title: objective.title },
      ownerIds: [...objective.ownerIds],
      measures,
      trend,
      threshold,
      ...(objective.region ? { region: objective.region } : {}),
    },
  };
}
