import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/**
 * One import (directory sync, KPI definitions, KPI readings, goals): its outcome, per-line errors
 * (capped) and, for a directory sync held by the mass-change brake, the planned change set that a
 * confirmation applies.
 */
export const DataImportEntity = defineEntity({
  name: 'DataImport',
  tableName: 'data_import',
  indexes: [{ properties: ['kind', 'id'] }, { properties: ['status'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    kind: p.string().length(32),
    format: p.string().length(8),
    mode: p.string().length(16).nullable(),
    status: p.string().length(24),
    actor: p.string().length(64).nullable(),
    summary: jsonText().nullable(),
    errors: jsonText().nullable(),
    plan: jsonText().nullable(),
    changeShare: p.double().nullable(),
    maxChangeShare: p.double().nullable(),
    createdAt: p.bigint('number'),
    finishedAt: p.bigint('number').nullable(),
    decidedBy: p.string().length(64).nullable(),
    decidedAt: p.bigint('number').nullable(),
  },
});
