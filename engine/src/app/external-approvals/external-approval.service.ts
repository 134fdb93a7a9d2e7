/**
 * External approvals (Feishu, DingTalk): the background job that starts instances and reconciles
 * missed callbacks, and the one place a decision from outside is applied to the waiting run.
 *
 *   effects.ts ─ openExternalApproval() ─▶ external_approval (status creating)
 *   tick ─ createInstance ─▶ pending (instance id recorded) ─┬─ callback (callbacks.ts) ─┐
 *                                                           └─ getInstance after N min ──┴─▶ applyOutcome()
 *   applyOutcome: approval row decided + `approvalDecided` run input + `approval.decided` event, one transaction.
 *
 * Outcome mapping: approved → approved; rejected → rejected; cancelled (withdrawn, deleted, revoked
 * or closed by timeout in the external system) → rejected, with the reason in the decision comment.
 */
import type { Knex } from '@mikro-orm/mysql';
import type { StepError } from '../../core/types.js';
import { callConnectorAction } from '../../connectors/call-action.js';
import type { ConnectorRegistry } from '../../connectors/connector-registry.js';
import type { Logger } from '../../logger.js';
import { fromJson, insertedId, toJson } from '../../persistence/json.js';
import type { Job } from '../../queue/job-queue.port.js';
import type { EventService } from '../event.service.js';
import { acquireLease } from '../runtime/lease.js';
import { createBackoffMs, type ExternalApprovalSettings } from './external-approval.settings.js';

type Row = Record<string, unknown>;
export type ExternalOutcome = 'approved' | 'rejected' | 'cancelled';

export interface ExternalApprovalDeps {
  knex: Knex;
  registry: ConnectorRegistry;
  log: Logger;
  events: EventService;
  enqueue: (jobs: Job[]) => Promise<void>;
  settings: ExternalApprovalSettings;
}

export interface TickReport {
  created: number;
  createFailed: number;
  reconciled: number;
  decided: number;
  closed: number;
}

const SYSTEM: Record<string, string> = { 'approval-feishu': 'Feishu', 'approval-dingtalk': 'DingTalk' };
const systemOf = (connector: string): string => SYSTEM[connector] ?? connector;

/** The getInstance input and the id field of the createInstance output, per connector. */
function instanceIdOf(connector: string, output: unknown): string | null {
  const o = (output ?? {}) as Record<string, unknown>;
  const id = connector === 'approval-feishu' ? o.instanceCode : (o.instanceId ?? o.instanceCode);
  return typeof id === 'string' && id !== '' ? id : null;
}

function getInstanceInput(connector: string, instanceId: string): Record<string, string> {
  return connector === 'approval-feishu' ? { instanceCode: instanceId } : { instanceId };
}

const PRUNE_EVERY_MS = 3_600_000;

export class ExternalApprovalService {
  #inFlight: Promise<unknown> | null = null;
  #lastPrune = 0;

  constructor(readonly deps: ExternalApprovalDeps) {}

