/**
 * Strategic objectives and the goal tree: objective → department → team → individual goals and
 * key results, with weights and a progress history per period. After a progress update (and in the
 * scheduled analysis) `goalAtRisk` decides whether the goal is at risk; `goal.at_risk` is emitted
 * once per risk episode (the idempotency key names the goal, the reason and the period the episode
 * started), with the progress history as evidence.
 */
import { UserError } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import type { Goal, KeyResult, ProgressPoint, StrategicObjective } from '../domain/objectives.js';
import type { RegionId } from '../domain/org.js';
import { addPeriods, comparePeriods, nextPeriod, periodIndex, periodKindOf, periodStartDate } from '../domain/period.js';
import { goalAtRisk, type GoalRisk, type GoalRiskOptions } from '../domain/strategy-drift.js';
import { fromJson, toJson } from '../persistence/json.js';
import type { Job } from '../queue/job-queue.port.js';
import { decodeCursor, isInScope, pageOf, type ListScope, type Page } from './list-scope.js';
import { emitWithin, transactionWithRetry, type SignalDeps, type SignalEvent } from './signal-deps.js';

type Row = Record<string, unknown>;
const ID_RE = /^[^\s]{1,64}$/;

export interface ObjectiveInput {
  id: string;
  title: string;
  titleEn?: string | null;
  ownerIds: string[];
  region?: string | null;
  keyResults?: KeyResultInput[];
}

export interface KeyResultInput {
  id: string;
  title: string;
  ownerId?: string | null;
  weight?: number;
  target: number;
  unit?: string;
  startPeriod?: string;
  deadline?: string;
  history?: ProgressPoint[];
}

export interface GoalInput {
  id: string;
  title: string;
  level: 'department' | 'team' | 'individual';
  objectiveId?: string | null;
  parentGoalId?: string | null;
  ownerId?: string | null;
  departmentId?: string | null;
  teamId?: string | null;
  region?: string | null;
  weight?: number;
  target: number;
  unit?: string;
  startPeriod: string;
  deadline: string;
  history?: ProgressPoint[];
  keyResults?: KeyResultInput[];
}

/** A goal or key result as stored, with its history and where it links. */
export interface GoalView {
  id: string;
  kind: 'goal' | 'key_result';
  level: string | null;
  title: string;
  objectiveId: string | null;
  parentGoalId: string | null;
  /** The objective reached directly or through parents (null when unlinked). */
  linkedObjectiveId: string | null;
  ownerId: string | null;
  departmentId: string | null;
  teamId: string | null;
  region: string | null;
  weight: number;
  target: number;
  unit: string;
  startPeriod: string;
  deadline: string;
  status: string;
  history: ProgressPoint[];
}

export interface ProgressUpdateResult {
  goal: GoalView;
  risk: GoalRisk & { period: string };
  event: { id: number; duplicate: boolean; runIds: number[] } | null;
  jobs: Job[];
}

/** Last calendar day of a period (the `goal.at_risk` deadline is a date). */
export function periodEndDate(period: string): string {
  const next = Date.parse(`${periodStartDate(nextPeriod(period))}T00:00:00Z`);
  return new Date(next - 86_400_000).toISOString().slice(0, 10);
}

function assertPeriod(p: unknown, field: string): string {
  if (typeof p !== 'string' || periodKindOf(p) === null) throw UserError.badRequest('INVALID_PERIOD', `${field} must be a period (2026-W07 or 2026-03)`);
  try {
    periodIndex(p);
  } catch {
    throw UserError.badRequest('INVALID_PERIOD', `${field} "${p}" does not exist`);
  }
  return p;
}

function toGoalRow(row: Row, history: ProgressPoint[]): Omit<GoalView, 'linkedObjectiveId'> {
  return {
    id: String(row.id),
    kind: row.kind as GoalView['kind'],
    level: (row.level as string | null) ?? null,
    title: String(row.title),
    objectiveId: (row.objective_id as string | null) ?? null,
    parentGoalId: (row.parent_goal_id as string | null) ?? null,
    ownerId: (row.owner_id as string | null) ?? null,
    departmentId: (row.department_id as string | null) ?? null,
    teamId: (row.team_id as string | null) ?? null,
    region: (row.region as string | null) ?? null,
    weight: Number(row.weight),
    target: Number(row.target),
    unit: String(row.unit ?? ''),
    startPeriod: String(row.start_period),
    deadline: String(row.deadline),
    status: String(row.status ?? 'active'),
    history,
  };
}

