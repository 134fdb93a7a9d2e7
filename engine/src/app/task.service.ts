/**
 * Human tasks (inbox) and approvals. Completing a task or deciding an approval writes the run input
 * that resumes the waiting run and the chained event (`task.completed`, `approval.decided`) in one
 * transaction: the decision, the resumption and the follow-up workflows cannot drift apart.
 */
import { UserError } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import { fromJson, fromJsonOrNull, insertedId, toJson } from '../persistence/json.js';
import type { Job } from '../queue/job-queue.port.js';
import type { EventService } from './event.service.js';

/** Saves a completed task's coaching form as a coaching record and emits its events in the task's transaction (HR signals). */
export interface TaskFormRecorder {
  recordFromTask(trx: Knex, task: { id: number; form: string; employeeId: string | null; completedBy: string; data: Record<string, unknown> }): Promise<Job[]>;
}

type Row = Record<string, unknown>;
const nullableNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(Number(v)).toISOString());

export function toTask(row: Row): Record<string, unknown> {
  return {
    id: Number(row.id),
    runId: Number(row.run_id),
    workflowId: Number(row.workflow_id),
    nodeId: String(row.node_id),
    employeeId: (row.employee_id as string | null) ?? null,
    title: String(row.title),
    description: (row.description as string | null) ?? '',
    assignee: fromJsonOrNull(row.assignee_ref),
    assigneeId: (row.assignee_id as string | null) ?? null,
    status: String(row.status),
    priority: String(row.priority),
    form: (row.form as string | null) ?? null,
    evidence: fromJsonOrNull(row.evidence),
    result: fromJsonOrNull(row.result),
    completedBy: (row.completed_by as string | null) ?? null,
    dueAt: iso(row.due_at),
    createdAt: iso(row.created_at),
    completedAt: iso(row.completed_at),
  };
}

export function toApproval(row: Row): Record<string, unknown> {
  return {
    id: Number(row.id),
    runId: Number(row.run_id),
    workflowId: Number(row.workflow_id),
    nodeId: String(row.node_id),
    employeeId: (row.employee_id as string | null) ?? null,
    title: String(row.title),
    description: (row.description as string | null) ?? '',
    mode: String(row.mode),
    quorum: nullableNumber(row.quorum),
    maxRejections: nullableNumber(row.max_rejections),
    approvers: fromJson<string[]>(row.approvers),
    decisions: fromJson<unknown[]>(row.decisions),
    status: String(row.status),
    evidence: fromJsonOrNull(row.evidence),
    createdAt: iso(row.created_at),
    decidedAt: iso(row.decided_at),
  };
}

export interface Decision {
  by: string;
  decision: 'approved' | 'rejected';
  comment?: string;
  at: string;
  /** A delegate or escalation target who decided for `by` (people in the loop). */
  actedBy?: string;
}

/** Hooks run inside the completion / decision transaction (people in the loop: claims, history, audit, notifications). */
export interface WorkItemHooks {
  /** After the row is read, before it changes; throws to refuse. */
  check?(trx: Knex, row: Row): Promise<void>;
  /** Once the change is written (`outcome`: the chain's outcome, null while it goes on). */
  after?(trx: Knex, row: Row, result: { outcome?: 'approved' | 'rejected' | null; decisions?: Decision[] }): Promise<Job[] | void>;
  /** Extra fields of the decision record. */
  decision?: Pick<Decision, 'actedBy'>;
  /** The time of the change (tests pass a controlled clock). */
  now?: number;
}

/**
 * The outcome of a chain given its decisions so far, or null while it is still open.
 *
 * `maxRejections` (ApprovalConfig.maxRejections) is how many rejections the chain tolerates. Without
 * it (null), sequential, all-of and any-of chains end at the first rejection and a quorum chain ends
 * once the quorum is out of reach. The chain ends:
 * - rejected as soon as the rejections exceed the tolerance, or approval is out of reach (every
 *   approver decided without enough approvals);
 * - approved when every approver has decided (sequential, all-of), at the first approval (any-of),
 *   or at `quorum` approvals (quorum, at most the number of approvers). Never without an approval.
 */
