/** The signed-in user's inbox and absence delegations. */
import type { RouteSpec } from '../route.types.js';
import { SIGNED_IN } from '../../auth/access.js';
import { clientOf, EMPLOYEE_ID, hasRole, limitOf, limitParam, principalOf } from './people.shared.js';
import type { InboxFilter } from '../../app/inbox.service.js';

export const inboxRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/v1/inbox',
    operationId: 'inbox',
    summary: "The signed-in user's tasks (assigned, claimed, delegated to them while someone is away, escalated to them) and the approvals waiting on them, with counts",
    tag: 'inbox',
    access: { roles: SIGNED_IN, note: 'the caller’s own work only' },
    query: {
      type: 'object',
      additionalProperties: false,
      properties: { filter: { type: 'string', enum: ['open', 'dueSoon', 'overdue', 'all'] }, dueSoonHours: { type: 'string', pattern: '^[0-9]{1,4}$' }, limit: limitParam },
    },
    responses: { 200: '{ tasks, approvals, counts: { open, dueSoon, overdue, approvals } }', 403: 'Account not linked to a person' },
    async handler(req) {
      const q = req.query;
      return {
        body: await req.services.inbox.inbox(principalOf(req), (q.filter ?? 'open') as InboxFilter, { dueSoonMs: Number(q.dueSoonHours ?? 72) * 3_600_000, limit: limitOf(q, 100, 500) }),
      };
    },
  },
  {
    method: 'get',
    path: '/api/v1/delegations',
    operationId: 'listDelegations',
    summary: 'Absence delegations: the caller’s own (given and received); hr_admin sees all',
    tag: 'inbox',
    access: { roles: SIGNED_IN, note: 'the caller’s own unless hr_admin' },
    responses: { 200: 'Delegations' },
    async handler(req) {
      return { body: { items: await req.services.inbox.listDelegations(principalOf(req), hasRole(req, 'hr_admin')) } };
    },
  },
  {
    method: 'post',
    path: '/api/v1/delegations',
    operationId: 'createDelegation',
    summary: 'While you are away, someone acts for you on tasks and approvals (on behalf of you, kept in history); hr_admin may set one up for anyone',
    tag: 'inbox',
    access: { roles: SIGNED_IN, note: 'for the caller; delegatorId other than the caller needs hr_admin' },
    body: {
      type: 'object',
      required: ['delegateId', 'endsAt'],
      additionalProperties: false,
      properties: {
        delegateId: EMPLOYEE_ID,
        delegatorId: EMPLOYEE_ID,
        startsAt: { type: 'string', format: 'date-time' },
        endsAt: { type: 'string', format: 'date-time' },
        reason: { type: 'string', maxLength: 1000 },
      },
    },
    responses: { 201: 'Created', 400: 'Unknown person or bad period', 403: 'Not yours to delegate' },
    async handler(req) {
      const b = req.body as { delegateId: string; delegatorId?: string; startsAt?: string; endsAt: string; reason?: string };
      return { status: 201, body: await req.services.inbox.createDelegation(principalOf(req), b, hasRole(req, 'hr_admin'), clientOf(req)) };
    },
  },
  {
    method: 'delete',
    path: '/api/v1/delegations/:id',
    operationId: 'revokeDelegation',
    summary: 'End a delegation (the delegator, or hr_admin)',
    tag: 'inbox',
    intParams: ['id'],
    access: {
      roles: { hr_admin: 'all', it_admin: 'self', manager: 'self', executive: 'self', employee: 'self' },
      subject: ({ params, services }) => services.inbox.delegationSubject(Number(params.id)),
    },
    responses: { 200: 'Revoked', 404: 'Not found (or not yours)' },
    async handler(req) {
      return { body: await req.services.inbox.revokeDelegation(Number(req.params.id), principalOf(req), clientOf(req)) };
    },
  },
];
