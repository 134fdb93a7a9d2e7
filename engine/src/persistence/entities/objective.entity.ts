import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/** A strategic objective owned by executives; its key results are goal rows of kind key_result. */
export const ObjectiveEntity = defineEntity({
  name: 'Objective',
  tableName: 'objective',
  properties: {
    id: p.string().length(64).primary(),
    title: p.string().length(300),
    titleEn: p.string().length(300).nullable(),
    ownerIds: jsonText(),
    region: p.string().length(32).nullable(),
    status: p.string().length(16).default('active'),
    updatedAt: p.bigint('number'),
  },
});
