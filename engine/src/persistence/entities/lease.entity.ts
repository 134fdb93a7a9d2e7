import { defineEntity, p } from '@mikro-orm/core';

/** A named lease held by one process at a time (the recovery sweep, schedules, retention). */
export const LeaseEntity = defineEntity({
  name: 'Lease',
  tableName: 'lease',
  properties: {
    name: p.string().length(64).primary(),
    owner: p.string().length(128),
    expiresAt: p.bigint('number'),
  },
});
