import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/**
 * A coaching record (GROW, 5R, BEST, quick review). `data` holds the conversation notes (sensitive:
 * never copied into trigger payloads); `conclusions` drive the follow-up events.
 */
export const CoachingRecordEntity = defineEntity({
  name: 'CoachingRecord',
  tableName: 'coaching_record',
  indexes: [{ properties: ['employeeId', 'date'] }, { properties: ['date'] }, { properties: ['taskId'] }],
  properties: {
    id: p.string().length(64).primary(),
    template: p.string().length(16),
    employeeId: p.string().length(64),
    managerId: p.string().length(64),
    date: p.string().length(10),
    region: p.string().length(32).nullable(),
    departmentId: p.string().length(64).nullable(),
    objectiveId: p.string().length(64).nullable(),
    data: jsonText(),
    conclusions: jsonText(),
    obstacleThemes: jsonText().nullable(),
    source: p.string().length(16),
    taskId: p.bigint('number').nullable(),
    issues: jsonText().nullable(),
    createdAt: p.bigint('number'),
  },
});
