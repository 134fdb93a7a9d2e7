import { defineEntity, p } from '@mikro-orm/core';

/** One KPI value of one employee and period (a correction replaces it). Clustered by pair, then period. */
export const KpiReadingEntity = defineEntity({
  name: 'KpiReading',
  tableName: 'kpi_reading',
  properties: {
    employeeId: p.string().length(64).primary(),
    kpiId: p.string().length(64).primary(),
    period: p.string().length(10).primary(),
    value: p.double(),
    target: p.double().nullable(),
    importId: p.bigint('number').nullable(),
    receivedAt: p.bigint('number'),
  },
});
