import { defineEntity, p } from '@mikro-orm/core';

/** One node visit of a run, mirrored from the core's state for queries and replay. */
export const StepEntity = defineEntity({
  name: 'Step',
  tableName: 'step',
  uniques: [{ properties: ['runId', 'seq'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    runId: p.bigint('number'),
    seq: p.integer(),
    nodeId: p.string().length(100),
    kind: p.string().length(32),
    status: p.string().length(16),
    attempt: p.integer().default(1),
    input: p.json<unknown>().nullable(),
    output: p.json<unknown>().nullable(),
    error: p.json<Record<string, unknown>>().nullable(),
    handle: p.string().length(100).nullable(),
    evaluations: p.json<unknown[]>().nullable(),
    startedAt: p.bigint('number'),
    finishedAt: p.bigint('number').nullable(),
  },
});
