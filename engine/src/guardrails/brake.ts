/**
 * The blast-radius brake. Wraps the event service's run starter (engine.ts): for every run a
 * matching published workflow is about to start — inside the ingestion transaction, after the `run`
 * row is inserted — it decides `start` or `hold`:
 *
 * - the workflow is paused (the brake tripped earlier and nobody decided yet) → hold;
 * - starting it would exceed the workflow's limits (limits.ts): more than `maxRunsPerHour` runs in
 *   the last hour, or more than `maxTeamShare` / `maxCompanyShare` of the team's / company's active
 *   employees with a run within `shareWindowMs` (once at least `minAffected` people are concerned)
 *   → the workflow pauses (`workflow_guard.paused`), every hr_admin gets an in-app notification,
 *   and this run and every later one is held.
 *
 * A held run is the `run` row with status `held` (no state, no steps, no effects: no task, mail or
 * connector call) plus a `held_run` row keeping its RunContext and filter evidence; releasing starts
 * it exactly as it would have started (holds.service.ts). Runs started before the last release or
 * discard do not count against the limits any more (`resumedAt`), so an admin's "these are fine"
 * is not undone by the same burst.
 *
 * Counting: per ingestion transaction and workflow the counts are read once (runs in the hour,
 * affected people in the window, headcounts) and then kept in memory while the transaction starts
 * more runs, so a 2 000-event import batch costs a few queries, not thousands. Two processes
 * ingesting at the same moment each count what is committed plus their own batch.
 */
import type { Knex } from '@mikro-orm/mysql';
import type { RunStarter } from '../app/event.service.js';
import { storePendingRun, type RunHead } from '../app/runtime/advance.js';
import type { RunContext, RuleEvaluation } from '../core/types.js';
import { fromJsonOrNull, toJson, isUniqueViolation } from '../persistence/json.js';
import { selectIn } from '../persistence/fast-sql.js';
import type { Job } from '../queue/job-queue.port.js';
import { effectiveDefaults, hasLimits, mergeLimits, type GuardLimits } from './limits.js';

type Row = Record<string, unknown>;
const HOUR_MS = 3_600_000;
const DEFAULTS_TTL_MS = 2000;
const HEADCOUNT_TTL_MS = 10_000;

export interface HoldReason {
  /** paused: the workflow was already paused; otherwise the limit that tripped. */
  limit: 'paused' | 'maxRunsPerHour' | 'maxTeamShare' | 'maxCompanyShare';
  /** The value the run would have brought the measure to, and the limit. */
  observed?: number;
  allowed?: number;
  teamId?: string | null;
  message: string;
}

interface WorkflowWindow {
  limits: GuardLimits;
  paused: boolean;
  runsInHour: number;
  /** team id ('' = no team) → affected employees; all → company. */
  teams: Map<string, Set<string>>;
  company: Set<string>;
}

interface Headcounts {
  teams: Map<string, number>;
  total: number;
}

export interface BrakeOptions {
  env?: NodeJS.ProcessEnv;
  /** Told after the transaction that paused a workflow commits (logging). */
  onPause?: (workflowId: number, reason: HoldReason) => void;
}

const teamOf = (context: RunContext): string => {
  const e = context.employee as { teamId?: unknown } | null;
  const o = context.org as { teamId?: unknown } | null;
  const t = e?.teamId ?? o?.teamId;
  return typeof t === 'string' ? t : '';
};

export class Brake {
  #windows = new WeakMap<object, Map<number, WorkflowWindow>>();
  #defaults: { expires: number; value: GuardLimits } | null = null;
  #headcounts: { expires: number; value: Headcounts } | null = null;

  constructor(
    private readonly knex: Knex,
    private readonly options: BrakeOptions = {},
  ) {}

  /** The starter to give the event service: decides, then starts or holds. */
  gate(start: RunStarter): RunStarter {
    return async (trx, run, definition, context, filter, now) => {
      const decision = await this.decide(trx, run, context, now);
      if (decision === null) return start(trx, run, definition, context, filter, now);
      await this.hold(trx, run, context, filter, decision, now);
      return [] as Job[];
    };
  }

  /** Forget cached defaults and headcounts (after a settings change, in tests). */
  invalidate(): void {
    this.#defaults = null;
    this.#headcounts = null;
  }

