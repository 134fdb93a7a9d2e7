import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/** One strategy-drift analysis of one objective: the figures behind the decision, kept for trends. */
export const DriftAnalysisEntity = defineEntity({
  name: 'DriftAnalysis',
  tableName: 'drift_analysis',
  indexes: [{ properties: ['objectiveId', 'id'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    objectiveId: p.string().length(64),
    period: p.string().length(10),
    drifting: p.boolean(),
    reasons: jsonText(),
    measures: jsonText(),
    trend: jsonText(),
    threshold: p.double(),
    eventId: p.bigint('number').nullable(),
    source: p.string().length(16),
    createdAt: p.bigint('number'),
  },
});
