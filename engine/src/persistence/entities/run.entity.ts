import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/** A run (execution) of a published workflow version. `state` is the core's ExecutionState. */
export const RunEntity = defineEntity({
  name: 'Run',
  tableName: 'run',
  indexes: [
    { properties: ['workflowId', 'id'] },
    /** Runs list filtered by workflow and status (Migration20261126140000_RunWorkflowStatusIndex). */
    { properties: ['workflowId', 'status', 'id'] },
    { properties: ['status', 'id'] },
    { properties: ['finishedAt'] },
    { properties: ['employeeId', 'id'] },
  ],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    workflowId: p.integer(),
    versionId: p.integer(),
    version: p.integer(),
    eventId: p.bigint('number').index(),
    employeeId: p.string().length(64).nullable(),
    status: p.string().length(16),
    currentNode: p.string().length(100).nullable(),
    state: jsonText().nullable(),
    error: jsonText().nullable(),
    outcome: p.string().length(200).nullable(),
    startedAt: p.bigint('number'),
    updatedAt: p.bigint('number'),
    finishedAt: p.bigint('number').nullable(),
  },
});
