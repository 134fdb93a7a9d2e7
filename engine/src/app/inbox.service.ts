/**
 * The inbox of the people in the loop, on top of TaskService (which writes the completion or
 * decision, the run input that resumes the run and the chained event in one transaction):
 * - tasks: the signed-in user's inbox with filters (open, due soon, overdue), claim, complete with
 *   form data validated against its coaching template, reassign with a reason;
 * - approvals: a decision only by an allowed approver, their delegate or the escalation target,
 *   recorded with on-behalf-of; comments;
 * - absence delegations: while someone is away, their delegate acts for them (history keeps "on
 *   behalf of");
 * - the clock-driven part (called by the lease-guarded schedule with `now`): notices of new work,
 *   reminders before a task is due, escalation of overdue tasks to the next level up (the
 *   manager's manager, then further), approval SLA escalation to the configured target;
 * - employee objections and comments, which reach the HRBP as a task.
 * Every change writes the item's history and the audit log in its own transaction.
 */
import { UserError, type AssigneeRef } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { isMysql, recordAudit, type AuditActor } from '../audit/audit.js';
import type { AuthContext } from '../auth/access.js';
import { auditActor, type ClientInfo } from '../auth/auth.service.js';
import type { Principal } from '../auth/roles.js';
import type { RunContext } from '../core/types.js';
import { COACHING_TEMPLATES, validateCoachingForm } from '../domain/coaching-templates.js';
import type { NotificationService, NotifyInput, Recipient } from '../notifications/notification.service.js';
import { formatDate, WORDS } from '../notifications/templates.js';
import { fromJson, fromJsonOrNull, insertedId, toJson } from '../persistence/json.js';
import { isSqlite, sqliteTransaction } from '../persistence/sqlite-transaction.js';
import type { Job } from '../queue/job-queue.port.js';
import type { DirectoryService } from './directory.service.js';
import { toApproval, toTask, type Decision, type TaskService } from './task.service.js';

/** Notices per transaction on SQLite (see `#inChunks`). */
const SQLITE_NOTICE_CHUNK = 10;

type Row = Record<string, unknown>;
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(Number(v)).toISOString());
const DAY = 86_400_000;

export type InboxFilter = 'open' | 'dueSoon' | 'overdue' | 'all';

export interface HistoryEntry {
  at: string;
  type: string;
  actorId: string | null;
  onBehalfOf: string | null;
  fromId: string | null;
  toId: string | null;
  detail: unknown;
}

export function toInboxTask(row: Row): Record<string, unknown> {
  return {
    ...toTask(row),
    kind: String(row.kind ?? 'workflow'),
    claimedBy: (row.claimed_by as string | null) ?? null,
    claimedAt: iso(row.claimed_at),
    onBehalfOf: (row.on_behalf_of as string | null) ?? null,
    escalatedTo: (row.escalated_to as string | null) ?? null,
    escalationLevel: Number(row.escalation_level ?? 0),
    escalatedAt: iso(row.escalated_at),
    remindedAt: iso(row.reminded_at),
  };
}

export function toInboxApproval(row: Row): Record<string, unknown> {
  const approvers = fromJson<string[]>(row.approvers);
  const decisions = fromJson<Decision[]>(row.decisions);
  const mode = String(row.mode);
  const waitingFor = row.status !== 'pending' ? [] : mode === 'sequential' ? approvers.slice(decisions.length, decisions.length + 1) : approvers.filter((a) => !decisions.some((d) => d.by === a));
  return {
    ...toApproval(row),
    slaMs: row.sla_ms === null || row.sla_ms === undefined ? null : Number(row.sla_ms),
    escalateTo: fromJsonOrNull(row.escalate_to),
    escalatedTo: (row.escalated_to as string | null) ?? null,
    escalationLevel: Number(row.escalation_level ?? 0),
    escalatedAt: iso(row.escalated_at),
    waitingFor,
  };
}

function toHistory(row: Row): HistoryEntry {
  return {
    at: new Date(Number(row.at)).toISOString(),
    type: String(row.type),
    actorId: (row.actor_id as string | null) ?? null,
    onBehalfOf: (row.on_behalf_of as string | null) ?? null,
    fromId: (row.from_id as string | null) ?? null,
    toId: (row.to_id as string | null) ?? null,
    detail: fromJsonOrNull(row.detail),
  };
}

async function history(db: Knex, itemType: 'task' | 'approval', itemId: number, e: { type: string; actorId?: string | null; onBehalfOf?: string | null; fromId?: string | null; toId?: string | null; detail?: unknown }, now: number): Promise<void> {
  await db('work_item_event').insert({
    item_type: itemType,
    item_id: itemId,
    at: now,
    type: e.type,
    actor_id: e.actorId ?? null,
    on_behalf_of: e.onBehalfOf ?? null,
    from_id: e.fromId ?? null,
    to_id: e.toId ?? null,
    detail: toJson(e.detail ?? null),
  });
}

function withBehalf(actor: AuditActor, onBehalfOf: string | null): AuditActor {
  return onBehalfOf ? { ...actor, onBehalfOf } : actor;
}

function employeeOf(principal: Principal): string {
  if (!principal.employeeId) throw UserError.forbidden('this account is not linked to a person in the directory');
  return principal.employeeId;
}

const SYSTEM: AuditActor = { type: 'system', id: null, name: 'schedule' };

export interface InboxSettings {
  reminderBeforeMs: number;
  escalateAfterOverdueMs: number;
  escalationRepeatMs: number;
}

export class InboxService {
  constructor(
    private readonly knex: Knex,
    private readonly tasks: TaskService,
    private readonly directory: DirectoryService,
    private readonly notifications: NotificationService,
  ) {}

  // ---------------------------------------------------------------- delegations

  /** People `delegateId` acts for at `now` (their active absence delegations). */
  async delegatorsOf(delegateId: string, now = Date.now(), db: Knex = this.knex): Promise<string[]> {
    const rows = (await db('delegation').where({ delegate_id: delegateId }).whereNull('revoked_at').andWhere('starts_at', '<=', now).andWhere('ends_at', '>', now).select('delegator_id')) as Row[];
    return [...new Set(rows.map((r) => String(r.delegator_id)))];
  }

