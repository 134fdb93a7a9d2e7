import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/** A workflow and its working draft; `revision` guards concurrent edits (optimistic concurrency). */
export const WorkflowEntity = defineEntity({
  name: 'Workflow',
  tableName: 'workflow',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(200),
    description: p.text().nullable(),
    definition: jsonText(),
    revision: p.integer().default(1),
    triggerType: p.string().length(64).nullable().index(),
    publishedVersion: p.integer().nullable(),
    /** Trigger type of the published version: what the event dispatcher matches on. */
    publishedTriggerType: p.string().length(64).nullable().index(),
    createdAt: p.bigint('number'),
    updatedAt: p.bigint('number'),
  },
});
