/** In-app notifications of the signed-in user; the mail/IM outbox (it_admin); the executive digest. */
import type { RouteSpec } from '../route.types.js';
import { SIGNED_IN } from '../../auth/access.js';
import { computeDigest, sendDigest } from '../../notifications/digest.js';
import { cursorParam, employeeIdOf, limitOf, limitParam } from './people.shared.js';

export const notificationRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/v1/notifications',
    operationId: 'listNotifications',
    summary: "The signed-in user's in-app notifications, newest first",
    tag: 'notifications',
    access: { roles: SIGNED_IN, note: 'the caller’s own only' },
    query: { type: 'object', additionalProperties: false, properties: { unread: { type: 'string', enum: ['true', 'false'] }, limit: limitParam, cursor: cursorParam } },
    responses: { 200: 'A page of notifications', 403: 'Account not linked to a person' },
    async handler(req) {
      const q = req.query;
      return { body: await req.services.notifications.list(employeeIdOf(req), { unread: q.unread === 'true', limit: limitOf(q), ...(q.cursor ? { cursor: Number(q.cursor) } : {}) }) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/notifications/unread-count',
    operationId: 'unreadNotifications',
    summary: 'How many of the signed-in user’s notifications are unread',
    tag: 'notifications',
    access: { roles: SIGNED_IN, note: 'the caller’s own only' },
    responses: { 200: '{ unread }' },
    async handler(req) {
      return { body: { unread: await req.services.notifications.unreadCount(employeeIdOf(req)) } };
    },
  },
  {
    method: 'post',
    path: '/api/v1/notifications/:id/read',
    operationId: 'markNotificationRead',
    summary: 'Mark one of your notifications read',
    tag: 'notifications',
    intParams: ['id'],
    access: { roles: SIGNED_IN, note: 'the caller’s own only: anyone else’s answers 404' },
    responses: { 200: 'The notification', 404: 'Not found (or not yours)' },
    async handler(req) {
      return { body: await req.services.notifications.markRead(Number(req.params.id), employeeIdOf(req)) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/notifications/read-all',
    operationId: 'markAllNotificationsRead',
    summary: 'Mark all your notifications read',
    tag: 'notifications',
    access: { roles: SIGNED_IN, note: 'the caller’s own only' },
    responses: { 200: '{ marked }' },
    async handler(req) {
      return { body: { marked: await req.services.notifications.markAllRead(employeeIdOf(req)) } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/outbox',
    operationId: 'listOutbox',
    summary: 'Mail and IM deliveries with status (pending, sending, sent, failed, outbox, undeliverable), attempts and last error',
    tag: 'notifications',
    access: { roles: { it_admin: 'all' } },
    query: {
      type: 'object',
      additionalProperties: false,
      properties: { status: { type: 'string', enum: ['pending', 'sending', 'sent', 'failed', 'outbox', 'undeliverable'] }, channel: { type: 'string', enum: ['mail', 'im'] }, limit: limitParam, cursor: cursorParam },
    },
    responses: { 200: 'A page of deliveries' },
    async handler({ services, query }) {
      return {
        body: await services.notifications.outbox({
          limit: limitOf(query),
          ...(query.status ? { status: query.status } : {}),
          ...(query.channel ? { channel: query.channel } : {}),
          ...(query.cursor ? { cursor: Number(query.cursor) } : {}),
        }),
      };
    },
  },
  {
    method: 'post',
    path: '/api/v1/outbox/:id/retry',
    operationId: 'retryDelivery',
    summary: 'Send a failed (or outbox) delivery again',
    tag: 'notifications',
    intParams: ['id'],
    access: { roles: { it_admin: 'all' } },
    responses: { 200: 'Queued again', 404: 'Not found', 409: 'Not failed' },
    async handler({ services, params }) {
      return { body: await services.notifications.retry(Number(params.id)) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/digest',
    operationId: 'previewDigest',
    summary: 'The executive digest so far: strategy-drift signals per objective with trend (aggregated figures, no individual coaching notes)',
    tag: 'notifications',
    access: { roles: { executive: 'all', hr_admin: 'all' } },
    query: { type: 'object', additionalProperties: false, properties: { frequency: { type: 'string', enum: ['daily', 'weekly'] } } },
    responses: { 200: 'The digest' },
    async handler({ services, query }) {
      return { body: await computeDigest(services.db.knex, (query.frequency ?? 'weekly') as 'daily' | 'weekly') };
    },
  },
  {
    method: 'post',
    path: '/api/v1/digest/send',
    operationId: 'sendDigest',
    summary: 'Send the executive digest now (in-app and mail to every executive), even when it is empty',
    tag: 'notifications',
    access: { roles: { hr_admin: 'all', it_admin: 'all' } },
    body: { type: 'object', additionalProperties: false, properties: { frequency: { type: 'string', enum: ['daily', 'weekly'] } } },
    responses: { 200: '{ period, recipients, objectives, written }' },
    async handler({ services, body }) {
      const frequency = ((body as { frequency?: string } | undefined)?.frequency ?? 'weekly') as 'daily' | 'weekly';
      return { body: await sendDigest(services.db.knex, services.notifications, frequency, Date.now(), { sendEmpty: true, manual: true }) };
    },
  },
];
