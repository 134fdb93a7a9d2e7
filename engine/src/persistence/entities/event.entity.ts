import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/** An ingested event. The idempotency key makes a re-sent event one event. */
export const EventEntity = defineEntity({
  name: 'Event',
  tableName: 'event',
  /** Recent events of one type, newest first (GET /api/v1/events?type=…). */
  indexes: [{ properties: ['type', 'id'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    type: p.string().length(64),
    idempotencyKey: p.string().length(200).unique(),
    payload: jsonText(),
    occurredAt: p.bigint('number'),
    receivedAt: p.bigint('number').index(),
    runCount: p.integer().default(0),
  },
});
