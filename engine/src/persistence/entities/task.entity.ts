import { defineEntity, p } from '@mikro-orm/core';

/** A human task created by a task node, waiting in an assignee's inbox. */
export const TaskEntity = defineEntity({
  name: 'Task',
  tableName: 'task',
  indexes: [{ properties: ['assigneeId', 'status'] }, { properties: ['runId'] }, { properties: ['status', 'dueAt'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    runId: p.bigint('number'),
    workflowId: p.integer(),
    nodeId: p.string().length(100),
    stepSeq: p.integer(),
    employeeId: p.string().length(64).nullable(),
    title: p.string().length(500),
    description: p.text().nullable(),
    assigneeRef: p.json<Record<string, unknown>>(),
    assigneeId: p.string().length(64).nullable(),
    status: p.string().length(16),
    priority: p.string().length(16),
    form: p.string().length(32).nullable(),
    evidence: p.json<Record<string, unknown>>().nullable(),
    result: p.json<Record<string, unknown>>().nullable(),
    completedBy: p.string().length(64).nullable(),
    dueAt: p.bigint('number').nullable(),
    createdAt: p.bigint('number'),
    completedAt: p.bigint('number').nullable(),
  },
});
