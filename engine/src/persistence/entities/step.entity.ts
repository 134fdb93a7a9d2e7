import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

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
    input: jsonText().nullable(),
    output: jsonText().nullable(),
    error: jsonText().nullable(),
    handle: p.string().length(100).nullable(),
    evaluations: jsonText().nullable(),
    startedAt: p.bigint('number'),
    finishedAt: p.bigint('number').nullable(),
  },
});