/** Everything the drift analysis needs, read in a few queries. */
export interface GoalTree {
  objectives: StrategicObjective[];
  goals: Goal[];
  views: Map<string, GoalView>;
}

export class GoalService {
  constructor(
    private readonly deps: SignalDeps,
    readonly riskOptions: GoalRiskOptions = {},
  ) {}

  /** Inserts or replaces objectives (with their key results) and goals (with theirs and any history given). */
  async upsert(input: { objectives?: ObjectiveInput[]; goals?: GoalInput[] }, actor: string | null = null): Promise<{ objectives: number; goals: number; keyResults: number; progressPoints: number }> {
    const now = Date.now();
    const objectives = input.objectives ?? [];
    const goals = input.goals ?? [];
    const goalRows: Row[] = [];
    const progressRows: Row[] = [];
    const krRow = (kr: KeyResultInput, parent: { objectiveId: string | null; parentGoalId: string | null; start: string; deadline: string; region: string | null; departmentId: string | null; teamId: string | null }) => {
      if (!ID_RE.test(kr.id)) throw UserError.badRequest('INVALID_ID', `key result id "${kr.id}" is invalid`);
      goalRows.push({
        id: kr.id, kind: 'key_result', level: null, title: kr.title, objective_id: parent.objectiveId, parent_goal_id: parent.parentGoalId, owner_id: kr.ownerId ?? null,
        department_id: parent.departmentId, team_id: parent.teamId, region: parent.region, weight: kr.weight ?? 1, target: kr.target, unit: kr.unit ?? '',
        start_period: assertPeriod(kr.startPeriod ?? parent.start, `${kr.id}.startPeriod`), deadline: assertPeriod(kr.deadline ?? parent.deadline, `${kr.id}.deadline`), status: 'active', updated_at: now,
      });
      for (const p of kr.history ?? []) progressRows.push({ goal_id: kr.id, period: assertPeriod(p.period, `${kr.id}.history.period`), progress: p.progress, updated_by: actor, updated_at: now });
    };
    const objectiveRows = objectives.map((o) => {
      if (!ID_RE.test(o.id)) throw UserError.badRequest('INVALID_ID', `objective id "${o.id}" is invalid`);
      return { id: o.id, title: o.title, title_en: o.titleEn ?? null, owner_ids: toJson(o.ownerIds), region: o.region ?? null, status: 'active', updated_at: now };
    });
    for (const g of goals) {
      if (!ID_RE.test(g.id)) throw UserError.badRequest('INVALID_ID', `goal id "${g.id}" is invalid`);
      if (!g.objectiveId && !g.parentGoalId && g.level !== 'department' && g.level !== 'team' && g.level !== 'individual') throw UserError.badRequest('INVALID_GOAL', `goal ${g.id} needs a level`);
      const start = assertPeriod(g.startPeriod, `${g.id}.startPeriod`);
      const deadline = assertPeriod(g.deadline, `${g.id}.deadline`);
      if (comparePeriods(start, deadline) > 0) throw UserError.badRequest('INVALID_GOAL', `goal ${g.id} ends before it starts`);
      goalRows.push({
        id: g.id, kind: 'goal', level: g.level, title: g.title, objective_id: g.objectiveId ?? null, parent_goal_id: g.parentGoalId ?? null, owner_id: g.ownerId ?? null,
        department_id: g.departmentId ?? null, team_id: g.teamId ?? null, region: g.region ?? null, weight: g.weight ?? 1, target: g.target, unit: g.unit ?? '',
        start_period: start, deadline, status: 'active', updated_at: now,
      });
      for (const p of g.history ?? []) progressRows.push({ goal_id: g.id, period: assertPeriod(p.period, `${g.id}.history.period`), progress: p.progress, updated_by: actor, updated_at: now });
      for (const kr of g.keyResults ?? []) krRow(kr, { objectiveId: null, parentGoalId: g.id, start, deadline, region: g.region ?? null, departmentId: g.departmentId ?? null, teamId: g.teamId ?? null });
    }
    for (const o of objectives) {
      const start = o.keyResults?.[0]?.startPeriod;
      for (const kr of o.keyResults ?? []) {
        if (!kr.startPeriod && !start) throw UserError.badRequest('INVALID_GOAL', `key result ${kr.id} needs startPeriod and deadline`);
        krRow(kr, { objectiveId: o.id, parentGoalId: null, start: kr.startPeriod ?? (start as string), deadline: kr.deadline ?? kr.startPeriod ?? (start as string), region: o.region ?? null, departmentId: null, teamId: null });
      }
    }
    await transactionWithRetry(this.deps.knex, async (trx) => {
      for (let i = 0; i < objectiveRows.length; i += 200) await trx('objective').insert(objectiveRows.slice(i, i + 200)).onConflict('id').merge();
      for (let i = 0; i < goalRows.length; i += 200) await trx('goal').insert(goalRows.slice(i, i + 200)).onConflict('id').merge();
      for (let i = 0; i < progressRows.length; i += 500) await trx('goal_progress').insert(progressRows.slice(i, i + 500)).onConflict(['goal_id', 'period']).merge();
    });
    return { objectives: objectiveRows.length, goals: goals.length, keyResults: goalRows.length - goals.length, progressPoints: progressRows.length };
  }

