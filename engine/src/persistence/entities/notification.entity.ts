import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/** A notification for one recipient; in the embedded default, mail lands here (the outbox). */
export const NotificationEntity = defineEntity({
  name: 'Notification',
  tableName: 'notification',
  indexes: [{ properties: ['recipientId', 'readAt'] }, { properties: ['status', 'id'] }, { properties: ['status', 'nextAttemptAt'] }],
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
    // People in the loop (issue 4)
    /** What it is about (task.assigned, task.reminder, task.escalated, approval.requested, digest, objection, workflow). */
    kind: p.string().length(32).nullable(),
    locale: p.string().length(8).nullable(),
    /** Mail address or IM platform the delivery goes to. */
    address: p.string().length(300).nullable(),
    lastError: p.text().nullable(),
    nextAttemptAt: p.bigint('number').nullable(),
    sentAt: p.bigint('number').nullable(),
    /** Makes reminders, escalations and digests idempotent across processes. */
    dedupeKey: p.string().length(200).nullable().unique(),
    /** Links and data for the app (itemType, itemId, objectives…). */
    payload: jsonText().nullable(),
  },
});