  async defaults(db: Knex, now: number): Promise<GuardLimits> {
    if (this.#defaults && this.#defaults.expires > now) return this.#defaults.value;
    const value = await effectiveDefaults(db, this.options.env);
    this.#defaults = { expires: now + DEFAULTS_TTL_MS, value };
    return value;
  }

  async #headcountsOf(db: Knex, now: number): Promise<Headcounts> {
    if (this.#headcounts && this.#headcounts.expires > now) return this.#headcounts.value;
    const rows = (await db('employee').where('status', 'active').groupBy('team_id').select('team_id').count({ n: '*' })) as Row[];
    const teams = new Map<string, number>();
    let total = 0;
    for (const r of rows) {
      teams.set(typeof r.team_id === 'string' ? r.team_id : '', Number(r.n));
      total += Number(r.n);
    }
    const value = { teams, total };
    this.#headcounts = { expires: now + HEADCOUNT_TTL_MS, value };
    return value;
  }

  /** Loads the workflow's window once per transaction; `runId` (inserted, being decided) is not counted. */
  async #window(trx: Knex, workflowId: number, runId: number, now: number): Promise<WorkflowWindow> {
    let perTrx = this.#windows.get(trx);
    if (!perTrx) this.#windows.set(trx, (perTrx = new Map()));
    const hit = perTrx.get(workflowId);
    if (hit) return hit;
    const guard = (await selectIn(trx, 'workflow_guard', 'workflow_id', [workflowId]))[0];
    const limits = mergeLimits(await this.defaults(trx, now), fromJsonOrNull<Partial<GuardLimits>>(guard?.limits));
    const paused = Boolean(Number(guard?.paused ?? 0));
    const resumedAt = guard?.resumed_at === null || guard?.resumed_at === undefined ? 0 : Number(guard.resumed_at);
    const w: WorkflowWindow = { limits, paused, runsInHour: 0, teams: new Map(), company: new Set() };
    if (!paused && hasLimits(limits)) {
      const counted = (q: Knex.QueryBuilder, since: number) =>
        q.where('r.workflow_id', workflowId).andWhere('r.started_at', '>=', Math.max(since, resumedAt)).whereNotIn('r.status', ['held', 'discarded']).andWhereNot('r.id', runId);
      if (limits.maxRunsPerHour !== null) {
        const row = (await counted(trx('run as r'), now - HOUR_MS).count({ n: '*' }).first()) as { n: number | string } | undefined;
        w.runsInHour = Number(row?.n ?? 0);
      }
      if (limits.maxTeamShare !== null || limits.maxCompanyShare !== null) {
        const rows = (await counted(trx('run as r'), now - limits.shareWindowMs)
          .leftJoin('employee as e', 'e.id', 'r.employee_id')
          .whereNotNull('r.employee_id')
          .distinct('r.employee_id', 'e.team_id')) as Row[];
        for (const r of rows) this.#affect(w, String(r.employee_id), typeof r.team_id === 'string' ? r.team_id : '');
      }
    }
    perTrx.set(workflowId, w);
    return w;
  }

