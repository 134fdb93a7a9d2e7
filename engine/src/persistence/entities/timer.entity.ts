import { defineEntity, p } from '@mikro-orm/core';

/** A durable timer (delay nodes, action retry back-off). Fired once by the sweep. */
export const TimerEntity = defineEntity({
  name: 'Timer',
  tableName: 'timer',
  indexes: [{ properties: ['fired', 'fireAt'] }, { properties: ['runId'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    runId: p.bigint('number'),
    nodeId: p.string().length(100),
    stepSeq: p.integer(),
    purpose: p.string().length(16),
    fireAt: p.bigint('number'),
    fired: p.boolean().default(false),
    createdAt: p.bigint('number'),
  },
});