export function chainOutcome(mode: string, approvers: string[], quorum: number | null, decisions: Decision[], maxRejections: number | null = null): 'approved' | 'rejected' | null {
  const approvals = decisions.filter((d) => d.decision === 'approved').length;
  const rejections = decisions.length - approvals;
  const total = approvers.length;
  const undecided = Math.max(total - decisions.length, 0);
  const tolerated = maxRejections ?? (mode === 'quorum' ? Number.POSITIVE_INFINITY : 0);
  if (rejections > tolerated) return 'rejected';
  // sequential / all: every approver decides; any: one approval; quorum: N of M.
  const everyone = mode !== 'any' && mode !== 'quorum';
  const need = mode === 'quorum' ? Math.min(Math.max(quorum ?? 1, 1), Math.max(total, 1)) : 1;
  if (approvals >= need && (!everyone || undecided === 0)) return 'approved';
  if (approvals + undecided < need || (everyone && undecided === 0)) return 'rejected';
  return null;
}

export class TaskService {
  constructor(
    private readonly knex: Knex,
    private readonly events: EventService,
    private readonly forms?: TaskFormRecorder,
  ) {}

  async list(filter: { status?: string; assigneeId?: string; runId?: number; limit: number }): Promise<Record<string, unknown>[]> {
    const q = this.knex('task').orderBy('id', 'desc').limit(filter.limit);
    if (filter.status) q.where('status', filter.status);
    if (filter.assigneeId) q.where('assignee_id', filter.assigneeId);
    if (filter.runId !== undefined) q.where('run_id', filter.runId);
    return ((await q) as Row[]).map(toTask);
  }

  async get(id: number): Promise<Record<string, unknown>> {
    const row = (await this.knex('task').where({ id }).first()) as Row | undefined;
    if (!row) throw UserError.notFound('task', id);
    return toTask(row);
  }

  async complete(id: number, completedBy: string, data: Record<string, unknown>, hooks: WorkItemHooks = {}): Promise<{ task: Record<string, unknown>; jobs: Job[] }> {
    return this.knex.transaction(async (trx) => {
      const row = (await trx('task').where({ id }).first()) as Row | undefined;
      if (!row) throw UserError.notFound('task', id);
      if (row.status !== 'open') throw UserError.conflict('TASK_NOT_OPEN', `task ${id} is ${String(row.status)}`);
      await hooks.check?.(trx, row);
      const now = hooks.now ?? Date.now();
      const changed = await trx('task').where({ id, status: 'open' }).update({ status: 'completed', result: toJson(data), completed_by: completedBy, completed_at: now });
      if (changed === 0) throw UserError.conflict('TASK_NOT_OPEN', `task ${id} was completed meanwhile`);
      const runId = Number(row.run_id);
      const event = { type: 'taskCompleted', nodeId: String(row.node_id), stepSeq: Number(row.step_seq), taskId: String(id), completedBy, data };
      const inputId = insertedId(await trx('run_input').insert({ run_id: runId, type: 'taskCompleted', payload: toJson(event), processed: false, created_at: now }));
      const chained = await this.events.ingestWithin(trx, {
        type: 'task.completed',
        idempotencyKey: `task.completed:${id}`,
        payload: {
          taskId: String(id),
          runId: String(runId),
          workflowId: String(row.workflow_id),
          nodeId: String(row.node_id),
          ...(row.employee_id ? { employeeId: String(row.employee_id) } : {}),
          completedBy,
          ...(row.form ? { form: String(row.form) } : {}),
          data,
        },
      });
      // A coaching form (GROW, 5R, BEST, quick review) becomes a coaching record, whose conclusions chain on.
      const recorded = row.form && this.forms ? await this.forms.recordFromTask(trx, { id, form: String(row.form), employeeId: (row.employee_id as string | null) ?? null, completedBy, data }) : [];
      const task = toTask({ ...row, status: 'completed', result: toJson(data), completed_by: completedBy, completed_at: now });
      const more = (await hooks.after?.(trx, { ...row, status: 'completed', completed_by: completedBy, completed_at: now }, {})) ?? [];
      return { task, jobs: [{ name: 'advance' as const, id: `advance:${runId}:${inputId}`, ref: runId }, ...chained.jobs, ...recorded, ...more] };
    });
  }

