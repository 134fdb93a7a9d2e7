/**
 * Runs: keyset-paginated list with filters, detail with every step, cancel and retry-from-failed.
 * Cancel and retry are written as run inputs, so they are processed in order with everything else.
 */
import { UserError, type RunStatus } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import type { ExecutionState } from '../core/types.js';
import { fromJsonOrNull, insertedId, toJson } from '../persistence/json.js';
import type { Job } from '../queue/job-queue.port.js';
import type { WorkflowService } from './workflow.service.js';

type Row = Record<string, unknown>;

export interface RunSummary {
  id: number;
  workflowId: number;
  workflowName: string | null;
  version: number;
  status: RunStatus;
  employeeId: string | null;
  eventId: number;
  currentNode: string | null;
  error: unknown;
  outcome: string | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface RunFilter {
  workflowId?: number;
  status?: RunStatus;
  employeeId?: string;
  /** Only runs about these people (a manager's reporting line). */
  employeeIds?: string[];
  limit: number;
  /** Keyset cursor: the id of the last run of the previous page (runs come newest first). */
  cursor?: number;
}

const iso = (v: unknown): string => new Date(Number(v)).toISOString();

function toSummary(row: Row): RunSummary {
  return {
    id: Number(row.id),
    workflowId: Number(row.workflow_id),
    workflowName: (row.workflow_name as string | undefined) ?? null,
    version: Number(row.version),
    status: row.status as RunStatus,
    employeeId: (row.employee_id as string | null) ?? null,
    eventId: Number(row.event_id),
    currentNode: (row.current_node as string | null) ?? null,
    error: fromJsonOrNull(row.error),
    outcome: (row.outcome as string | null) ?? null,
    startedAt: iso(row.started_at),
    updatedAt: iso(row.updated_at),
    finishedAt: row.finished_at === null || row.finished_at === undefined ? null : iso(row.finished_at),
  };
}

export class RunService {
  constructor(
    private readonly knex: Knex,
    private readonly workflows: WorkflowService,
  ) {}

  async list(filter: RunFilter): Promise<{ items: RunSummary[]; nextCursor: string | null }> {
    const q = this.knex('run as r')
      .leftJoin('workflow as w', 'w.id', 'r.workflow_id')
      .select('r.id', 'r.workflow_id', 'r.version', 'r.status', 'r.employee_id', 'r.event_id', 'r.current_node', 'r.error', 'r.outcome', 'r.started_at', 'r.updated_at', 'r.finished_at', 'w.name as workflow_name')
      .orderBy('r.id', 'desc')
      .limit(filter.limit + 1);
    if (filter.workflowId !== undefined) q.where('r.workflow_id', filter.workflowId);
    if (filter.status !== undefined) q.where('r.status', filter.status);
    if (filter.employeeId !== undefined) q.where('r.employee_id', filter.employeeId);
    if (filter.employeeIds !== undefined) q.whereIn('r.employee_id', filter.employeeIds);
    if (filter.cursor !== undefined) q.where('r.id', '<', filter.cursor);
    const rows = (await q) as Row[];
    const more = rows.length > filter.limit;
    const items = rows.slice(0, filter.limit).map(toSummary);
    return { items, nextCursor: more && items.length ? String(items[items.length - 1]?.id) : null };
  }

  async get(id: number): Promise<Record<string, unknown>> {
    const row = (await this.knex('run as r').leftJoin('workflow as w', 'w.id', 'r.workflow_id').where('r.id', id).select('r.*', 'w.name as workflow_name').first()) as Row | undefined;
    if (!row) throw UserError.notFound('run', id);
    const state = fromJsonOrNull<ExecutionState>(row.state);
    const steps = (await this.knex('step').where({ run_id: id }).orderBy('seq')) as Row[];
    const version = await this.workflows.getVersionById(Number(row.version_id));
    return {
      ...toSummary(row),
      versionId: Number(row.version_id),
      context: state?.context ?? null,
      vars: state?.vars ?? {},
      steps: steps.map((s) => ({
        seq: Number(s.seq),
        nodeId: String(s.node_id),
        kind: String(s.kind),
        status: String(s.status),
        attempt: Number(s.attempt),
        input: fromJsonOrNull(s.input),
        output: fromJsonOrNull(s.output),
        error: fromJsonOrNull(s.error),
        handle: (s.handle as string | null) ?? null,
        evaluations: fromJsonOrNull(s.evaluations) ?? [],
        startedAt: iso(s.started_at),
        finishedAt: s.finished_at === null ? null : iso(s.finished_at),
        durationMs: s.finished_at === null ? null : Number(s.finished_at) - Number(s.started_at),
      })),
      definition: version.definition,
    };
  }

  /** Queues a run input; the audit entry (when an actor is given) is written in the same transaction. */
  async #input(id: number, event: Record<string, unknown>, allowed: RunStatus[], code: string, actor?: AuditActor, details?: Record<string, unknown>): Promise<Job[]> {
    return this.knex.transaction(async (trx) => {
      const row = (await trx('run').where({ id }).first('id', 'status')) as Row | undefined;
      if (!row) throw UserError.notFound('run', id);
      if (!allowed.includes(row.status as RunStatus)) {
        throw UserError.conflict(code, `run ${id} is ${String(row.status)}; this needs it to be ${allowed.join(' or ')}`);
      }
      const inputId = insertedId(await trx('run_input').insert({ run_id: id, type: String(event.type), payload: toJson(event), processed: false, created_at: Date.now() }));
      if (actor) await recordAudit(trx, { actor, action: `run.${String(event.type)}`, target: { type: 'run', id }, ...(details ? { details } : {}) });
      return [{ name: 'advance' as const, id: `advance:${id}:${inputId}`, ref: id }];
    });
  }

  cancel(id: number, reason?: string, by?: string, actor?: AuditActor): Promise<Job[]> {
    return this.#input(id, { type: 'cancel', reason, by }, ['running', 'waiting'], 'RUN_NOT_CANCELLABLE', actor, { reason: reason ?? null });
  }

  retry(id: number, by?: string, actor?: AuditActor): Promise<Job[]> {
    return this.#input(id, { type: 'retry', by }, ['failed'], 'RUN_NOT_FAILED', actor);
  }
}