  /** Active delegates of each of `delegatorIds` at `now`. */
  async delegatesOf(delegatorIds: string[], now = Date.now(), db: Knex = this.knex): Promise<string[]> {
    if (delegatorIds.length === 0) return [];
    const rows = (await db('delegation').whereIn('delegator_id', delegatorIds).whereNull('revoked_at').andWhere('starts_at', '<=', now).andWhere('ends_at', '>', now).select('delegate_id')) as Row[];
    return [...new Set(rows.map((r) => String(r.delegate_id)))];
  }

  async createDelegation(principal: Principal, input: { delegateId: string; delegatorId?: string; startsAt?: string; endsAt: string; reason?: string }, isAdmin: boolean, client: ClientInfo, now = Date.now()): Promise<Record<string, unknown>> {
    const delegatorId = input.delegatorId ?? employeeOf(principal);
    if (delegatorId !== principal.employeeId && !isAdmin) throw UserError.forbidden('only hr_admin may set up a delegation for someone else');
    if (input.delegateId === delegatorId) throw UserError.badRequest('SELF_DELEGATION', 'a person cannot delegate to themselves');
    for (const id of [delegatorId, input.delegateId]) {
      const e = await this.directory.getEmployee(id);
      if (!e || e.status === 'inactive') throw UserError.badRequest('UNKNOWN_EMPLOYEE', `employee ${id} is not an active person in the directory`);
    }
    const startsAt = input.startsAt ? Date.parse(input.startsAt) : now;
    const endsAt = Date.parse(input.endsAt);
    if (!Number.isFinite(startsAt) || !Number.isFinite(endsAt) || endsAt <= startsAt) throw UserError.badRequest('INVALID_PERIOD', 'endsAt must be a date after startsAt');
    if (endsAt - startsAt > 366 * DAY) throw UserError.badRequest('INVALID_PERIOD', 'a delegation lasts at most a year');
    return this.knex.transaction(async (trx) => {
      const id = insertedId(
        await trx('delegation').insert({ delegator_id: delegatorId, delegate_id: input.delegateId, starts_at: startsAt, ends_at: endsAt, reason: input.reason ?? null, created_by: principal.employeeId ?? `user:${principal.id}`, created_at: now, revoked_at: null }),
      );
      const view = this.#delegation((await trx('delegation').where({ id }).first()) as Row);
      await recordAudit(trx, { actor: auditActor(principal, client.ip), action: 'delegation.create', target: { type: 'delegation', id }, after: view, at: now });
      return view;
    });
  }

