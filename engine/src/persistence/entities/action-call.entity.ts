import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/**
 * A connector call the core asked for. Written in the same transaction as the run state, so a call
 * is never lost; `leaseUntil` keeps two workers from making the same call at once, and the
 * idempotency key lets the external system drop a repeat after a crash.
 */
export const ActionCallEntity = defineEntity({
  name: 'ActionCall',
  tableName: 'action_call',
  indexes: [{ properties: ['status', 'leaseUntil'] }, { properties: ['runId'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    runId: p.bigint('number'),
    nodeId: p.string().length(100),
    stepSeq: p.integer(),
    connector: p.string().length(100),
    action: p.string().length(100),
    input: jsonText(),
    attempt: p.integer(),
    idempotencyKey: p.string().length(200),
    timeoutMs: p.integer(),
    status: p.string().length(16),
    dispatches: p.integer().default(0),
    leaseUntil: p.bigint('number').nullable(),
    result: jsonText().nullable(),
    createdAt: p.bigint('number'),
    finishedAt: p.bigint('number').nullable(),
  },
});
