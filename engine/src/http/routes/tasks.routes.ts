import type { RouteSpec } from '../route.types.js';

/**
 * Until sign-in lands (people issue), the acting person is named in the body as `actor` (an
 * employee id). It is recorded, not trusted for access control: there is none yet.
 */
const actor = { type: 'string' as const, minLength: 1, maxLength: 64, description: 'Employee id of the person acting (replaced by the signed-in user once sign-in exists)' };

export const taskRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/v1/tasks',
    operationId: 'listTasks',
    summary: 'Tasks (inbox), newest first',
    tag: 'tasks',
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        status: { type: 'string', enum: ['open', 'completed', 'cancelled'] },
        assigneeId: { type: 'string', maxLength: 64 },
        runId: { type: 'string', pattern: '^[0-9]{1,19}$' },
        limit: { type: 'string', pattern: '^[0-9]{1,3}$' },
      },
    },
    responses: { 200: 'Tasks' },
    async handler({ services, query }) {
      const items = await services.tasks.list({
        limit: Math.min(Math.max(Number(query.limit ?? 100), 1), 500),
        ...(query.status ? { status: query.status } : {}),
        ...(query.assigneeId ? { assigneeId: query.assigneeId } : {}),
        ...(query.runId ? { runId: Number(query.runId) } : {}),
      });
      return { body: { items } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/tasks/:id',
    operationId: 'getTask',
    summary: 'A task with its evidence',
    tag: 'tasks',
    intParams: ['id'],
    responses: { 200: 'The task', 404: 'Not found' },
    async handler({ services, params }) {
      return { body: await services.tasks.get(Number(params.id)) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/tasks/:id/complete',
    operationId: 'completeTask',
    summary: 'Complete a task with its form data; resumes the waiting run and emits task.completed',
    tag: 'tasks',
    intParams: ['id'],
    body: { type: 'object', required: ['actor'], additionalProperties: false, properties: { actor, data: { type: 'object' } } },
    responses: { 200: 'Completed', 404: 'Not found', 409: 'Task is not open' },
    async handler({ services, params, body }) {
      const b = body as { actor: string; data?: Record<string, unknown> };
      const { task, jobs } = await services.tasks.complete(Number(params.id), b.actor, b.data ?? {});
      await services.runtime.enqueue(jobs);
      return { body: task };
    },
  },
  {
    method: 'get',
    path: '/api/v1/approvals',
    operationId: 'listApprovals',
    summary: 'Approvals, newest first',
    tag: 'approvals',
    query: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: ['pending', 'approved', 'rejected', 'cancelled'] }, limit: { type: 'string', pattern: '^[0-9]{1,3}$' } } },
    responses: { 200: 'Approvals' },
    async handler({ services, query }) {
      const items = await services.tasks.listApprovals({ limit: Math.min(Math.max(Number(query.limit ?? 100), 1), 500), ...(query.status ? { status: query.status } : {}) });
      return { body: { items } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/approvals/:id',
    operationId: 'getApproval',
    summary: 'An approval chain with its decisions (reading never changes state)',
    tag: 'approvals',
    intParams: ['id'],
    responses: { 200: 'The approval', 404: 'Not found' },
    async handler({ services, params }) {
      return { body: await services.tasks.getApproval(Number(params.id)) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/approvals/:id/decisions',
    operationId: 'decideApproval',
    summary: "Record an approver's decision; a decided chain resumes the run on its approved/rejected branch",
    tag: 'approvals',
    intParams: ['id'],
    body: {
      type: 'object',
      required: ['actor', 'decision'],
      additionalProperties: false,
      properties: { actor, decision: { type: 'string', enum: ['approved', 'rejected'] }, comment: { type: 'string', maxLength: 5000 } },
    },
    responses: { 200: 'Recorded', 403: 'Not an approver', 404: 'Not found', 409: 'Already decided or not your turn' },
    async handler({ services, params, body }) {
      const b = body as { actor: string; decision: 'approved' | 'rejected'; comment?: string };
      const { approval, jobs } = await services.tasks.decide(Number(params.id), b.actor, b.decision, b.comment);
      await services.runtime.enqueue(jobs);
      return { body: approval };
    },
  },
];
