import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/** An immutable published version of a workflow. Runs are pinned to one. */
export const WorkflowVersionEntity = defineEntity({
  name: 'WorkflowVersion',
  tableName: 'workflow_version',
  uniques: [{ properties: ['workflowId', 'version'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    workflowId: p.integer().index(),
    version: p.integer(),
    definition: jsonText(),
    triggerType: p.string().length(64),
    note: p.text().nullable(),
    publishedAt: p.bigint('number'),
  },
});
