import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/** A KPI as configured by HR: unit, period, direction, default range and per-family/person overrides. */
export const KpiDefinitionEntity = defineEntity({
  name: 'KpiDefinition',
  tableName: 'kpi_definition',
  properties: {
    id: p.string().length(64).primary(),
    name: p.string().length(200),
    unit: p.string().length(32),
    period: p.string().length(8),
    direction: p.string().length(24),
    range: jsonText(),
    overrides: jsonText().nullable(),
    updatedAt: p.bigint('number'),
  },
});
