/**
 * What an HR admin does with the brake: set the default limits and a workflow's own, look at a
 * paused workflow's held runs (event, employee, evidence), and release them (started now, in the
 * order they arrived, exactly as they would have started) or discard them (kept with their
 * evidence, status `discarded`, nothing sent). A workflow resumes once nothing of it is held.
 * Every decision and limit change is in the audit log.
 */
import { UserError, type WorkflowDefinition } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import { startRunWithin, type RunHead } from '../app/runtime/advance.js';
import type { RuntimeDeps } from '../app/runtime/runtime-deps.js';
import type { WorkflowService } from '../app/workflow.service.js';
import type { RunContext, RuleEvaluation } from '../core/types.js';
import { fromJson, fromJsonOrNull, toJson, isUniqueViolation } from '../persistence/json.js';
import type { Job } from '../queue/job-queue.port.js';
import { transactionWithRetry } from '../persistence/transactions.js';
import type { Brake, HoldReason } from './brake.js';
import { BUILT_IN_LIMITS, DEFAULTS_SETTING_KEY, effectiveDefaults, envLimits, mergeLimits, readStoredDefaults, type GuardLimits } from './limits.js';

type Row = Record<string, unknown>;
const CHUNK = 100;
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(Number(v)).toISOString());

export interface HeldRunView {
  runId: number;
  workflowId: number;
  eventId: number;
  eventType: string;
  employeeId: string | null;
  employeeName: string | null;
  teamId: string | null;
  status: 'held' | 'released' | 'discarded';
  reason: HoldReason;
  /** The trigger payload (the evidence: readings, streak, range…) and the filter's evaluation. */
  evidence: { payload: unknown; filter: RuleEvaluation | null };
  heldAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
}

export interface WorkflowGuardView {
  workflowId: number;
  workflowName: string | null;
  paused: boolean;
  pausedAt: string | null;
  pauseReason: HoldReason | null;
  resumedAt: string | null;
  /** The workflow's own overrides (null = the defaults apply). */
  overrides: Partial<GuardLimits> | null;
  /** The limits in force. */
  limits: GuardLimits;
  held: number;
  released: number;
  discarded: number;
}

export interface DecisionResult {
  workflowId: number;
  decided: number[];
  /** Runs already decided (or not held) among the ones named. */
  skipped: number[];
  stillHeld: number;
  paused: boolean;
}

function toHeld(r: Row): HeldRunView {
  const context = fromJson<RunContext>(r.context);
  return {
    runId: Number(r.run_id),
    workflowId: Number(r.workflow_id),
    eventId: Number(r.event_id),
    eventType: context.event.type,
    employeeId: (r.employee_id as string | null) ?? null,
    employeeName: ((context.employee as { name?: string } | null)?.name as string | undefined) ?? null,
    teamId: (r.team_id as string | null) ?? null,
    status: String(r.status) as HeldRunView['status'],
    reason: fromJson<HoldReason>(r.reason),
    evidence: { payload: context.trigger, filter: fromJsonOrNull<RuleEvaluation>(r.filter) },
    heldAt: iso(r.created_at) as string,
    decidedAt: iso(r.decided_at),
    decidedBy: (r.decided_by as string | null) ?? null,
  };
}