  /** Starts a background pass unless one is running (the recovery sweep calls this every tick). */
  kick(owner: string, now = Date.now()): void {
    if (this.#inFlight) return;
    this.#inFlight = this.tick(owner, now)
      .catch((e: unknown) => this.deps.log.warn('external approvals pass failed; it runs again at the next sweep', { err: (e as Error).message }))
      .finally(() => {
        this.#inFlight = null;
      });
  }

  /** Waits for a pass in flight (shutdown). */
  async drain(): Promise<void> {
    await this.#inFlight;
  }

  /** One pass: starts due instances and polls due pending ones. Lease-guarded: one process at a time. */
  async tick(owner: string, now = Date.now()): Promise<TickReport> {
    const { knex, settings } = this.deps;
    const report: TickReport = { created: 0, createFailed: 0, reconciled: 0, decided: 0, closed: 0 };
    if (!(await acquireLease(knex, 'external-approvals', owner, settings.callTimeoutMs + 30_000, now))) return report;
    const due = (await knex('external_approval')
      .whereIn('status', ['creating', 'pending'])
      .andWhere('next_check_at', '<=', now)
      .andWhere((q) => q.whereNull('lease_until').orWhere('lease_until', '<', now))
      .orderBy('next_check_at', 'asc')
      .limit(settings.batch)) as Row[];
    const jobs: Job[] = [];
    await Promise.all(
      due.map(async (row) => {
        try {
          jobs.push(...(await this.#process(row, report)));
        } catch (e) {
          this.deps.log.warn('external approval step failed; retried at the next pass', { externalApproval: Number(row.id), err: (e as Error).message });
        }
      }),
    );
    if (jobs.length) await this.deps.enqueue(jobs);
    if (due.length) this.deps.log.info('external approvals pass', { ...report });
    if (now - this.#lastPrune > PRUNE_EVERY_MS) {
      this.#lastPrune = now;
      await this.prune(now);
    }
    return report;
  }

  /** Drops dedupe rows and finished external approvals past the retention age (platforms redeliver for hours, not months). */
  async prune(now = Date.now()): Promise<{ callbacks: number; approvals: number }> {
    const before = now - this.deps.settings.retentionMs;
    const callbacks = await this.deps.knex('callback_event').where('received_at', '<', before).delete();
    const approvals = await this.deps.knex('external_approval').whereIn('status', ['decided', 'failed', 'closed']).andWhere('updated_at', '<', before).delete();
    return { callbacks, approvals };
  }

  async #process(row: Row, report: TickReport): Promise<Job[]> {
    const { knex, settings } = this.deps;
    const id = Number(row.id);
    const now = Date.now();
    const claimed = await knex('external_approval')
      .where({ id, status: row.status })
      .andWhere((q) => q.whereNull('lease_until').orWhere('lease_until', '<', now))
      .update({ lease_until: now + settings.callTimeoutMs + 10_000 });
    if (claimed === 0) return [];
    const approval = (await knex('approval').where({ id: row.approval_id }).first('status')) as Row | undefined;
    if (!approval || approval.status !== 'pending') {
      // The run was cancelled (or the approval decided some other way): stop working on it.
      await knex('external_approval').where({ id }).update({ status: 'closed', lease_until: null, updated_at: now });
      report.closed++;
      return [];
    }
    return row.status === 'creating' ? this.#create(row, report) : this.#reconcile(row, report);
  }

  async #create(row: Row, report: TickReport): Promise<Job[]> {
    const { knex, registry, log, settings } = this.deps;
    const id = Number(row.id);
    const connector = String(row.connector);
    const result = await callConnectorAction(registry, log, {
      connector,
      action: 'createInstance',
      input: fromJson(row.input),
      idempotencyKey: String(row.idempotency_key),
      timeoutMs: settings.callTimeoutMs,
    });
    const now = Date.now();
    const attempts = Number(row.attempts) + 1;
    let error: StepError | null = result.ok ? null : result.error;
    const instanceId = result.ok ? instanceIdOf(connector, result.output) : null;
    if (result.ok && !instanceId) error = { code: 'BAD_RESPONSE', message: `${connector}.createInstance returned no instance id`, retryable: false };
    if (!error && instanceId) {
      await knex('external_approval')
        .where({ id })
        .update({ instance_id: instanceId, status: 'pending', attempts, last_error: null, next_check_at: now + settings.reconcileAfterMs, lease_until: null, updated_at: now });
      log.info('external approval started', { externalApproval: id, approvalId: Number(row.approval_id), connector, instanceId });
      report.created++;
      return [];
    }
    const err = error as StepError;
    if (err.retryable && attempts < settings.maxCreateAttempts) {
      await knex('external_approval')
        .where({ id })
        .update({ attempts, last_error: `${err.code}: ${err.message}`.slice(0, 2000), next_check_at: now + createBackoffMs(attempts), lease_until: null, updated_at: now });
      log.warn('external approval not started yet; retrying', { externalApproval: id, connector, attempts, code: err.code });
      return [];
    }
    report.createFailed++;
    log.warn('external approval could not be started; the step fails', { externalApproval: id, connector, attempts, code: err.code });
    return knex.transaction(async (trx) => {
      const n = await trx('external_approval')
        .where({ id, status: 'creating' })
        .update({ status: 'failed', attempts, last_error: `${err.code}: ${err.message}`.slice(0, 2000), lease_until: null, updated_at: now });
      if (n === 0) return [];
      await trx('approval').where({ id: row.approval_id, status: 'pending' }).update({ status: 'cancelled', decided_at: now });
      const runId = Number(row.run_id);
      const event = {
        type: 'actionFailed',
        nodeId: String(row.node_id),
        stepSeq: Number(row.step_seq),
        attempt: 1,
        error: { code: err.code, message: `could not start the ${systemOf(connector)} approval: ${err.message}`, retryable: false },
      };
      const inputId = insertedId(await trx('run_input').insert({ run_id: runId, type: 'actionFailed', payload: toJson(event), processed: false, created_at: now }));
      return [{ name: 'advance' as const, id: `advance:${runId}:${inputId}`, ref: runId }];
    });
  }

  async #reconcile(row: Row, report: TickReport): Promise<Job[]> {
    const { knex, registry, log, settings } = this.deps;
    const id = Number(row.id);
    const connector = String(row.connector);
    const instanceId = String(row.instance_id);
    const result = await callConnectorAction<{ outcome?: string; final?: boolean; status?: string; result?: string }>(registry, log, {
      connector,
      action: 'getInstance',
      input: getInstanceInput(connector, instanceId),
      idempotencyKey: `${String(row.idempotency_key)}:get`,
      timeoutMs: settings.callTimeoutMs,
    });
    report.reconciled++;
    const now = Date.now();
    if (result.ok) {
      const { outcome, final, status, result: verdict } = result.output ?? {};
      if (final && (outcome === 'approved' || outcome === 'rejected' || outcome === 'cancelled')) {
        const externalStatus = [status, verdict].filter(Boolean).join('/');
        const jobs = await knex.transaction((trx) => this.applyOutcome(trx, row, outcome, { via: 'reconciliation', externalStatus }));
        if (jobs.length) {
          report.decided++;
          log.info('external approval decided (found by reconciliation; its callback was missed)', { externalApproval: id, connector, instanceId, outcome });
        }
        return jobs;
      }
    } else {
      log.warn('external approval status could not be read; polling again later', { externalApproval: id, connector, code: result.error.code });
    }
    await knex('external_approval')
      .where({ id })
      .update({ next_check_at: now + settings.reconcileAfterMs, lease_until: null, updated_at: now, ...(result.ok ? {} : { last_error: `${result.error.code}: ${result.error.message}`.slice(0, 2000) }) });
    return [];
  }

