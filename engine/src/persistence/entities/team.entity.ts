import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/** A team of a department, with its manager, region and (optionally) its own HRBP. */
export const TeamEntity = defineEntity({
  name: 'Team',
  tableName: 'team',
  indexes: [{ properties: ['departmentId'] }],
  properties: {
    id: p.string().length(64).primary(),
    name: p.string().length(200),
    nameEn: p.string().length(200).nullable(),
    departmentId: p.string().length(64).nullable(),
    managerId: p.string().length(64).nullable(),
    hrbpId: p.string().length(64).nullable(),
    region: p.string().length(32).nullable(),
    status: p.string().length(16).default('active'),
    updatedAt: p.bigint('number'),
  },
});
