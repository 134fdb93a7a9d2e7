import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/** The streak detector's state of one employee-KPI pair after its latest reading (domain StreakState). */
export const KpiStreakEntity = defineEntity({
  name: 'KpiStreak',
  tableName: 'kpi_streak',
  properties: {
    employeeId: p.string().length(64).primary(),
    kpiId: p.string().length(64).primary(),
    lastPeriod: p.string().length(10),
    direction: p.string().length(8).nullable(),
    length: p.integer(),
    readings: jsonText().nullable(),
    firedForStreakStart: p.string().length(10).nullable(),
    updatedAt: p.bigint('number'),
  },
});