export class HoldsService {
  constructor(
    private readonly knex: Knex,
    private readonly workflows: WorkflowService,
    private readonly brake: Brake,
    private readonly runtime: () => { deps: RuntimeDeps; enqueue(jobs: Job[]): Promise<void> },
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  // ------------------------------------------------------------------ limits

  async defaults(): Promise<{ builtIn: GuardLimits; environment: Partial<GuardLimits>; stored: Partial<GuardLimits> | null; effective: GuardLimits }> {
    return { builtIn: BUILT_IN_LIMITS, environment: envLimits(this.env), stored: await readStoredDefaults(this.knex), effective: await effectiveDefaults(this.knex, this.env) };
  }

  async setDefaults(patch: Partial<GuardLimits>, by: AuditActor): Promise<GuardLimits> {
    const now = Date.now();
    // Admin writes retry lock conflicts (deadlocks on the audit head or a first insert) instead of answering 503.
    await transactionWithRetry(this.knex, async (trx) => {
      const before = await readStoredDefaults(trx);
      const after = { ...(before ?? {}), ...patch };
      await trx('setting').insert({ key: DEFAULTS_SETTING_KEY, value: toJson(after), updated_at: now, updated_by: by.id }).onConflict('key').merge();
      await recordAudit(trx, { actor: by, action: 'guardrails.defaults.update', target: { type: 'settings', id: DEFAULTS_SETTING_KEY }, before, after, at: now });
    });
    this.brake.invalidate();
    return effectiveDefaults(this.knex, this.env);
  }

  async guard(workflowId: number): Promise<WorkflowGuardView> {
    const wf = (await this.knex('workflow').where({ id: workflowId }).first('id', 'name')) as Row | undefined;
    if (!wf) throw UserError.notFound('workflow', workflowId);
    const row = (await this.knex('workflow_guard').where({ workflow_id: workflowId }).first()) as Row | undefined;
    const overrides = fromJsonOrNull<Partial<GuardLimits>>(row?.limits);
    const counts = new Map<string, number>();
    for (const c of (await this.knex('held_run').where({ workflow_id: workflowId }).groupBy('status').select('status').count({ n: '*' })) as Row[]) counts.set(String(c.status), Number(c.n));
    return {
      workflowId,
      workflowName: String(wf.name),
      paused: Boolean(row?.paused),
      pausedAt: iso(row?.paused_at),
      pauseReason: fromJsonOrNull<HoldReason>(row?.pause_reason),
      resumedAt: iso(row?.resumed_at),
      overrides,
      limits: mergeLimits(await effectiveDefaults(this.knex, this.env), overrides),
      held: counts.get('held') ?? 0,
      released: counts.get('released') ?? 0,
      discarded: counts.get('discarded') ?? 0,
    };
  }

  /** Every workflow that is paused or has a guard row (overrides), with counts. */
  async guards(): Promise<WorkflowGuardView[]> {
    const ids = ((await this.knex('workflow_guard').orderBy('workflow_id').select('workflow_id')) as Row[]).map((r) => Number(r.workflow_id));
    const out: WorkflowGuardView[] = [];
    for (const id of ids) {
      if (await this.workflows.exists(id)) out.push(await this.guard(id));
    }
    return out;
  }

  /** Sets (merges) a workflow's own limits; `null` for the whole object removes the overrides. */
  async setLimits(workflowId: number, patch: Partial<GuardLimits> | null, by: AuditActor): Promise<WorkflowGuardView> {
    if (!(await this.workflows.exists(workflowId))) throw UserError.notFound('workflow', workflowId);
    const now = Date.now();
    await transactionWithRetry(this.knex, async (trx) => {
      const row = (await trx('workflow_guard').where({ workflow_id: workflowId }).first()) as Row | undefined;
      const before = fromJsonOrNull<Partial<GuardLimits>>(row?.limits);
      const after = patch === null ? null : { ...(before ?? {}), ...patch };
      if (row) await trx('workflow_guard').where({ workflow_id: workflowId }).update({ limits: toJson(after), updated_at: now, updated_by: by.id });
      else {
        // Two first-time writers race on the same workflow: the loser updates what the winner inserted.
        try {
          await trx('workflow_guard').insert({ workflow_id: workflowId, limits: toJson(after), paused: false, paused_at: null, pause_reason: null, resumed_at: null, updated_at: now, updated_by: by.id });
        } catch (e) {
          if (!isUniqueViolation(e)) throw e;
          await trx('workflow_guard').where({ workflow_id: workflowId }).update({ limits: toJson(after), updated_at: now, updated_by: by.id });
        }
      }
      await recordAudit(trx, { actor: by, action: 'guardrails.limits.update', target: { type: 'workflow', id: workflowId }, before, after, at: now });
    });
    return this.guard(workflowId);
  }

  // ------------------------------------------------------------------ holds

  async list(filter: { workflowId?: number; status?: string; limit: number; cursor?: number }): Promise<{ items: HeldRunView[]; nextCursor: string | null }> {
    const q = this.knex('held_run').orderBy('run_id', 'asc').limit(filter.limit + 1);
    if (filter.workflowId !== undefined) q.where({ workflow_id: filter.workflowId });
    q.where({ status: filter.status ?? 'held' });
    if (filter.cursor !== undefined) q.where('run_id', '>', filter.cursor);
    const rows = (await q) as Row[];
    const items = rows.slice(0, filter.limit).map(toHeld);
    return { items, nextCursor: rows.length > filter.limit && items.length ? String(items[items.length - 1]?.runId) : null };
  }

  async get(runId: number): Promise<HeldRunView> {
    const row = (await this.knex('held_run').where({ run_id: runId }).first()) as Row | undefined;
    if (!row) throw UserError.notFound('held run', runId);
    return toHeld(row);
  }

  async #heldIds(workflowId: number, runIds?: number[]): Promise<{ ids: number[]; skipped: number[] }> {
    if (!(await this.workflows.exists(workflowId))) throw UserError.notFound('workflow', workflowId);
    const q = this.knex('held_run').where({ workflow_id: workflowId, status: 'held' }).orderBy('run_id').select('run_id');
    if (runIds) q.whereIn('run_id', runIds);
    const ids = ((await q) as Row[]).map((r) => Number(r.run_id));
    const skipped = (runIds ?? []).filter((id) => !ids.includes(id));
    return { ids, skipped };
  }

