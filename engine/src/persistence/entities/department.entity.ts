import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/** A department of the org directory, with its head, covering HRBP and the executive it reports to. */
export const DepartmentEntity = defineEntity({
  name: 'Department',
  tableName: 'department',
  properties: {
    id: p.string().length(64).primary(),
    name: p.string().length(200),
    nameEn: p.string().length(200).nullable(),
    headId: p.string().length(64).nullable(),
    hrbpId: p.string().length(64).nullable(),
    executiveId: p.string().length(64).nullable(),
    regions: jsonText().nullable(),
    status: p.string().length(16).default('active'),
    updatedAt: p.bigint('number'),
  },
});
