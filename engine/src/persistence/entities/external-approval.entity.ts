import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/**
 * An approval routed to Feishu or DingTalk (one per `approval` row with `external` config): the
 * instance to create (input, idempotency key), its id once created, and the state of the
 * reconciliation polling that recovers missed callbacks.
 */
export const ExternalApprovalEntity = defineEntity({
  name: 'ExternalApproval',
  tableName: 'external_approval',
  indexes: [{ properties: ['status', 'nextCheckAt'] }, { properties: ['connector', 'instanceId'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    approvalId: p.bigint('number').unique(),
    runId: p.bigint('number'),
    nodeId: p.string().length(100),
    stepSeq: p.integer(),
    connector: p.string().length(64),
    /** The evaluated createInstance input. */
    input: jsonText(),
    idempotencyKey: p.string().length(200),
    /** Feishu instance_code / DingTalk processInstanceId, once created. */
    instanceId: p.string().length(128).nullable(),
    /** creating | pending | decided | failed | closed */
    status: p.string().length(16),
    /** approved | rejected | cancelled, once decided. */
    outcome: p.string().length(16).nullable(),
    /** The external system's own status (APPROVED, COMPLETED/agree, …). */
    externalStatus: p.string().length(64).nullable(),
    /** How the decision arrived: callback | reconciliation. */
    decidedVia: p.string().length(16).nullable(),
    attempts: p.integer().default(0),
    lastError: p.text().nullable(),
    /** When the background job acts next (create retry, or reconciliation poll). */
    nextCheckAt: p.bigint('number'),
    leaseUntil: p.bigint('number').nullable(),
    createdAt: p.bigint('number'),
    updatedAt: p.bigint('number'),
    decidedAt: p.bigint('number').nullable(),
  },
});