  async listApprovals(filter: { status?: string; limit: number }): Promise<Record<string, unknown>[]> {
    const q = this.knex('approval').orderBy('id', 'desc').limit(filter.limit);
    if (filter.status) q.where('status', filter.status);
    return ((await q) as Row[]).map(toApproval);
  }

  async getApproval(id: number): Promise<Record<string, unknown>> {
    const row = (await this.knex('approval').where({ id }).first()) as Row | undefined;
    if (!row) throw UserError.notFound('approval', id);
    return toApproval(row);
  }

  /** Records one approver's decision; when the chain is decided, resumes the run on that branch. */
  async decide(id: number, by: string, decision: 'approved' | 'rejected', comment?: string, hooks: WorkItemHooks = {}): Promise<{ approval: Record<string, unknown>; jobs: Job[] }> {
    return this.knex.transaction(async (trx) => {
      const row = (await trx('approval').where({ id }).first()) as Row | undefined;
      if (!row) throw UserError.notFound('approval', id);
      if (row.status !== 'pending') throw UserError.conflict('APPROVAL_NOT_PENDING', `approval ${id} is ${String(row.status)}`);
      await hooks.check?.(trx, row);
      const approvers = fromJson<string[]>(row.approvers);
      const decisions = fromJson<Decision[]>(row.decisions);
      const mode = String(row.mode);
      if (!approvers.includes(by)) throw UserError.forbidden(`${by} is not an approver of approval ${id}`);
      if (decisions.some((d) => d.by === by)) throw UserError.conflict('ALREADY_DECIDED', `${by} already decided approval ${id}`);
      if (mode === 'sequential' && approvers[decisions.length] !== by) {
        throw UserError.conflict('NOT_YOUR_TURN', `approval ${id} waits for ${approvers[decisions.length] ?? 'nobody'} first`);
      }
      const now = hooks.now ?? Date.now();
      const next: Decision[] = [...decisions, { by, decision, ...(comment ? { comment } : {}), at: new Date(now).toISOString(), ...(hooks.decision?.actedBy && hooks.decision.actedBy !== by ? { actedBy: hooks.decision.actedBy } : {}) }];
      const outcome = chainOutcome(mode, approvers, nullableNumber(row.quorum), next, nullableNumber(row.max_rejections));
      const changed = await trx('approval')
        .where({ id, status: 'pending' })
        .update({ decisions: toJson(next), status: outcome ?? 'pending', decided_at: outcome ? now : null });
      if (changed === 0) throw UserError.conflict('APPROVAL_NOT_PENDING', `approval ${id} was decided meanwhile`);
      const jobs: Job[] = [];
      if (outcome) {
        const runId = Number(row.run_id);
        const event = { type: 'approvalDecided', nodeId: String(row.node_id), stepSeq: Number(row.step_seq), approvalId: String(id), outcome, decisions: next };
        const inputId = insertedId(await trx('run_input').insert({ run_id: runId, type: 'approvalDecided', payload: toJson(event), processed: false, created_at: now }));
        jobs.push({ name: 'advance', id: `advance:${runId}:${inputId}`, ref: runId });
        const chained = await this.events.ingestWithin(trx, {
          type: 'approval.decided',
          idempotencyKey: `approval.decided:${id}`,
          payload: {
            approvalId: String(id),
            runId: String(runId),
            workflowId: String(row.workflow_id),
            nodeId: String(row.node_id),
            ...(row.employee_id ? { employeeId: String(row.employee_id) } : {}),
            outcome,
            decisions: next,
          },
        });
        jobs.push(...chained.jobs);
      }
      jobs.push(...((await hooks.after?.(trx, { ...row, decisions: toJson(next), status: outcome ?? 'pending' }, { outcome, decisions: next })) ?? []));
      return { approval: toApproval({ ...row, decisions: toJson(next), status: outcome ?? 'pending' }), jobs };
    });
  }
}
