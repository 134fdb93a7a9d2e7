import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/** An approval chain created by an approval node. */
export const ApprovalEntity = defineEntity({
  name: 'Approval',
  tableName: 'approval',
  indexes: [{ properties: ['status'] }, { properties: ['runId'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    runId: p.bigint('number'),
    workflowId: p.integer(),
    nodeId: p.string().length(100),
    stepSeq: p.integer(),
    employeeId: p.string().length(64).nullable(),
    title: p.string().length(500),
    description: p.text().nullable(),
    mode: p.string().length(16),
    quorum: p.integer().nullable(),
    /** Rejections the chain tolerates before it ends rejected (ApprovalConfig.maxRejections); null: the mode's default. */
    maxRejections: p.integer().nullable(),
    /** Resolved approver employee ids, in order. */
    approvers: jsonText(),
    decisions: jsonText(),
    status: p.string().length(16),
    slaMs: p.bigint('number').nullable(),
    escalateTo: jsonText().nullable(),
    evidence: jsonText().nullable(),
    createdAt: p.bigint('number'),
    decidedAt: p.bigint('number').nullable(),
    // People in the loop (issue 4)
    /** SLA breached: the escalation target who may decide for the overdue approver. */
    escalatedTo: p.string().length(64).nullable(),
    escalationLevel: p.integer().default(0),
    escalatedAt: p.bigint('number').nullable(),
    remindedAt: p.bigint('number').nullable(),
    notifiedAt: p.bigint('number').nullable(),
  },
});