  async #settle(workflowId: number, now: number): Promise<{ stillHeld: number; paused: boolean }> {
    const left = (await this.knex('held_run').where({ workflow_id: workflowId, status: 'held' }).count({ n: '*' }).first()) as { n: number | string } | undefined;
    const stillHeld = Number(left?.n ?? 0);
    if (stillHeld === 0) await this.knex('workflow_guard').where({ workflow_id: workflowId }).update({ paused: false, updated_at: now });
    const row = (await this.knex('workflow_guard').where({ workflow_id: workflowId }).first('paused')) as Row | undefined;
    return { stillHeld, paused: Boolean(row?.paused) };
  }

  async #markResumed(workflowId: number, now: number, by: AuditActor, action: string, runIds: number[]): Promise<void> {
    await this.knex.transaction(async (trx) => {
      await trx('workflow_guard').where({ workflow_id: workflowId }).update({ resumed_at: now, updated_at: now, updated_by: by.id });
      await recordAudit(trx, { actor: by, action, target: { type: 'workflow', id: workflowId }, details: { runIds: runIds.slice(0, 1000), count: runIds.length }, at: now });
    });
  }

  /** Starts held runs now, in arrival order (all of the workflow's, or the ones named). */
  async release(workflowId: number, runIds: number[] | undefined, by: AuditActor): Promise<DecisionResult> {
    const now = Date.now();
    const { ids, skipped } = await this.#heldIds(workflowId, runIds);
    await this.#markResumed(workflowId, now, by, 'guardrails.release', ids);
    const runtime = this.runtime();
    const decided: number[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const jobs = await this.knex.transaction(async (trx) => {
        const out: Job[] = [];
        const rows = (await trx('held_run as h').join('run as r', 'r.id', 'h.run_id').whereIn('h.run_id', chunk).andWhere('h.status', 'held').orderBy('h.run_id').select('h.*', 'r.version_id')) as Row[];
        for (const h of rows) {
          const claimed = await trx('held_run').where({ run_id: h.run_id, status: 'held' }).update({ status: 'released', decided_at: now, decided_by: by.name ?? by.id });
          if (Number(claimed) === 0) continue;
          const version = await this.workflows.getVersionById(Number(h.version_id));
          const head: RunHead = { id: Number(h.run_id), workflowId, employeeId: (h.employee_id as string | null) ?? null, status: 'running', finishedAt: null };
          await trx('run').where({ id: head.id }).update({ status: 'running', updated_at: now });
          out.push(...(await startRunWithin(trx, runtime.deps, head, version.definition as WorkflowDefinition, fromJson<RunContext>(h.context), fromJsonOrNull<RuleEvaluation>(h.filter), now)));
          decided.push(head.id);
        }
        return out;
      });
      await runtime.enqueue(jobs);
    }
    return { workflowId, decided, skipped, ...(await this.#settle(workflowId, Date.now())) };
  }

  /** Discards held runs: never started, kept with their evidence as `discarded`. */
  async discard(workflowId: number, runIds: number[] | undefined, by: AuditActor, note?: string): Promise<DecisionResult> {
    const now = Date.now();
    const { ids, skipped } = await this.#heldIds(workflowId, runIds);
    await this.#markResumed(workflowId, now, by, 'guardrails.discard', ids);
    const decided: number[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await this.knex.transaction(async (trx) => {
        const held = ((await trx('held_run').whereIn('run_id', chunk).andWhere({ status: 'held' }).select('run_id')) as Row[]).map((r) => Number(r.run_id));
        if (held.length === 0) return;
        await trx('held_run').whereIn('run_id', held).andWhere({ status: 'held' }).update({ status: 'discarded', decided_at: now, decided_by: by.name ?? by.id });
        await trx('run')
          .whereIn('id', held)
          .andWhere({ status: 'held' })
          .update({ status: 'discarded', outcome: 'discarded', error: toJson({ code: 'DISCARDED', message: note ? `discarded by an HR admin: ${note}` : 'discarded by an HR admin (blast-radius brake)' }), updated_at: now, finished_at: now });
        decided.push(...held);
      });
    }
    return { workflowId, decided, skipped, ...(await this.#settle(workflowId, Date.now())) };
  }
}
