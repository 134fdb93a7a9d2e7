import type { RunStatus } from '@coachflow/model';
import type { RouteSpec } from '../route.types.js';
import { auditActor } from '../../auth/auth.service.js';
import { HR, PEOPLE, runSubject } from '../../auth/subjects.js';

const listQuery = {
  type: 'object' as const,
  additionalProperties: false,
  properties: {
    workflowId: { type: 'string' as const, pattern: '^[0-9]{1,10}$' },
    status: { type: 'string' as const, enum: ['running', 'waiting', 'succeeded', 'failed', 'cancelled'] },
    employeeId: { type: 'string' as const, maxLength: 64 },
    limit: { type: 'string' as const, pattern: '^[0-9]{1,3}$' },
    cursor: { type: 'string' as const, pattern: '^[0-9]{1,19}$' },
  },
};

export const runRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/v1/runs',
    operationId: 'listRuns',
    summary: 'Runs, newest first, keyset-paginated (pass nextCursor as cursor)',
    tag: 'runs',
    access: { roles: PEOPLE, listItem: (r) => ({ about: [r.employeeId as string] }) },
    query: listQuery,
    responses: { 200: 'A page of runs' },
    async handler({ services, query, auth }) {
      const limit = Math.min(Math.max(Number(query.limit ?? 50), 1), 200);
      // A manager sees runs about their reporting line and themselves; others runs about themselves.
      const scoped = auth.reach !== 'all' ? { employeeIds: [auth.principal?.employeeId ?? '', ...(auth.reach === 'team' ? await auth.reports() : [])] } : {};
      return {
        body: await services.runs.list({
          limit,
          ...scoped,
          ...(query.workflowId ? { workflowId: Number(query.workflowId) } : {}),
          ...(query.status ? { status: query.status as RunStatus } : {}),
          ...(query.employeeId ? { employeeId: query.employeeId } : {}),
          ...(query.cursor ? { cursor: Number(query.cursor) } : {}),
        }),
      };
    },
  },
  {
    method: 'get',
    path: '/api/v1/runs/:id',
    operationId: 'getRun',
    summary: "A run with every step's status, input, output, error, attempts and timings, and its version's definition",
    tag: 'runs',
    access: { roles: PEOPLE, subject: runSubject },
    intParams: ['id'],
    responses: { 200: 'The run', 404: 'Not found' },
    async handler({ services, params }) {
      return { body: await services.runs.get(Number(params.id)) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/runs/:id/retry',
    operationId: 'retryRun',
    summary: 'Retry a failed run from its failed node',
    tag: 'runs',
    access: { roles: HR },
    intParams: ['id'],
    responses: { 202: 'Retry queued', 404: 'Not found', 409: 'Run is not failed' },
    async handler({ services, params, auth, koa }) {
      const jobs = await services.runs.retry(Number(params.id), undefined, auditActor(auth.principal, koa.ip));
      await services.runtime.enqueue(jobs);
      return { status: 202, body: { id: Number(params.id), queued: 'retry' } };
    },
  },
  {
    method: 'post',
    path: '/api/v1/runs/:id/cancel',
    operationId: 'cancelRun',
    summary: 'Cancel a running or waiting run (its open tasks, approvals and timers are closed)',
    tag: 'runs',
    access: { roles: HR },
    intParams: ['id'],
    body: { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: 1000 } } },
    responses: { 202: 'Cancel queued', 404: 'Not found', 409: 'Run already finished' },
    async handler({ services, params, body, auth, koa }) {
      const reason = (body as { reason?: string } | undefined)?.reason;
      const jobs = await services.runs.cancel(Number(params.id), reason, auth.principal?.employeeId ?? auth.principal?.email ?? auth.principal?.name, auditActor(auth.principal, koa.ip));
      await services.runtime.enqueue(jobs);
      return { status: 202, body: { id: Number(params.id), queued: 'cancel' } };
    },
  },
];
