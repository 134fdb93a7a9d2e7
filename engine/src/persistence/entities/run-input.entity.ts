import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/**
 * The mailbox of a run: every event for the core (start, action result, task completion, timer)
 * is written here first, then processed in order by the `advance` job. Unprocessed rows are
 * what the recovery sweep re-enqueues when a job was lost.
 */
export const RunInputEntity = defineEntity({
  name: 'RunInput',
  tableName: 'run_input',
  indexes: [{ properties: ['runId', 'processed'] }, { properties: ['processed', 'createdAt'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    runId: p.bigint('number'),
    type: p.string().length(32),
    payload: jsonText(),
    processed: p.boolean().default(false),
    createdAt: p.bigint('number'),
  },
});