  #delegation(row: Row): Record<string, unknown> {
    return {
      id: Number(row.id),
      delegatorId: String(row.delegator_id),
      delegateId: String(row.delegate_id),
      startsAt: iso(row.starts_at),
      endsAt: iso(row.ends_at),
      reason: (row.reason as string | null) ?? null,
      createdBy: (row.created_by as string | null) ?? null,
      revokedAt: iso(row.revoked_at),
    };
  }

  async listDelegations(principal: Principal, all: boolean): Promise<Record<string, unknown>[]> {
    const q = this.knex('delegation').orderBy('id', 'desc').limit(500);
    if (!all) {
      const me = employeeOf(principal);
      q.where((w) => w.where({ delegator_id: me }).orWhere({ delegate_id: me }));
    }
    return ((await q) as Row[]).map((r) => this.#delegation(r));
  }

  async delegationSubject(id: number): Promise<{ about: string[]; actors: string[] } | null> {
    const row = (await this.knex('delegation').where({ id }).first()) as Row | undefined;
    return row ? { about: [String(row.delegator_id)], actors: [String(row.delegator_id)] } : null;
  }

  async revokeDelegation(id: number, principal: Principal, client: ClientInfo, now = Date.now()): Promise<Record<string, unknown>> {
    return this.knex.transaction(async (trx) => {
      const row = (await trx('delegation').where({ id }).first()) as Row | undefined;
      if (!row) throw UserError.notFound('delegation', id);
      const before = this.#delegation(row);
      if (row.revoked_at === null) await trx('delegation').where({ id }).update({ revoked_at: now });
      const after = this.#delegation((await trx('delegation').where({ id }).first()) as Row);
      await recordAudit(trx, { actor: auditActor(principal, client.ip), action: 'delegation.revoke', target: { type: 'delegation', id }, before, after, at: now });
      return after;
    });
  }

  // ---------------------------------------------------------------- who may see / act

  /** Whom a task concerns: the employee it is about; its assignee, claimant, escalation target and their delegates act on it. */
  async taskSubject(id: number, now = Date.now()): Promise<{ about: string[]; actors: string[] } | null> {
    const row = (await this.knex('task').where({ id }).first('employee_id', 'assignee_id', 'claimed_by', 'escalated_to')) as Row | undefined;
    if (!row) return null;
    return { about: [row.employee_id as string].filter(Boolean), actors: await this.#taskActors(row, now) };
  }

  async #taskActors(row: Row, now: number, db: Knex = this.knex): Promise<string[]> {
    const direct = [row.assignee_id, row.claimed_by, row.escalated_to].filter((x): x is string => typeof x === 'string' && x !== '');
    return [...new Set([...direct, ...(await this.delegatesOf(direct, now, db))])];
  }

  /** Whom an approval concerns: the employee it is about; approvers, the escalation target and their delegates act on it. */
  async approvalSubject(id: number, now = Date.now()): Promise<{ about: string[]; actors: string[] } | null> {
    const row = (await this.knex('approval').where({ id }).first('employee_id', 'approvers', 'escalated_to')) as Row | undefined;
    if (!row) return null;
    const direct = [...fromJson<string[]>(row.approvers), row.escalated_to].filter((x): x is string => typeof x === 'string' && x !== '');
    return { about: [row.employee_id as string].filter(Boolean), actors: [...new Set([...direct, ...(await this.delegatesOf(direct, now))])] };
  }

  /** Restricts a task or approval query to what a scoped caller may see. */
  async #scope(q: Knex.QueryBuilder, auth: AuthContext, kind: 'task' | 'approval', now: number): Promise<void> {
    if (auth.reach === 'all') return;
    const me = auth.principal?.employeeId;
    if (!me) {
      q.whereRaw('1 = 0');
      return;
    }
    const forWhom = [me, ...(await this.delegatorsOf(me, now))];
    const line = auth.reach === 'team' ? [...(await auth.reports())] : [];
    q.where((w) => {
      w.where('employee_id', me).orWhere('escalated_to', me);
      if (kind === 'task') w.orWhereIn('assignee_id', forWhom).orWhere('claimed_by', me);
      else for (const id of forWhom) w.orWhere('approvers', 'like', `%${JSON.stringify(id)}%`);
      if (line.length) w.orWhereIn('employee_id', line);
    });
  }

  // ---------------------------------------------------------------- tasks

  async listTasks(auth: AuthContext, filter: { status?: string; assigneeId?: string; runId?: number; employeeId?: string; limit: number }, now = Date.now()): Promise<Record<string, unknown>[]> {
    const q = this.knex('task').orderBy('id', 'desc').limit(filter.limit);
    if (filter.status) q.where('status', filter.status);
    if (filter.assigneeId) q.where('assignee_id', filter.assigneeId);
    if (filter.employeeId) q.where('employee_id', filter.employeeId);
    if (filter.runId !== undefined) q.where('run_id', filter.runId);
    await this.#scope(q, auth, 'task', now);
    return ((await q) as Row[]).map(toInboxTask);
  }

  /** The signed-in user's own work: tasks assigned to them (or to someone they stand in for, or escalated to them) and approvals waiting on them. */
  async inbox(principal: Principal, filter: InboxFilter, opts: { dueSoonMs: number; limit: number }, now = Date.now()): Promise<{ tasks: Record<string, unknown>[]; approvals: Record<string, unknown>[]; counts: Record<string, number> }> {
    const me = employeeOf(principal);
    const forWhom = [me, ...(await this.delegatorsOf(me, now))];
    const mine = (q: Knex.QueryBuilder) => q.where((w) => w.whereIn('assignee_id', forWhom).orWhere('claimed_by', me).orWhere('escalated_to', me));
    const base = () => mine(this.knex('task'));
    const q = base().orderByRaw('case when due_at is null then 1 else 0 end, due_at asc, id desc').limit(opts.limit);
    if (filter === 'open') q.where('status', 'open');
    if (filter === 'dueSoon') q.where('status', 'open').andWhere('due_at', '>=', now).andWhere('due_at', '<', now + opts.dueSoonMs);
    if (filter === 'overdue') q.where('status', 'open').andWhere('due_at', '<', now);
    const tasks = ((await q) as Row[]).map(toInboxTask);
    const count = async (f: (q: Knex.QueryBuilder) => Knex.QueryBuilder) => Number(((await f(base()).count({ n: '*' }).first()) as Row | undefined)?.n ?? 0);
    const counts = {
      open: await count((b) => b.where('status', 'open')),
      dueSoon: await count((b) => b.where('status', 'open').andWhere('due_at', '>=', now).andWhere('due_at', '<', now + opts.dueSoonMs)),
      overdue: await count((b) => b.where('status', 'open').andWhere('due_at', '<', now)),
    };
    // Approvals waiting on me (or on someone I stand in for, or escalated to me), their turn first.
    const pending = (await this.knex('approval')
      .where('status', 'pending')
      .andWhere((w) => {
        w.where('escalated_to', me);
        for (const id of forWhom) w.orWhere('approvers', 'like', `%${JSON.stringify(id)}%`);
      })
      .orderBy('id', 'desc')
      .limit(opts.limit)) as Row[];
    const approvals = pending.map(toInboxApproval).filter((a) => (a.waitingFor as string[]).some((w) => forWhom.includes(w)) || a.escalatedTo === me);
    return { tasks, approvals, counts: { ...counts, approvals: approvals.length } };
  }

  async taskHistory(itemType: 'task' | 'approval', id: number): Promise<HistoryEntry[]> {
    return ((await this.knex('work_item_event').where({ item_type: itemType, item_id: id }).orderBy('id')) as Row[]).map(toHistory);
  }

  async getTask(id: number): Promise<Record<string, unknown>> {
    const row = (await this.knex('task').where({ id }).first()) as Row | undefined;
    if (!row) throw UserError.notFound('task', id);
    return { ...toInboxTask(row), history: await this.taskHistory('task', id) };
  }

  /** For whom `me` acts on this task (null: as themselves), or 403. */
  async #actingFor(row: Row, me: string, now: number, db: Knex = this.knex): Promise<string | null> {
    const assignee = (row.assignee_id as string | null) ?? null;
    if (me === assignee || me === row.claimed_by) return null;
    if (me === row.escalated_to) return assignee;
    if (assignee && (await this.delegatorsOf(me, now, db)).includes(assignee)) return assignee;
    throw UserError.forbidden(`task ${String(row.id)} is not yours to act on`);
  }

  async claim(id: number, principal: Principal, client: ClientInfo, now = Date.now()): Promise<Record<string, unknown>> {
    const me = employeeOf(principal);
    return this.knex.transaction(async (trx) => {
      const row = (await trx('task').where({ id }).first()) as Row | undefined;
      if (!row) throw UserError.notFound('task', id);
      if (row.status !== 'open') throw UserError.conflict('TASK_NOT_OPEN', `task ${id} is ${String(row.status)}`);
      const onBehalfOf = await this.#actingFor(row, me, now, trx);
      if (row.claimed_by && row.claimed_by !== me) throw UserError.conflict('TASK_CLAIMED', `task ${id} is claimed by ${String(row.claimed_by)}`);
      if (row.claimed_by !== me) {
        const n = await trx('task').where({ id, status: 'open' }).whereNull('claimed_by').update({ claimed_by: me, claimed_at: now });
        if (n === 0) throw UserError.conflict('TASK_CLAIMED', `task ${id} was claimed meanwhile`);
        await history(trx, 'task', id, { type: 'claimed', actorId: me, onBehalfOf }, now);
        await recordAudit(trx, { actor: withBehalf(auditActor(principal, client.ip), onBehalfOf), action: 'task.claim', target: { type: 'task', id }, at: now });
      }
      return toInboxTask((await trx('task').where({ id }).first()) as Row);
    });
  }

  /** Completes a task as the signed-in user: form data validated against its coaching template; a delegate completes on behalf of the assignee. */
  async complete(id: number, principal: Principal, data: Record<string, unknown>, client: ClientInfo, now = Date.now()): Promise<{ task: Record<string, unknown>; jobs: Job[] }> {
    const me = employeeOf(principal);
    const row = (await this.knex('task').where({ id }).first()) as Row | undefined;
    if (!row) throw UserError.notFound('task', id);
    if (row.status !== 'open') throw UserError.conflict('TASK_NOT_OPEN', `task ${id} is ${String(row.status)}`);
    if (row.kind === 'objection') return { task: await this.#answerObjection(row, principal, data, client, now), jobs: [] };
    await this.#actingFor(row, me, now);
    const form = (row.form as string | null) ?? null;
    if (form && form in COACHING_TEMPLATES) {
      const { obstacleThemes: _t, objectiveId: _o, ...fields } = data;
      const errors = validateCoachingForm(form as keyof typeof COACHING_TEMPLATES, fields).filter((i) => i.severity === 'error');
      if (errors.length) throw UserError.unprocessable('FORM_INVALID', `the ${form} form has ${errors.length} error(s)`, { issues: errors });
    }
    let onBehalfOf: string | null = null;
    const result = await this.tasks.complete(id, me, data, {
      now,
      check: async (trx, locked) => {
        onBehalfOf = await this.#actingFor(locked, me, now, trx);
        if (locked.claimed_by && locked.claimed_by !== me) throw UserError.conflict('TASK_CLAIMED', `task ${id} is claimed by ${String(locked.claimed_by)}`);
      },
      after: async (trx, locked) => {
        if (onBehalfOf) await trx('task').where({ id }).update({ on_behalf_of: onBehalfOf });
        await history(trx, 'task', id, { type: 'completed', actorId: me, onBehalfOf }, now);
        await recordAudit(trx, {
          actor: withBehalf(auditActor(principal, client.ip), onBehalfOf),
          action: 'task.complete',
          target: { type: 'task', id },
          // The form's field names, not its notes: the audit log is read by admins.
          details: { runId: Number(locked.run_id), nodeId: String(locked.node_id), form, fields: Object.keys(data).sort(), employeeId: locked.employee_id ?? null },
          at: now,
        });
      },
    });
    return { task: { ...result.task, onBehalfOf }, jobs: result.jobs };
  }

  async reassign(id: number, principal: Principal, to: string, reason: string, isAdmin: boolean, client: ClientInfo, now = Date.now()): Promise<Record<string, unknown>> {
    const target = await this.directory.getEmployee(to);
    if (!target || target.status === 'inactive') throw UserError.badRequest('UNKNOWN_EMPLOYEE', `employee ${to} is not an active person in the directory`);
    return this.knex.transaction(async (trx) => {
      const row = (await trx('task').where({ id }).first()) as Row | undefined;
      if (!row) throw UserError.notFound('task', id);
      if (row.status !== 'open') throw UserError.conflict('TASK_NOT_OPEN', `task ${id} is ${String(row.status)}`);
      let onBehalfOf: string | null = null;
      if (!isAdmin) onBehalfOf = await this.#actingFor(row, employeeOf(principal), now, trx);
      const from = (row.assignee_id as string | null) ?? null;
      if (from === to) throw UserError.conflict('SAME_ASSIGNEE', `task ${id} is already assigned to ${to}`);
      await trx('task').where({ id }).update({ assignee_id: to, claimed_by: null, claimed_at: null, notified_at: now });
      const actorId = principal.employeeId ?? `user:${principal.id}`;
      await history(trx, 'task', id, { type: 'reassigned', actorId, onBehalfOf, fromId: from, toId: to, detail: { reason } }, now);
      await recordAudit(trx, { actor: withBehalf(auditActor(principal, client.ip), onBehalfOf), action: 'task.reassign', target: { type: 'task', id }, before: { assigneeId: from }, after: { assigneeId: to }, details: { reason }, at: now });
      const by = principal.employeeId ? ((await this.directory.getEmployee(principal.employeeId, trx))?.name ?? principal.name) : principal.name;
      await this.notifications.notify(trx, { recipientId: to, kind: 'task.reassigned', vars: { title: row.title, by, reason }, dedupeKey: `task.reassigned:${id}:${now}`, payload: { itemType: 'task', itemId: id } }, now);
      return toInboxTask((await trx('task').where({ id }).first()) as Row);
    });
  }

  // ---------------------------------------------------------------- approvals

  async listApprovals(auth: AuthContext, filter: { status?: string; employeeId?: string; limit: number }, now = Date.now()): Promise<Record<string, unknown>[]> {
    const q = this.knex('approval').orderBy('id', 'desc').limit(filter.limit);
    if (filter.status) q.where('status', filter.status);
    if (filter.employeeId) q.where('employee_id', filter.employeeId);
    await this.#scope(q, auth, 'approval', now);
    return ((await q) as Row[]).map(toInboxApproval);
  }

  async getApproval(id: number): Promise<Record<string, unknown>> {
    const row = (await this.knex('approval').where({ id }).first()) as Row | undefined;
    if (!row) throw UserError.notFound('approval', id);
    return { ...toInboxApproval(row), history: await this.taskHistory('approval', id) };
  }

  /** The approver slot `me` decides for: their own, an absent approver's (delegation) or the overdue one's (escalation). */
  async #slot(row: Row, me: string, now: number): Promise<string> {
    const approvers = fromJson<string[]>(row.approvers);
    const decisions = fromJson<Decision[]>(row.decisions);
    const sequential = row.mode === 'sequential';
    const undecided = approvers.filter((a) => !decisions.some((d) => d.by === a));
    const current = sequential ? (approvers[decisions.length] ?? null) : null;
    const open = (a: string) => undecided.includes(a) && (!sequential || a === current);
    if (open(me)) return me;
    const delegators = await this.delegatorsOf(me, now);
    const standIn = delegators.filter(open);
    if (standIn[0]) return standIn[0];
    if (row.escalated_to === me) {
      const slot = sequential ? current : (undecided[0] ?? null);
      if (slot) return slot;
    }
    const mine = [me, ...delegators].filter((a) => approvers.includes(a));
    if (sequential && mine.some((a) => undecided.includes(a))) throw UserError.conflict('NOT_YOUR_TURN', `approval ${String(row.id)} waits for ${current ?? 'nobody'} first`);
    if (mine.length) throw UserError.conflict('ALREADY_DECIDED', `approval ${String(row.id)} is already decided for ${mine.join(', ')}`);
    throw UserError.forbidden(`you are not an approver of approval ${String(row.id)}`);
  }

  async decide(id: number, principal: Principal, decision: 'approved' | 'rejected', comment: string | undefined, client: ClientInfo, now = Date.now()): Promise<{ approval: Record<string, unknown>; jobs: Job[] }> {
    const me = employeeOf(principal);
    const row = (await this.knex('approval').where({ id }).first()) as Row | undefined;
    if (!row) throw UserError.notFound('approval', id);
    if (row.status !== 'pending') throw UserError.conflict('APPROVAL_NOT_PENDING', `approval ${id} is ${String(row.status)}`);
    const slot = await this.#slot(row, me, now);
    const onBehalfOf = slot === me ? null : slot;
    const result = await this.tasks.decide(id, slot, decision, comment, {
      now,
      decision: { actedBy: me },
      after: async (trx, locked, { outcome, decisions }) => {
        await history(trx, 'approval', id, { type: 'decided', actorId: me, onBehalfOf, detail: { decision, ...(comment ? { comment } : {}), outcome: outcome ?? null } }, now);
        await recordAudit(trx, {
          actor: withBehalf(auditActor(principal, client.ip), onBehalfOf),
          action: 'approval.decide',
          target: { type: 'approval', id },
          details: { decision, comment: comment ?? null, onBehalfOf, outcome: outcome ?? null, runId: Number(locked.run_id), employeeId: locked.employee_id ?? null },
          at: now,
        });
        // A sequential chain moves on: tell the next approver.
        if (!outcome && locked.mode === 'sequential') {
          const next = fromJson<string[]>(locked.approvers)[decisions?.length ?? 0];
          if (next) await this.#requestDecision(trx, locked, next, now);
        }
      },
    });
    return { approval: { ...toInboxApproval({ ...row, ...(await this.knex('approval').where({ id }).first()) }) }, jobs: result.jobs };
  }

  async comment(id: number, principal: Principal, text: string, client: ClientInfo, now = Date.now()): Promise<Record<string, unknown>> {
    const row = (await this.knex('approval').where({ id }).first('id')) as Row | undefined;
    if (!row) throw UserError.notFound('approval', id);
    await this.knex.transaction(async (trx) => {
      await history(trx, 'approval', id, { type: 'commented', actorId: principal.employeeId ?? `user:${principal.id}`, detail: { text } }, now);
      await recordAudit(trx, { actor: auditActor(principal, client.ip), action: 'approval.comment', target: { type: 'approval', id }, details: { length: text.length }, at: now });
    });
    return this.getApproval(id);
  }

  async #requestDecision(db: Knex, row: Row, approverId: string, now: number): Promise<void> {
    const slaMs = row.sla_ms === null || row.sla_ms === undefined ? null : Number(row.sla_ms);
    await this.notifications.notify(
      db,
      {
        recipientId: approverId,
        kind: 'approval.requested',
        vars: (locale) => ({ title: row.title, sla: slaMs ? `${WORDS[locale].slaPrefix}${formatDate(now + slaMs, locale)}` : '' }),
        dedupeKey: `approval.requested:${String(row.id)}:${approverId}`,
        runId: Number(row.run_id),
        payload: { itemType: 'approval', itemId: Number(row.id) },
      },
      now,
    );
  }

  // ---------------------------------------------------------------- the clock (lease-guarded schedule)

  /** Tells assignees and approvers about work created since the last pass. */
  async notifyNew(now = Date.now()): Promise<{ tasks: number; approvals: number }> {
    // Only what a notice needs: the whole rows (descriptions, forms, assignee references) took 4–8 ms of the event loop for 200.
    const taskRows = (await this.knex('task').where({ status: 'open' }).whereNull('notified_at').orderBy('id').limit(200).select('id', 'run_id', 'assignee_id', 'title', 'due_at')) as Row[];
    const recipients = new Map<string, Recipient>(); // looked up once per tick: a tick's notices go to few managers
    const taskNotice = (row: Row): NotifyInput => ({
      recipientId: String(row.assignee_id),
      kind: 'task.assigned',
      vars: (l) => ({ title: row.title, due: formatDate(row.due_at === null ? null : Number(row.due_at), l) }),
      dedupeKey: `task.assigned:${String(row.id)}`,
      runId: Number(row.run_id) || null,
      payload: { itemType: 'task', itemId: Number(row.id) },
    });
    const tasks = await this.#inChunks(
      taskRows,
      // The tick's tasks in a few statements: the ones still without a notice, marked, and their notices in one insert.
      async (trx, rows) => {
        const ids = rows.map((r) => Number(r.id));
        const open = new Set<number>();
        for (const r of (await trx('task').whereIn('id', ids).whereNull('notified_at').select('id')) as Row[]) open.add(Number(r.id));
        if (open.size === 0) return 0;
        await trx('task').whereIn('id', [...open]).whereNull('notified_at').update({ notified_at: now });
        const notices = rows.filter((r) => open.has(Number(r.id)) && r.assignee_id).map(taskNotice);
        await this.notifications.notifyMany(trx, notices, now, recipients);
        return notices.length;
      },
      async (trx, row) => {
        if ((await trx('task').where({ id: row.id }).whereNull('notified_at').update({ notified_at: now })) === 0) return false;
        if (!row.assignee_id) return false;
        await this.notifications.notify(trx, taskNotice(row), now, recipients);
        return true;
      },
    );
    const approvalRows = (await this.knex('approval').where({ status: 'pending' }).whereNull('notified_at').orderBy('id').limit(200)) as Row[];
    const approvals = await this.#inOneTransaction(approvalRows, null, async (trx, row) => {
      if ((await trx('approval').where({ id: row.id }).whereNull('notified_at').update({ notified_at: now })) === 0) return false;
      const approvers = fromJson<string[]>(row.approvers);
      for (const a of row.mode === 'sequential' ? approvers.slice(0, 1) : approvers) await this.#requestDecision(trx, row, a, now);
      return true;
    });
    return { tasks, approvals };
  }

  /**
   * {@link #inOneTransaction} over a tick's rows in chunks. On SQLite every statement runs
   * synchronously on the event loop, so a tick's 200 notices in one go kept requests waiting for
   * 20–60 ms once a second under load (the reference workflow's p99); there, chunks of
   * {@link SQLITE_NOTICE_CHUNK} with a turn of the event loop between them (chunks of 25 still
   * added ≈ 8 ms to the reference workflow's POST p99 at 10 connections: 31.4 → 23.4 ms with the
   * schedule held off, engine/docs/performance.md). On MySQL the statements
   * are asynchronous and one commit per tick matters more: one chunk. A failing chunk does not hold
   * back the next; its first error is thrown at the end.
   */
  async #inChunks(rows: Row[], batch: ((trx: Knex, rows: Row[]) => Promise<number>) | null, step: (trx: Knex, row: Row) => Promise<boolean>): Promise<number> {
    const size = isMysql(this.knex) ? rows.length || 1 : SQLITE_NOTICE_CHUNK;
    let n = 0;
    let failure: unknown = null;
    for (let i = 0; i < rows.length; i += size) {
      if (i > 0) await yieldToEventLoop();
      try {
        n += await this.#inOneTransaction(rows.slice(i, i + size), batch, step);
      } catch (e) {
        failure ??= e;
      }
    }
    if (failure) throw failure;
    return n;
  }

  /**
   * Handles a tick's rows in one transaction (one commit for a tick's notices instead of one per
   * item: on MySQL each commit is a log flush the API's ingestion waits behind) — with `batch` when
   * given, else `step` on every row. If anything fails the transaction is rolled back and each row
   * gets its own transaction with `step`, so one bad row never holds back the others; the first
   * error is then thrown once every other row is done. Returns how many rows were counted.
   */
  async #inOneTransaction(rows: Row[], batch: ((trx: Knex, rows: Row[]) => Promise<number>) | null, step: (trx: Knex, row: Row) => Promise<boolean>): Promise<number> {
    if (rows.length === 0) return 0;
    try {
      const work = async (trx: Knex): Promise<number> => {
        if (batch) return batch(trx, rows);
        let n = 0;
        for (const row of rows) if (await step(trx, row)) n++;
        return n;
      };
      // Embedded: without knex's transaction object per chunk (persistence/sqlite-transaction.ts); anything it
      // lacks fails the chunk, which is then done row by row below.
      return await (isSqlite(this.knex) ? sqliteTransaction(this.knex, work) : this.knex.transaction(work));
    } catch {
      let n = 0;
      let failure: unknown = null;
      for (const row of rows) {
        try {
          if (await this.knex.transaction((trx) => step(trx, row))) n++;
        } catch (e) {
          failure ??= e;
        }
      }
      // The others are done; the failure is reported (the schedule logs it) and the row is tried again next tick.
      if (failure) throw failure;
      return n;
    }
  }

  /** Reminds assignees of open tasks due within `reminderBeforeMs` (once per task). */
  async remindTasks(settings: InboxSettings, now = Date.now()): Promise<number> {
    let n = 0;
    const rows = (await this.knex('task')
      .where({ status: 'open' })
      .whereNull('reminded_at')
      .whereNotNull('due_at')
      .andWhere('due_at', '>', now)
      .andWhere('due_at', '<=', now + settings.reminderBeforeMs)
      .orderBy('due_at')
      .limit(200)) as Row[];
    for (const row of rows) {
      await this.knex.transaction(async (trx) => {
        if ((await trx('task').where({ id: row.id }).whereNull('reminded_at').update({ reminded_at: now })) === 0) return;
        const to = (row.claimed_by as string | null) ?? (row.assignee_id as string | null);
        if (!to) return;
        await this.notifications.notify(trx, { recipientId: to, kind: 'task.reminder', vars: (l) => ({ title: row.title, due: formatDate(Number(row.due_at), l) }), dedupeKey: `task.reminder:${String(row.id)}`, payload: { itemType: 'task', itemId: Number(row.id) } }, now);
        await history(trx, 'task', Number(row.id), { type: 'reminded', actorId: 'system', toId: to }, now);
        n++;
      });
    }
    return n;
  }

  /** Escalates overdue open tasks one level up the reporting line (again after `escalationRepeatMs`). */
  async escalateTasks(settings: InboxSettings, now = Date.now()): Promise<number> {
    let n = 0;
    const rows = (await this.knex('task')
      .where({ status: 'open' })
      .whereNotNull('due_at')
      .andWhere('due_at', '<=', now - settings.escalateAfterOverdueMs)
      .andWhere((w) => w.whereNull('escalated_at').orWhere('escalated_at', '<=', now - settings.escalationRepeatMs))
      .orderBy('due_at')
      .limit(200)) as Row[];
    for (const row of rows) {
      const from = ((row.escalated_to ?? row.assignee_id) as string | null) ?? null;
      const next = from ? ((await this.directory.getEmployee(from))?.managerId ?? null) : null;
      await this.knex.transaction(async (trx) => {
        const guard = trx('task').where({ id: row.id, status: 'open' });
        if (row.escalated_at === null) guard.whereNull('escalated_at');
        else guard.where('escalated_at', row.escalated_at as number);
        const level = Number(row.escalation_level ?? 0) + (next ? 1 : 0);
        const changed = await guard.update(next ? { escalated_to: next, escalation_level: level, escalated_at: now } : { escalated_at: now });
        if (changed === 0 || !next) return; // another process did it, or nobody is above
        await history(trx, 'task', Number(row.id), { type: 'escalated', actorId: 'system', fromId: from, toId: next, detail: { level, dueAt: iso(row.due_at) } }, now);
        await recordAudit(trx, { actor: SYSTEM, action: 'task.escalate', target: { type: 'task', id: Number(row.id) }, before: { escalatedTo: row.escalated_to ?? null }, after: { escalatedTo: next, level }, at: now });
        const assigneeName = row.assignee_id ? ((await this.directory.getEmployee(String(row.assignee_id), trx))?.name ?? row.assignee_id) : '';
        await this.notifications.notify(
          trx,
          { recipientId: next, kind: 'task.escalated', vars: (l) => ({ title: row.title, assignee: assigneeName, due: formatDate(Number(row.due_at), l), level }), dedupeKey: `task.escalated:${String(row.id)}:${level}`, payload: { itemType: 'task', itemId: Number(row.id) } },
          now,
        );
        n++;
      });
    }
    return n;
  }

  /** Approvals past their SLA (per step for sequential chains) go to the escalation target, who may decide for the overdue approver. */
  async escalateApprovals(now = Date.now()): Promise<number> {
    let n = 0;
    const rows = (await this.knex('approval').where({ status: 'pending' }).whereNotNull('sla_ms').orderBy('id').limit(500)) as Row[];
    for (const row of rows) {
      const decisions = fromJson<Decision[]>(row.decisions);
      const approvers = fromJson<string[]>(row.approvers);
      const sequential = row.mode === 'sequential';
      const last = decisions[decisions.length - 1];
      const stepStart = sequential && last ? Date.parse(last.at) : Number(row.created_at);
      if (now < stepStart + Number(row.sla_ms)) continue;
      if (row.escalated_at !== null && Number(row.escalated_at) >= stepStart) continue;
      const overdue = sequential ? approvers.slice(decisions.length, decisions.length + 1) : approvers.filter((a) => !decisions.some((d) => d.by === a));
      const target = await this.#escalationTarget(row, overdue[0] ?? null);
      await this.knex.transaction(async (trx) => {
        const guard = trx('approval').where({ id: row.id, status: 'pending' });
        if (row.escalated_at === null) guard.whereNull('escalated_at');
        else guard.where('escalated_at', row.escalated_at as number);
        const level = Number(row.escalation_level ?? 0) + 1;
        if ((await guard.update({ escalated_to: target, escalation_level: level, escalated_at: now })) === 0) return;
        await history(trx, 'approval', Number(row.id), { type: target ? 'escalated' : 'escalation_failed', actorId: 'system', fromId: overdue[0] ?? null, toId: target, detail: { level, slaMs: Number(row.sla_ms), overdue } }, now);
        await recordAudit(trx, { actor: SYSTEM, action: 'approval.escalate', target: { type: 'approval', id: Number(row.id) }, before: { escalatedTo: row.escalated_to ?? null }, after: { escalatedTo: target, level }, details: { overdue }, at: now });
        if (target) {
          const names = (await Promise.all(overdue.map(async (a) => (await this.directory.getEmployee(a, trx))?.name ?? a))).join(', ');
          await this.notifications.notify(trx, { recipientId: target, kind: 'approval.escalated', vars: { title: row.title, approver: names }, dedupeKey: `approval.escalated:${String(row.id)}:${level}`, runId: Number(row.run_id), payload: { itemType: 'approval', itemId: Number(row.id) } }, now);
        }
        n++;
      });
    }
    return n;
  }

  /** The configured escalation target (resolved in the run's context), else the overdue approver's manager. */
  async #escalationTarget(row: Row, overdue: string | null): Promise<string | null> {
    const ref = fromJsonOrNull<AssigneeRef>(row.escalate_to);
    if (ref) {
      const run = (await this.knex('run').where({ id: row.run_id }).first('state', 'employee_id')) as Row | undefined;
      const state = fromJsonOrNull<{ context?: RunContext }>(run?.state);
      const context = state?.context ?? ({ ...(await this.directory.resolveContext(row.employee_id)), trigger: {}, event: { id: '', type: '', occurredAt: '' } } as RunContext);
      const [first] = (await this.directory.resolveAssignees(ref, context)).filter((id) => id !== overdue);
      if (first) return first;
    }
    return overdue ? ((await this.directory.getEmployee(overdue))?.managerId ?? null) : null;
  }

  // ---------------------------------------------------------------- objections

  /** An employee's comment or objection about a run, task or approval about them (or in general): stored, and a task for their HRBP. */
  async fileObjection(principal: Principal, input: { kind: 'objection' | 'comment'; subjectType: 'run' | 'task' | 'approval' | 'general'; subjectId?: string; text: string }, client: ClientInfo, now = Date.now()): Promise<Record<string, unknown>> {
    const me = employeeOf(principal);
    let subjectTitle = input.subjectType === 'general' ? '—' : `${input.subjectType} ${input.subjectId ?? ''}`;
    if (input.subjectType !== 'general') {
      if (!input.subjectId || !/^[1-9][0-9]{0,15}$/.test(input.subjectId)) throw UserError.badRequest('INVALID_SUBJECT', 'subjectId must be the id of the run, task or approval');
      const table = input.subjectType === 'run' ? 'run' : input.subjectType;
      const subject = (await this.knex(table).where({ id: Number(input.subjectId) }).first()) as Row | undefined;
      // Only what is about the employee: anything else does not exist for them.
      if (!subject || subject.employee_id !== me) throw UserError.notFound(input.subjectType, input.subjectId);
      if (typeof subject.title === 'string') subjectTitle = subject.title;
      else if (input.subjectType === 'run') subjectTitle = String(((await this.knex('workflow').where({ id: subject.workflow_id }).first('name')) as Row | undefined)?.name ?? subjectTitle);
    }
    const line = await this.directory.reportingLine(me);
    let hrbp = line?.hrbpId ?? null;
    if (!hrbp) {
      // No HRBP in the directory: the first HR admin who is a person in it.
      const admins = (await this.knex('user').where({ status: 'active' }).whereNotNull('employee_id').orderBy('id').select('employee_id', 'roles')) as Row[];
      hrbp = (admins.find((u) => fromJson<string[]>(u.roles).includes('hr_admin'))?.employee_id as string | undefined) ?? null;
    }
    const employee = await this.directory.getEmployee(me);
    return this.knex.transaction(async (trx) => {
      const objectionId = insertedId(
        await trx('objection').insert({ employee_id: me, kind: input.kind, subject_type: input.subjectType, subject_id: input.subjectId ?? null, text: input.text, status: 'open', hrbp_id: hrbp, task_id: null, response: null, responded_by: null, created_at: now, resolved_at: null }),
      );
      let taskId: number | null = null;
      if (hrbp) {
        const title = `${input.kind === 'objection' ? '员工异议 Objection' : '员工评论 Comment'}: ${employee?.name ?? me} — ${subjectTitle}`.slice(0, 500);
        taskId = insertedId(
          await trx('task').insert({
            run_id: 0,
            workflow_id: 0,
            node_id: '@objection',
            step_seq: 0,
            employee_id: me,
            title,
            description: input.text,
            assignee_ref: toJson({ type: 'hrbp' }),
            assignee_id: hrbp,
            status: 'open',
            priority: input.kind === 'objection' ? 'high' : 'normal',
            form: null,
            evidence: toJson({ objectionId, subjectType: input.subjectType, subjectId: input.subjectId ?? null, text: input.text }),
            result: null,
            completed_by: null,
            due_at: now + 5 * DAY,
            created_at: now,
            completed_at: null,
            kind: 'objection',
            notified_at: now,
          }),
        );
        await trx('objection').where({ id: objectionId }).update({ task_id: taskId });
        await history(trx, 'task', taskId, { type: 'created', actorId: me, detail: { objectionId } }, now);
        await this.notifications.notify(
          trx,
          { recipientId: hrbp, kind: 'objection.filed', vars: (l) => ({ employee: employee?.name ?? me, subject: subjectTitle, kind: WORDS[l][input.kind], text: input.text.slice(0, 1000) }), dedupeKey: `objection.filed:${objectionId}`, payload: { itemType: 'task', itemId: taskId, objectionId } },
          now,
        );
      }
      await recordAudit(trx, { actor: auditActor(principal, client.ip), action: 'objection.file', target: { type: 'objection', id: objectionId }, details: { kind: input.kind, subjectType: input.subjectType, subjectId: input.subjectId ?? null, hrbpId: hrbp, taskId }, at: now });
      return this.#objection((await trx('objection').where({ id: objectionId }).first()) as Row);
    });
  }

  #objection(row: Row): Record<string, unknown> {
    return {
      id: Number(row.id),
      employeeId: String(row.employee_id),
      kind: String(row.kind),
      subjectType: String(row.subject_type),
      subjectId: (row.subject_id as string | null) ?? null,
      text: String(row.text),
      status: String(row.status),
      hrbpId: (row.hrbp_id as string | null) ?? null,
      taskId: row.task_id === null ? null : Number(row.task_id),
      response: (row.response as string | null) ?? null,
      respondedBy: (row.responded_by as string | null) ?? null,
      createdAt: iso(row.created_at),
      resolvedAt: iso(row.resolved_at),
    };
  }

  async objectionsOf(employeeId: string): Promise<Record<string, unknown>[]> {
    return ((await this.knex('objection').where({ employee_id: employeeId }).orderBy('id', 'desc').limit(500)) as Row[]).map((r) => this.#objection(r));
  }

  /** The HRBP completes an objection task with `{ response }`: the employee is told. */
  async #answerObjection(row: Row, principal: Principal, data: Record<string, unknown>, client: ClientInfo, now: number): Promise<Record<string, unknown>> {
    const me = employeeOf(principal);
    const id = Number(row.id);
    const response = typeof data.response === 'string' ? data.response.trim() : '';
    if (!response) throw UserError.unprocessable('FORM_INVALID', 'answer the objection with data.response', { issues: [{ field: 'response', code: 'required', message: 'response is required', severity: 'error' }] });
    return this.knex.transaction(async (trx) => {
      const locked = (await trx('task').where({ id }).first()) as Row;
      if (locked.status !== 'open') throw UserError.conflict('TASK_NOT_OPEN', `task ${id} is ${String(locked.status)}`);
      const onBehalfOf = await this.#actingFor(locked, me, now, trx);
      await trx('task').where({ id, status: 'open' }).update({ status: 'completed', result: toJson({ response }), completed_by: me, completed_at: now, on_behalf_of: onBehalfOf });
      const evidence = fromJsonOrNull<Record<string, unknown>>(locked.evidence) ?? {};
      const objectionId = Number(evidence.objectionId);
      await trx('objection').where({ id: objectionId }).update({ status: 'answered', response, responded_by: me, resolved_at: now });
      const objection = (await trx('objection').where({ id: objectionId }).first()) as Row;
      await history(trx, 'task', id, { type: 'completed', actorId: me, onBehalfOf }, now);
      await recordAudit(trx, { actor: withBehalf(auditActor(principal, client.ip), onBehalfOf), action: 'objection.answer', target: { type: 'objection', id: objectionId }, details: { taskId: id }, at: now });
      await this.notifications.notify(
        trx,
        { recipientId: String(objection.employee_id), kind: 'objection.answered', vars: (l) => ({ kind: WORDS[l][String(objection.kind)] ?? objection.kind, subject: objection.subject_type === 'general' ? '—' : `${String(objection.subject_type)} ${String(objection.subject_id)}`, response }), dedupeKey: `objection.answered:${objectionId}`, payload: { objectionId } },
        now,
      );
      return toInboxTask((await trx('task').where({ id }).first()) as Row);
    });
  }
}
