import { defineEntity, p } from '@mikro-orm/core';

/** A notification for one recipient; in the embedded default, mail lands here (the outbox). */
export const NotificationEntity = defineEntity({
  name: 'Notification',
  tableName: 'notification',
  indexes: [{ properties: ['recipientId', 'readAt'] }, { properties: ['status', 'id'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    runId: p.bigint('number').nullable(),
    nodeId: p.string().length(100).nullable(),
    channel: p.string().length(16),
    recipientId: p.string().length(64).nullable(),
    title: p.string().length(500),
    body: p.text(),
    status: p.string().length(16),
    attempts: p.integer().default(0),
    createdAt: p.bigint('number'),
    readAt: p.bigint('number').nullable(),
  },
});