  /** Objectives, goals (with key results nested as the domain expects) and views, for analysis and the API. */
  async tree(db: Knex = this.deps.knex): Promise<GoalTree> {
    const [objectiveRows, goalRows, progressRows] = await Promise.all([
      db('objective').where('status', 'active').orderBy('id') as Promise<Row[]>,
      db('goal').where('status', 'active').orderBy('id') as Promise<Row[]>,
      db('goal_progress').orderBy([{ column: 'goal_id' }, { column: 'period' }]) as Promise<Row[]>,
    ]);
    const history = new Map<string, ProgressPoint[]>();
    for (const p of progressRows) {
      const id = String(p.goal_id);
      let h = history.get(id);
      if (!h) history.set(id, (h = []));
      h.push({ period: String(p.period), progress: Number(p.progress) });
    }
    for (const h of history.values()) h.sort((a, b) => periodIndex(a.period) - periodIndex(b.period));
    const base = goalRows.map((r) => toGoalRow(r, history.get(String(r.id)) ?? []));
    const byId = new Map(base.map((g) => [g.id, g]));
    const linked = (id: string): string | null => {
      const seen = new Set<string>();
      for (let g = byId.get(id); g && !seen.has(g.id); g = g.parentGoalId ? byId.get(g.parentGoalId) : undefined) {
        seen.add(g.id);
        if (g.objectiveId) return g.objectiveId;
      }
      return null;
    };
    const views = new Map<string, GoalView>(base.map((g) => [g.id, { ...g, linkedObjectiveId: linked(g.id) }]));
    const asKr = (g: GoalView): KeyResult => ({ id: g.id, title: g.title, ownerId: g.ownerId, weight: g.weight, target: g.target, unit: g.unit, history: g.history });
    const krs = [...views.values()].filter((g) => g.kind === 'key_result');
    const goals: Goal[] = [...views.values()]
      .filter((g) => g.kind === 'goal')
      .map((g) => ({
        id: g.id,
        title: g.title,
        level: (g.level ?? 'individual') as Goal['level'],
        ...(g.objectiveId ? { objectiveId: g.objectiveId } : {}),
        ...(g.parentGoalId ? { parentGoalId: g.parentGoalId } : {}),
        ownerId: g.ownerId,
        departmentId: g.departmentId ?? '',
        ...(g.teamId ? { teamId: g.teamId } : {}),
        region: (g.region ?? '') as RegionId,
        weight: g.weight,
        target: g.target,
        unit: g.unit,
        startPeriod: g.startPeriod,
        deadline: g.deadline,
        history: g.history,
        keyResults: krs.filter((k) => k.parentGoalId === g.id).map(asKr),
      }));
    const objectives: StrategicObjective[] = objectiveRows.map((o) => ({
      id: String(o.id),
      title: String(o.title),
      titleEn: String(o.title_en ?? o.title),
      ownerIds: fromJson<string[]>(o.owner_ids) ?? [],
      ...(o.region ? { region: o.region as RegionId } : {}),
      keyResults: krs.filter((k) => k.objectiveId === String(o.id)).map(asKr),
    }));
    return { objectives, goals, views };
  }

  async get(id: string): Promise<GoalView & { risk: GoalRisk & { period: string } }> {
    const { views } = await this.tree();
    const g = views.get(id);
    if (!g) throw UserError.notFound('goal', id);
    const period = g.history[g.history.length - 1]?.period ?? g.startPeriod;
    return { ...g, risk: { ...goalAtRisk(g, period, this.riskOptions), period } };
  }

