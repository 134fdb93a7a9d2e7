import { TRIGGER_TYPES, UserError } from '@coachflow/model';
import type { RouteSpec } from '../route.types.js';
import type { IncomingEvent } from '../../app/event.service.js';
import { listEvents } from '../../app/event-list.js';
import { idempotencyKeySchema } from './schemas.js';
import { fromJson } from '../../persistence/json.js';
import { HR, HR_IT } from '../../auth/subjects.js';
import { cursorParam, limitOf, limitParam } from './people.shared.js';

export const eventRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/api/v1/events',
    operationId: 'ingestEvent',
    summary: 'Ingest an HR signal; the same idempotency key twice is one event (200 with duplicate=true)',
    tag: 'events',
    access: { roles: HR_IT },
    body: {
      type: 'object',
      required: ['type', 'idempotencyKey', 'payload'],
      additionalProperties: false,
      properties: {
        type: { type: 'string', maxLength: 64 },
        idempotencyKey: idempotencyKeySchema,
        payload: { type: 'object' },
        occurredAt: { type: 'string', maxLength: 40 },
      },
    },
    responses: { 202: 'Accepted; runs started', 200: 'Duplicate of an earlier event', 400: 'Invalid event' },
    async handler({ services, body }) {
      const result = await services.events.ingest(body as IncomingEvent);
      await services.runtime.enqueue(result.jobs);
      const { jobs: _j, ...answer } = result;
      return { status: result.duplicate ? 200 : 202, body: answer };
    },
  },
  {
    method: 'get',
    path: '/api/v1/events',
    operationId: 'listEvents',
    summary: 'Recent accepted events with their payload, newest first, keyset-paginated (pass nextCursor as cursor); limit 1–100, default 20',
    tag: 'events',
    access: {
      roles: HR,
      note: 'Payloads are personal data about employees (KPI readings, PIPs, coaching): HR only, used as test-run samples in the designer',
    },
    query: {
      type: 'object',
      additionalProperties: false,
      properties: { type: { type: 'string', enum: [...TRIGGER_TYPES] }, limit: limitParam, cursor: cursorParam },
    },
    responses: { 200: 'A page of events', 400: 'Invalid query (unknown type, bad limit or cursor)' },
    async handler({ services, query }) {
      return {
        body: await listEvents(services.db.knex, {
          limit: limitOf(query, 20, 100),
          ...(query.type ? { type: query.type } : {}),
          ...(query.cursor ? { cursor: Number(query.cursor) } : {}),
        }),
      };
    },
  },
  {
    method: 'get',
    path: '/api/v1/events/:id',
    operationId: 'getEvent',
    summary: 'An event with the runs it started',
    tag: 'events',
    access: { roles: HR_IT },
    intParams: ['id'],
    responses: { 200: 'The event', 404: 'Not found' },
    async handler({ services, params }) {
      const knex = services.db.knex;
      const row = (await knex('event').where({ id: Number(params.id) }).first()) as Record<string, unknown> | undefined;
      if (!row) throw UserError.notFound('event', params.id as string);
      const runs = (await knex('run').where({ event_id: row.id }).select('id')) as Array<{ id: number }>;
      return {
        body: {
          id: Number(row.id),
          type: row.type,
          idempotencyKey: row.idempotency_key,
          payload: fromJson(row.payload),
          occurredAt: new Date(Number(row.occurred_at)).toISOString(),
          receivedAt: new Date(Number(row.received_at)).toISOString(),
          runIds: runs.map((r) => Number(r.id)),
        },
      };
    },
  },
];
