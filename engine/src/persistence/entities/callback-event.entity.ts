import { defineEntity, p } from '@mikro-orm/core';

/** A callback from an external system, kept by its event id so a redelivery is recognised (at-least-once delivery). */
export const CallbackEventEntity = defineEntity({
  name: 'CallbackEvent',
  tableName: 'callback_event',
  uniques: [{ properties: ['source', 'eventId'] }],
  indexes: [{ properties: ['receivedAt'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    /** feishu | dingtalk */
    source: p.string().length(16),
    eventId: p.string().length(128),
    connector: p.string().length(64),
    instanceId: p.string().length(128).nullable(),
    /** What the event said (APPROVED, finish/agree, …). */
    status: p.string().length(64).nullable(),
    /** applied | stale | ignored */
    result: p.string().length(16),
    receivedAt: p.bigint('number'),
  },
});
