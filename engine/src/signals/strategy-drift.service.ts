/**
 * Strategy drift (战略执行偏差预警): per strategic objective, the share of linked goals at risk, the
 * unowned key results and the obstacle themes piling up in coaching records, with the trend. Runs
 * on demand (API, `engine drift`) and on a schedule ({@link runDriftIfDue}, once per
 * COACHFLOW_DRIFT_EVERY_MS across all processes). Each analysis is stored (the trend history), a
 * drifting objective emits `strategy.drift` once per objective and period, and the same pass emits
 * the `goal.at_risk` events of newly at-risk goals.
 */
import type { Knex } from '@mikro-orm/mysql';
import { UserError } from '@coachflow/model';
import type { CoachingRecord } from '../domain/coaching-record.js';
import { addPeriods, comparePeriods, periodIndex, periodKindOf, periodOfDate, periodStartDate } from '../domain/period.js';
import { analyseObjective, type DriftMeasures, type DriftReason } from '../domain/strategy-drift.js';
import { fromJson, insertedId, isUniqueViolation, toJson } from '../persistence/json.js';
import type { Job } from '../queue/job-queue.port.js';
import type { CoachingService } from './coaching.service.js';
import type { GoalService } from './goal.service.js';
import { emitWithin, transactionWithRetry, type SignalDeps, type SignalEvent } from './signal-deps.js';

type Row = Record<string, unknown>;

export interface DriftSettings {
  /** How often the scheduled analysis runs (COACHFLOW_DRIFT_EVERY_MS, default 24 h). */
  everyMs: number;
  /** Share of linked goals at risk at which an objective drifts (COACHFLOW_DRIFT_THRESHOLD, default 0.4). */
  threshold: number;
  /** Periods of trend and of coaching records considered (default 8). */
  window: number;
  /** Records citing one obstacle theme in the window at which an objective drifts (default 5). */
  obstacleThemeMin: number;
}

export function driftSettings(env: NodeJS.ProcessEnv = process.env): DriftSettings {
  const n = (v: string | undefined, d: number) => (v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : d);
  return {
    everyMs: n(env.COACHFLOW_DRIFT_EVERY_MS, 24 * 3_600_000),
    threshold: n(env.COACHFLOW_DRIFT_THRESHOLD, 0.4),
    window: n(env.COACHFLOW_DRIFT_WINDOW, 8),
    obstacleThemeMin: n(env.COACHFLOW_DRIFT_OBSTACLE_MIN, 5),
  };
}

export interface ObjectiveDrift {
  analysisId: number;
  objectiveId: string;
  title: string;
  drifting: boolean;
  reasons: DriftReason[];
  measures: DriftMeasures;
  trend: Array<{ period: string; goalsAtRiskShare: number }>;
  threshold: number;
  ownerIds: string[];
  eventId: number | null;
  duplicate: boolean;
  runIds: number[];
}

export interface DriftRun {
  period: string;
  source: 'manual' | 'schedule';
  objectives: ObjectiveDrift[];
  goals: { atRisk: number; events: number };
  jobs: Job[];
}

export interface DriftHistoryItem {
  id: number;
  objectiveId: string;
  period: string;
  drifting: boolean;
  reasons: string[];
  measures: DriftMeasures;
  trend: Array<{ period: string; goalsAtRiskShare: number }>;
  threshold: number;
  eventId: number | null;
  source: string;
  createdAt: string;
}

