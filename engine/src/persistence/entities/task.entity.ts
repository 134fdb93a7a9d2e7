import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/** A human task created by a task node, waiting in an assignee's inbox. */
export const TaskEntity = defineEntity({
  name: 'Task',
  tableName: 'task',
  indexes: [{ properties: ['assigneeId', 'status'] }, { properties: ['runId'] }, { properties: ['status', 'dueAt'] }, { properties: ['status', 'notifiedAt', 'id'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    runId: p.bigint('number'),
    workflowId: p.integer(),
    nodeId: p.string().length(100),
    stepSeq: p.integer(),
    employeeId: p.string().length(64).nullable(),
    title: p.string().length(500),
    description: p.text().nullable(),
    assigneeRef: jsonText(),
    assigneeId: p.string().length(64).nullable(),
    status: p.string().length(16),
    priority: p.string().length(16),
    form: p.string().length(32).nullable(),
    evidence: jsonText().nullable(),
    result: jsonText().nullable(),
    completedBy: p.string().length(64).nullable(),
    dueAt: p.bigint('number').nullable(),
    createdAt: p.bigint('number'),
    completedAt: p.bigint('number').nullable(),
    // People in the loop (issue 4)
    /** workflow (created by a task node) or objection (an employee's objection for the HRBP). */
    kind: p.string().length(16).default('workflow'),
    claimedBy: p.string().length(64).nullable(),
    claimedAt: p.bigint('number').nullable(),
    /** When a delegate completed it: the assignee they acted for. */
    onBehalfOf: p.string().length(64).nullable(),
    /** Overdue: the next level up (the assignee's manager) who may act too. */
    escalatedTo: p.string().length(64).nullable(),
    escalationLevel: p.integer().default(0),
    escalatedAt: p.bigint('number').nullable(),
    remindedAt: p.bigint('number').nullable(),
    /** When the assignee was told about it (in-app/mail). */
    notifiedAt: p.bigint('number').nullable(),
  },
});