  #affect(w: WorkflowWindow, employeeId: string, teamId: string): void {
    w.company.add(employeeId);
    let t = w.teams.get(teamId);
    if (!t) w.teams.set(teamId, (t = new Set()));
    t.add(employeeId);
  }

  /** null = start; otherwise why the run is held. Counts the run when it may start. */
  async decide(trx: Knex, run: RunHead, context: RunContext, now: number): Promise<HoldReason | null> {
    const w = await this.#window(trx, run.workflowId, run.id, now);
    if (w.paused) return { limit: 'paused', message: 'the workflow is paused by the blast-radius brake until an HR admin releases or discards its held runs' };
    const { limits } = w;
    if (!hasLimits(limits)) return null;
    if (limits.maxRunsPerHour !== null && w.runsInHour + 1 > limits.maxRunsPerHour) {
      return this.#trip(trx, run.workflowId, w, { limit: 'maxRunsPerHour', observed: w.runsInHour + 1, allowed: limits.maxRunsPerHour, message: `more than ${limits.maxRunsPerHour} runs within an hour` }, now);
    }
    const employeeId = run.employeeId;
    if (employeeId && !w.company.has(employeeId) && (limits.maxTeamShare !== null || limits.maxCompanyShare !== null)) {
      const heads = await this.#headcountsOf(trx, now);
      const teamId = teamOf(context);
      const teamAffected = (w.teams.get(teamId)?.size ?? 0) + 1;
      const teamSize = heads.teams.get(teamId) ?? 0;
      if (limits.maxTeamShare !== null && teamId !== '' && teamSize > 0 && teamAffected >= limits.minAffected && teamAffected > limits.maxTeamShare * teamSize) {
        return this.#trip(trx, run.workflowId, w, { limit: 'maxTeamShare', observed: teamAffected / teamSize, allowed: limits.maxTeamShare, teamId, message: `${teamAffected} of ${teamSize} people of team ${teamId} within ${Math.round(limits.shareWindowMs / 3_600_000)} h` }, now);
      }
      const companyAffected = w.company.size + 1;
      if (limits.maxCompanyShare !== null && heads.total > 0 && companyAffected >= limits.minAffected && companyAffected > limits.maxCompanyShare * heads.total) {
        return this.#trip(trx, run.workflowId, w, { limit: 'maxCompanyShare', observed: companyAffected / heads.total, allowed: limits.maxCompanyShare, message: `${companyAffected} of ${heads.total} people of the company within ${Math.round(limits.shareWindowMs / 3_600_000)} h` }, now);
      }
      this.#affect(w, employeeId, teamId);
    }
    w.runsInHour++;
    return null;
  }

  async #trip(trx: Knex, workflowId: number, w: WorkflowWindow, reason: HoldReason, now: number): Promise<HoldReason> {
    w.paused = true;
    const row = { paused: true, paused_at: now, pause_reason: toJson(reason), updated_at: now, updated_by: 'brake' };
    const n = await trx('workflow_guard').where({ workflow_id: workflowId }).update(row);
    if (Number(n) === 0) {
      try {
        await trx('workflow_guard').insert({ workflow_id: workflowId, limits: null, resumed_at: null, ...row });
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        await trx('workflow_guard').where({ workflow_id: workflowId }).update(row);
      }
    }
    await notifyHrAdmins(trx, workflowId, reason, now);
    this.options.onPause?.(workflowId, reason);
    return reason;
  }

  async hold(trx: Knex, run: RunHead, context: RunContext, filter: RuleEvaluation | null, reason: HoldReason, now: number): Promise<void> {
    if (!(await storePendingRun(trx, run, { status: 'held', updated_at: now }))) await trx('run').where({ id: run.id }).update({ status: 'held', updated_at: now });
    await trx('held_run').insert({
      run_id: run.id,
      workflow_id: run.workflowId,
      event_id: Number(context.event.id) || 0,
      employee_id: run.employeeId,
      team_id: teamOf(context) || null,
      context: toJson(context),
      filter: toJson(filter),
      reason: toJson(reason),
      status: 'held',
      created_at: now,
      decided_at: null,
      decided_by: null,
    });
  }
}

/** Active hr_admins who are people in the directory: users with the role, and employees whose directory roles include it. */
export async function hrAdminEmployeeIds(db: Knex): Promise<string[]> {
  const ids = new Set<string>();
  for (const u of (await db('user').where({ status: 'active' }).whereNotNull('employee_id').select('employee_id', 'roles')) as Row[]) {
    const roles = fromJsonOrNull<string[]>(u.roles) ?? [];
    if (roles.includes('hr_admin')) ids.add(String(u.employee_id));
  }
  for (const e of (await db('employee').where({ status: 'active' }).whereNotNull('extra').select('id', 'extra')) as Row[]) {
    const roles = (fromJsonOrNull<{ roles?: unknown }>(e.extra) ?? {}).roles;
    if (Array.isArray(roles) && roles.includes('hr_admin')) ids.add(String(e.id));
  }
  return [...ids].sort();
}

/** In-app notification to every hr_admin: the workflow paused, why, and where to decide. */
async function notifyHrAdmins(trx: Knex, workflowId: number, reason: HoldReason, now: number): Promise<void> {
  const wf = (await trx('workflow').where({ id: workflowId }).first('name')) as Row | undefined;
  const name = String(wf?.name ?? `#${workflowId}`);
  const recipients = await hrAdminEmployeeIds(trx);
  const rows = recipients.map((recipientId) => ({
    run_id: null,
    node_id: null,
    channel: 'inapp',
    recipient_id: recipientId,
    title: `工作流已暂停 Workflow paused: ${name}`.slice(0, 500),
    body: `防护刹车已触发：${reason.message}。新的运行已被保留，未发送任何任务或调用；请在“保留的运行”中放行或丢弃。\nThe blast-radius brake tripped (${reason.message}). New runs are held — no task, mail or connector call was made. Release or discard them under held runs: GET /api/v1/guardrails/holds?workflowId=${workflowId}`,
    status: 'delivered',
    attempts: 0,
    created_at: now,
    read_at: null,
    kind: 'guardrail.paused',
    dedupe_key: `guardrail.paused:${workflowId}:${now}:${recipientId}`.slice(0, 200),
    payload: toJson({ itemType: 'workflow', itemId: workflowId, workflowId, reason }),
  }));
  if (rows.length) await trx('notification').insert(rows).onConflict('dedupe_key').ignore();
}
