import { defineEntity, p } from '@mikro-orm/core';

/** A performance improvement plan: entered from a coaching conclusion or by HR, exited with an outcome. */
export const PipEntity = defineEntity({
  name: 'Pip',
  tableName: 'pip',
  indexes: [{ properties: ['employeeId', 'status'] }],
  properties: {
    id: p.string().length(64).primary(),
    employeeId: p.string().length(64),
    status: p.string().length(16),
    reason: p.text(),
    startDate: p.string().length(10),
    plannedEndDate: p.string().length(10).nullable(),
    endDate: p.string().length(10).nullable(),
    outcome: p.string().length(16).nullable(),
    exitReason: p.text().nullable(),
    sourceRecordId: p.string().length(64).nullable(),
    createdAt: p.bigint('number'),
    updatedAt: p.bigint('number'),
  },
});