export function toHistoryItem(r: Row): DriftHistoryItem {
  return {
    id: Number(r.id),
    objectiveId: String(r.objective_id),
    period: String(r.period),
    drifting: Boolean(Number(r.drifting)),
    reasons: fromJson<string[]>(r.reasons),
    measures: fromJson<DriftMeasures>(r.measures),
    trend: fromJson<Array<{ period: string; goalsAtRiskShare: number }>>(r.trend),
    threshold: Number(r.threshold),
    eventId: r.event_id === null || r.event_id === undefined ? null : Number(r.event_id),
    source: String(r.source),
    createdAt: new Date(Number(r.created_at)).toISOString(),
  };
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

export class StrategyDriftService {
  constructor(
    private readonly deps: SignalDeps,
    private readonly goals: GoalService,
    private readonly coaching: CoachingService,
    private readonly enqueue: (jobs: Job[]) => Promise<void>,
    readonly settings: DriftSettings = driftSettings(),
  ) {}

  /**
   * The period an analysis looks at when none is given: the latest week with goal progress, but never
   * after the current week (data is reported per period; the analysis is "as of" the latest report).
   */
  async asOfPeriod(now = Date.now(), db: Knex = this.deps.knex): Promise<string> {
    const current = periodOfDate(new Date(now).toISOString(), 'week');
    const row = (await db('goal_progress').where('period', 'like', '____-W__').max({ p: 'period' }).first()) as Row | undefined;
    const latest = typeof row?.p === 'string' ? row.p : null;
    return latest && comparePeriods(latest, current) <= 0 ? latest : current;
  }

  /** Analyses every active objective at `period` and emits what drifts; returns the jobs to enqueue. */
  async analyseWithin(trx: Knex, opts: { period?: string; source: 'manual' | 'schedule' }): Promise<DriftRun> {
    const period = opts.period ?? (await this.asOfPeriod(Date.now(), trx));
    if (periodKindOf(period) !== 'week') throw UserError.badRequest('INVALID_PERIOD', 'the drift analysis runs on ISO weeks (e.g. 2026-W47)');
    periodIndex(period);
    const { window, threshold, obstacleThemeMin } = this.settings;
    const tree = await this.goals.tree(trx);
    const fromDate = periodStartDate(addPeriods(period, -(window - 1)));
    const records: CoachingRecord[] = (await this.coaching.since(fromDate, trx)).map((r) => ({
      id: r.id,
      template: r.template,
      employeeId: r.employeeId,
      managerId: r.managerId,
      date: r.date,
      region: (r.region ?? '') as CoachingRecord['region'],
      departmentId: r.departmentId ?? '',
      ...(r.objectiveId ? { objectiveId: r.objectiveId } : {}),
      data: {},
      conclusions: {},
      obstacleThemes: r.obstacleThemes,
    }));
    const now = Date.now();
    const results: ObjectiveDrift[] = [];
    const events: SignalEvent[] = [];
    for (const objective of tree.objectives) {
      const a = analyseObjective({ objective, goals: tree.goals, coachingRecords: records, now: period, window, threshold, obstacleThemeMin, risk: this.goals.riskOptions });
      const measures: DriftMeasures = { ...a.measures, goalsAtRiskShare: round(a.measures.goalsAtRiskShare) };
      const trend = a.trend.map((t) => ({ period: t.period, goalsAtRiskShare: round(t.goalsAtRiskShare) }));
      const analysisId = insertedId(
        await trx('drift_analysis').insert({ objective_id: objective.id, period, drifting: a.drifting, reasons: toJson(a.reasons), measures: toJson(measures), trend: toJson(trend), threshold, event_id: null, source: opts.source, created_at: now }),
      );
      results.push({ analysisId, objectiveId: objective.id, title: objective.title, drifting: a.drifting, reasons: a.reasons, measures, trend, threshold, ownerIds: objective.ownerIds, eventId: null, duplicate: false, runIds: [] });
      if (a.drifting) {
        events.push({
          type: 'strategy.drift',
          idempotencyKey: `strategy.drift:${objective.id}:${period}`,
          payload: { ...a.signal, objective: { id: objective.id, title: objective.title, titleEn: objective.titleEn }, measures, trend, ownerIds: objective.ownerIds.filter((o) => o !== ''), reasons: a.reasons, period, analysisId: String(analysisId) },
        });
      }
    }
    const emitted = await emitWithin(this.deps, trx, events);
    for (const e of emitted.ingested) {
      const objectiveId = e.key.split(':')[1];
      const r = results.find((x) => x.objectiveId === objectiveId);
      if (!r) continue;
      r.eventId = e.eventId;
      r.duplicate = e.duplicate;
      r.runIds = e.runIds;
      if (e.eventId !== undefined) await trx('drift_analysis').where({ id: r.analysisId }).update({ event_id: e.eventId });
    }
    const goals = await this.goals.analyseAll(period, trx);
    return { period, source: opts.source, objectives: results, goals: { atRisk: goals.atRisk, events: goals.events }, jobs: [...emitted.jobs, ...goals.jobs] };
  }

  /** On-demand analysis (API, CLI): runs, commits, enqueues the runs it started. */
  async analyse(opts: { period?: string } = {}): Promise<Omit<DriftRun, 'jobs'>> {
    const run = await transactionWithRetry(this.deps.knex, (trx) => this.analyseWithin(trx, { ...opts, source: 'manual' }));
    await this.enqueue(run.jobs);
    const { jobs: _jobs, ...rest } = run;
    return rest;
  }

  /** Stored analyses, newest first (the trend across runs). */
  async history(filter: { objectiveId?: string; limit: number }): Promise<DriftHistoryItem[]> {
    const q = this.deps.knex('drift_analysis').orderBy('id', 'desc').limit(filter.limit);
    if (filter.objectiveId) q.where('objective_id', filter.objectiveId);
    return ((await q) as Row[]).map(toHistoryItem);
  }

  /**
   * The scheduled analysis: runs when the `strategy-drift` gate is due (at most once per
   * `everyMs` across every process sharing the database). Returns the jobs to enqueue.
   */
  async runIfDue(now = Date.now()): Promise<Job[]> {
    if (!(await claimDue(this.deps.knex, 'strategy-drift', this.settings.everyMs, now))) return [];
    const run = await transactionWithRetry(this.deps.knex, (trx) => this.analyseWithin(trx, { source: 'schedule' }));
    const drifting = run.objectives.filter((o) => o.drifting).map((o) => o.objectiveId);
    this.deps.log.info('strategy drift analysed', { period: run.period, objectives: run.objectives.length, drifting, goalsAtRisk: run.goals.atRisk });
    return run.jobs;
  }
}

/**
 * A due gate on the lease table: true for exactly one caller once `everyMs` has passed since the
 * last claim (the row's `expires_at` is the next due time). Unlike a lease, the same process does
 * not get it again before then.
 */
export async function claimDue(knex: Knex, name: string, everyMs: number, now = Date.now()): Promise<boolean> {
  const owner = `due:${now}`;
  const updated = await knex('lease').where({ name }).andWhere('expires_at', '<=', now).update({ owner, expires_at: now + everyMs });
  if (updated > 0) return true;
  const exists = await knex('lease').where({ name }).first('name');
  if (exists) return false;
  try {
    await knex('lease').insert({ name, owner, expires_at: now + everyMs });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}