  /**
   * Applies an external decision inside `trx`: the external row and the approval are decided, the
   * waiting run gets `approvalDecided`, and `approval.decided` is emitted. A second application
   * (duplicate callback, callback after reconciliation) changes nothing and returns no jobs.
   */
  async applyOutcome(trx: Knex, row: Row, outcome: ExternalOutcome, info: { via: 'callback' | 'reconciliation'; externalStatus: string }): Promise<Job[]> {
    const now = Date.now();
    const id = Number(row.id);
    const n = await trx('external_approval')
      .where({ id })
      .whereIn('status', ['pending', 'creating'])
      .update({ status: 'decided', outcome, external_status: info.externalStatus.slice(0, 64), decided_via: info.via, decided_at: now, lease_until: null, updated_at: now });
    if (n === 0) return [];
    const approval = (await trx('approval').where({ id: row.approval_id }).first()) as Row | undefined;
    if (!approval || approval.status !== 'pending') return [];
    const system = systemOf(String(row.connector));
    const decision: 'approved' | 'rejected' = outcome === 'approved' ? 'approved' : 'rejected';
    const comment = outcome === 'cancelled' ? `cancelled in ${system} (${info.externalStatus}); treated as rejected` : `${decision} in ${system} (${info.externalStatus})`;
    const decisions = [{ by: String(row.connector), decision, comment, at: new Date(now).toISOString() }];
    const changed = await trx('approval').where({ id: approval.id, status: 'pending' }).update({ status: decision, decisions: toJson(decisions), decided_at: now });
    if (changed === 0) return [];
    const runId = Number(approval.run_id);
    const event = { type: 'approvalDecided', nodeId: String(approval.node_id), stepSeq: Number(approval.step_seq), approvalId: String(approval.id), outcome: decision, decisions };
    const inputId = insertedId(await trx('run_input').insert({ run_id: runId, type: 'approvalDecided', payload: toJson(event), processed: false, created_at: now }));
    const jobs: Job[] = [{ name: 'advance', id: `advance:${runId}:${inputId}`, ref: runId }];
    const chained = await this.deps.events.ingestWithin(trx, {
      type: 'approval.decided',
      idempotencyKey: `approval.decided:${String(approval.id)}`,
      payload: {
        approvalId: String(approval.id),
        runId: String(runId),
        workflowId: String(approval.workflow_id),
        nodeId: String(approval.node_id),
        ...(approval.employee_id ? { employeeId: String(approval.employee_id) } : {}),
        outcome: decision,
        decisions,
      },
    });
    jobs.push(...chained.jobs);
    return jobs;
  }

  /** The external approval of an instance, by its id or (Feishu) by the create-time uuid = our idempotency key. */
  async find(connector: string, instanceId: string, uuid?: string): Promise<Row | null> {
    const { knex } = this.deps;
    const byId = (await knex('external_approval').where({ connector, instance_id: instanceId }).orderBy('id', 'desc').first()) as Row | undefined;
    if (byId) return byId;
    if (uuid) {
      const byKey = (await knex('external_approval').where({ connector, idempotency_key: uuid }).orderBy('id', 'desc').first()) as Row | undefined;
      if (byKey) return byKey;
    }
    return null;
  }

  /** The external side of one approval, for the API (no input: it may hold personal data). */
  async ofApproval(approvalId: number): Promise<Record<string, unknown> | null> {
    const r = (await this.deps.knex('external_approval').where({ approval_id: approvalId }).first()) as Row | undefined;
    if (!r) return null;
    const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(Number(v)).toISOString());
    return {
      approvalId,
      connector: String(r.connector),
      instanceId: (r.instance_id as string | null) ?? null,
      status: String(r.status),
      outcome: (r.outcome as string | null) ?? null,
      externalStatus: (r.external_status as string | null) ?? null,
      decidedVia: (r.decided_via as string | null) ?? null,
      attempts: Number(r.attempts),
      lastError: (r.last_error as string | null) ?? null,
      nextCheckAt: r.status === 'creating' || r.status === 'pending' ? iso(r.next_check_at) : null,
      createdAt: iso(r.created_at),
      decidedAt: iso(r.decided_at),
    };
  }
}
