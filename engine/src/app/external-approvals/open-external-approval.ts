/**
 * Called by the effects adapter inside the run's transaction when an approval node routes to an
 * external system: records what to create. The instance itself is created outside the transaction
 * by the external-approval job (external-approval.job.ts), which also reconciles missed callbacks.
 */
import type { Knex } from '@mikro-orm/mysql';
import type { ExternalApprovalRequest } from '../../core/types.js';
import { toJson } from '../../persistence/json.js';

export interface OpenExternalApproval {
  approvalId: number;
  runId: number;
  nodeId: string;
  stepSeq: number;
  request: ExternalApprovalRequest;
}

export async function openExternalApproval(trx: Knex, open: OpenExternalApproval, now: number): Promise<void> {
  await trx('external_approval').insert({
    approval_id: open.approvalId,
    run_id: open.runId,
    node_id: open.nodeId,
    step_seq: open.stepSeq,
    connector: open.request.connector,
    input: toJson(open.request.input),
    idempotency_key: open.request.idempotencyKey,
    instance_id: null,
    status: 'creating',
    outcome: null,
    external_status: null,
    decided_via: null,
    attempts: 0,
    last_error: null,
    next_check_at: now,
    lease_until: null,
    created_at: now,
    updated_at: now,
    decided_at: null,
  });
}