  /**
   * Active goals and key results by id, keyset-paginated. They are computed from the whole tree
   * (links and roll-ups cross owners), so the filters and the caller's `scope` (owner in it) apply
   * before the page is cut: a page holds `limit` goals whenever that many exist for the caller.
   */
  async list(filter: { objectiveId?: string; ownerId?: string; limit?: number; cursor?: string; scope?: ListScope | null } = {}): Promise<Page<GoalView>> {
    const { views } = await this.tree();
    const after = filter.cursor ? decodeCursor<[string]>(filter.cursor, ['string'])[0] : null;
    const matching = [...views.values()]
      .filter((g) => (!filter.objectiveId || g.linkedObjectiveId === filter.objectiveId) && (!filter.ownerId || g.ownerId === filter.ownerId) && isInScope(filter.scope, g.ownerId))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .filter((g) => after === null || g.id > after);
    return pageOf(matching, filter.limit ?? matching.length, (g) => [g.id]);
  }

  /** The `goal.at_risk` event for a goal at a period, or null when it is not at risk or has no owner. */
  atRiskEvent(g: GoalView, period: string): { risk: GoalRisk; event: SignalEvent | null } {
    const risk = goalAtRisk(g, period, this.riskOptions);
    if (!risk.atRisk || !risk.reason || !g.ownerId || risk.periods < 1) return { risk, event: null };
    const since = risk.reason === 'stalled' ? addPeriods(period, -risk.periods) : addPeriods(period, -(risk.periods - 1));
    const history = g.history.filter((p) => comparePeriods(p.period, period) <= 0);
    const payload = {
      employeeId: g.ownerId,
      goal: { id: g.id, title: g.title, ...(g.linkedObjectiveId ? { objectiveId: g.linkedObjectiveId } : {}), weight: Math.max(0, g.weight), ...(g.kind === 'key_result' ? { kind: 'key_result' } : {}) },
      reason: risk.reason,
      periods: risk.periods,
      progress: risk.progress,
      forecast: Number.isFinite(risk.forecast) ? Math.round(risk.forecast * 1000) / 1000 : null,
      target: g.target,
      deadline: periodEndDate(g.deadline),
      deadlinePeriod: g.deadline,
      period,
      since,
      history,
    };
    return { risk, event: { type: 'goal.at_risk', idempotencyKey: `goal.at_risk:${g.id}:${risk.reason}:${since}`, payload } };
  }

  /** Records progress for a period and emits `goal.at_risk` when the goal is (newly) at risk. */
  async recordProgress(id: string, period: string, progress: number, actor: string | null = null): Promise<ProgressUpdateResult> {
    assertPeriod(period, 'period');
    if (!Number.isFinite(progress)) throw UserError.badRequest('INVALID_PROGRESS', 'progress must be a number');
    return transactionWithRetry(this.deps.knex, async (trx) => {
      const exists = (await trx('goal').where({ id }).first('id', 'start_period')) as Row | undefined;
      if (!exists) throw UserError.notFound('goal', id);
      if (periodKindOf(period) !== periodKindOf(String(exists.start_period))) throw UserError.badRequest('INVALID_PERIOD', `goal ${id} is tracked in ${periodKindOf(String(exists.start_period))}s`);
      await trx('goal_progress').insert({ goal_id: id, period, progress, updated_by: actor, updated_at: Date.now() }).onConflict(['goal_id', 'period']).merge();
      const { views } = await this.tree(trx);
      const g = views.get(id) as GoalView;
      const { risk, event } = this.atRiskEvent(g, period);
      let stored: ProgressUpdateResult['event'] = null;
      let jobs: Job[] = [];
      if (event) {
        const out = await emitWithin(this.deps, trx, [event]);
        const first = out.ingested[0];
        if (first) stored = { id: first.eventId, duplicate: first.duplicate, runIds: first.runIds };
        jobs = out.jobs;
      }
      return { goal: g, risk: { ...risk, period }, event: stored, jobs };
    });
  }

  /** Checks every goal and key result at `period` (the scheduled analysis); emits the new `goal.at_risk` events. */
  async analyseAll(period: string, trx: Knex): Promise<{ atRisk: number; events: number; jobs: Job[] }> {
    const { views } = await this.tree(trx);
    const events: SignalEvent[] = [];
    let atRisk = 0;
    for (const g of views.values()) {
      if (comparePeriods(g.startPeriod, period) > 0 || periodKindOf(g.startPeriod) !== periodKindOf(period)) continue;
      const { risk, event } = this.atRiskEvent(g, period);
      if (risk.atRisk) atRisk++;
      if (event) events.push(event);
    }
    const out = await emitWithin(this.deps, trx, events);
    return { atRisk, events: out.ingested.filter((e) => !e.duplicate).length, jobs: out.jobs };
  }
}
