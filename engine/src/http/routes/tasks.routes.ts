/**
 * Tasks and approvals. The acting person is the signed-in user: completion and decisions are
 * authenticated POSTs by an assignee / approver (or their delegate, or the escalation target);
 * a GET never changes state, so link previews in chat tools cannot approve anything.
 *
 * Access: hr_admin sees every task and approval; a manager those about their reporting line and
 * their own; anyone else what is about them or waits on them. A task or approval the caller may
 * not see answers 404 (its existence is not revealed).
 */
import type { RouteSpec } from '../route.types.js';
import { actorsOnly, ANY_SELF, type Subject } from '../../auth/access.js';
import { clientOf, principalOf } from './people.shared.js';

const SEE = { hr_admin: 'all' as const, manager: 'team' as const, executive: 'self' as const, it_admin: 'self' as const, employee: 'self' as const };
const itemSubject = (item: Record<string, unknown>): Subject => ({
  about: [item.employeeId as string],
  actors: [item.assigneeId, item.claimedBy, item.escalatedTo, ...((item.approvers as string[] | undefined) ?? [])] as string[],
});

export const taskRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/v1/tasks',
    operationId: 'listTasks',
    summary: 'Tasks the caller may see, newest first (hr_admin: all; manager: their reporting line and own; others: about or assigned to them)',
    tag: 'tasks',
    access: { roles: SEE, listItem: itemSubject },
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        status: { type: 'string', enum: ['open', 'completed', 'cancelled'] },
        assigneeId: { type: 'string', maxLength: 64 },
        employeeId: { type: 'string', maxLength: 64 },
        runId: { type: 'string', pattern: '^[0-9]{1,19}$' },
        limit: { type: 'string', pattern: '^[0-9]{1,3}$' },
      },
    },
    responses: { 200: 'Tasks' },
    async handler({ services, query, auth }) {
      const items = await services.inbox.listTasks(auth, {
        limit: Math.min(Math.max(Number(query.limit ?? 100), 1), 500),
        ...(query.status ? { status: query.status } : {}),
        ...(query.assigneeId ? { assigneeId: query.assigneeId } : {}),
        ...(query.employeeId ? { employeeId: query.employeeId } : {}),
        ...(query.runId ? { runId: Number(query.runId) } : {}),
      });
      return { body: { items } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/tasks/:id',
    operationId: 'getTask',
    summary: 'A task with its evidence and history (claims, reassignments, on-behalf-of, reminders, escalations)',
    tag: 'tasks',
    intParams: ['id'],
    access: { roles: SEE, subject: ({ params, services }) => services.inbox.taskSubject(Number(params.id)) },
    responses: { 200: 'The task', 404: 'Not found (or not yours to see)' },
    async handler({ services, params }) {
      return { body: await services.inbox.getTask(Number(params.id)) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/tasks/:id/claim',
    operationId: 'claimTask',
    summary: 'Claim a task (assignee, their delegate or the escalation target): others can no longer complete it',
    tag: 'tasks',
    intParams: ['id'],
    access: { roles: ANY_SELF, subject: ({ params, services }) => actorsOnly(services.inbox.taskSubject(Number(params.id))) },
    responses: { 200: 'Claimed', 404: 'Not found (or not yours)', 409: 'Claimed by someone else, or not open' },
    async handler(req) {
      return { body: await req.services.inbox.claim(Number(req.params.id), principalOf(req), clientOf(req)) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/tasks/:id/complete',
    operationId: 'completeTask',
    summary: 'Complete a task as the signed-in user with its form data (validated against the coaching template); resumes the waiting run and emits task.completed',
    tag: 'tasks',
    intParams: ['id'],
    access: { roles: ANY_SELF, subject: ({ params, services }) => actorsOnly(services.inbox.taskSubject(Number(params.id))) },
    body: { type: 'object', additionalProperties: false, properties: { data: { type: 'object' } } },
    responses: { 200: 'Completed', 404: 'Not found (or not yours)', 409: 'Task is not open, or claimed by someone else', 422: 'Form data invalid (issues)' },
    async handler(req) {
      const b = (req.body ?? {}) as { data?: Record<string, unknown> };
      const { task, jobs } = await req.services.inbox.complete(Number(req.params.id), principalOf(req), b.data ?? {}, clientOf(req));
      await req.services.runtime.enqueue(jobs);
      return { body: task };
    },
  },
  {
    method: 'post',
    path: '/api/v1/tasks/:id/reassign',
    operationId: 'reassignTask',
    summary: 'Hand a task to someone else, with a reason (assignee, delegate, escalation target, or hr_admin)',
    tag: 'tasks',
    intParams: ['id'],
    access: { roles: { ...ANY_SELF, hr_admin: 'all' }, subject: ({ params, services }) => actorsOnly(services.inbox.taskSubject(Number(params.id))) },
    body: { type: 'object', required: ['to', 'reason'], additionalProperties: false, properties: { to: { type: 'string', minLength: 1, maxLength: 64 }, reason: { type: 'string', minLength: 1, maxLength: 2000 } } },
    responses: { 200: 'Reassigned', 400: 'Unknown person', 404: 'Not found (or not yours)', 409: 'Not open' },
    async handler(req) {
      const b = req.body as { to: string; reason: string };
      return { body: await req.services.inbox.reassign(Number(req.params.id), principalOf(req), b.to, b.reason, req.auth.reach === 'all', clientOf(req)) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/approvals',
    operationId: 'listApprovals',
    summary: 'Approvals the caller may see, newest first',
    tag: 'approvals',
    access: { roles: SEE, listItem: itemSubject },
    query: {
      type: 'object',
      additionalProperties: false,
      properties: { status: { type: 'string', enum: ['pending', 'approved', 'rejected', 'cancelled'] }, employeeId: { type: 'string', maxLength: 64 }, limit: { type: 'string', pattern: '^[0-9]{1,3}$' } },
    },
    responses: { 200: 'Approvals' },
    async handler({ services, query, auth }) {
      const items = await services.inbox.listApprovals(auth, {
        limit: Math.min(Math.max(Number(query.limit ?? 100), 1), 500),
        ...(query.status ? { status: query.status } : {}),
        ...(query.employeeId ? { employeeId: query.employeeId } : {}),
      });
      return { body: { items } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/approvals/:id',
    operationId: 'getApproval',
    summary: 'An approval chain with its decisions, comments and escalations (reading never changes state)',
    tag: 'approvals',
    intParams: ['id'],
    access: { roles: SEE, subject: ({ params, services }) => services.inbox.approvalSubject(Number(params.id)) },
    responses: { 200: 'The approval', 404: 'Not found (or not yours to see)' },
    async handler({ services, params }) {
      return { body: await services.inbox.getApproval(Number(params.id)) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/approvals/:id/decisions',
    operationId: 'decideApproval',
    summary: "Record the signed-in approver's decision (or their delegate's / the escalation target's, on behalf of); a decided chain resumes the run on its approved/rejected branch",
    tag: 'approvals',
    intParams: ['id'],
    access: { roles: ANY_SELF, subject: ({ params, services }) => actorsOnly(services.inbox.approvalSubject(Number(params.id))) },
    body: {
      type: 'object',
      required: ['decision'],
      additionalProperties: false,
      properties: { decision: { type: 'string', enum: ['approved', 'rejected'] }, comment: { type: 'string', maxLength: 5000 } },
    },
    responses: { 200: 'Recorded', 403: 'Not an approver', 404: 'Not found (or not yours)', 409: 'Already decided or not your turn' },
    async handler(req) {
      const b = req.body as { decision: 'approved' | 'rejected'; comment?: string };
      const { approval, jobs } = await req.services.inbox.decide(Number(req.params.id), principalOf(req), b.decision, b.comment, clientOf(req));
      await req.services.runtime.enqueue(jobs);
      return { body: approval };
    },
  },
  {
    method: 'post',
    path: '/api/v1/approvals/:id/comments',
    operationId: 'commentApproval',
    summary: 'Comment on an approval (approvers, their delegates, the escalation target; hr_admin)',
    tag: 'approvals',
    intParams: ['id'],
    access: { roles: { ...ANY_SELF, hr_admin: 'all' }, subject: ({ params, services }) => actorsOnly(services.inbox.approvalSubject(Number(params.id))) },
    body: { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string', minLength: 1, maxLength: 5000 } } },
    responses: { 200: 'The approval with its comments', 404: 'Not found (or not yours)' },
    async handler(req) {
      return { body: await req.services.inbox.comment(Number(req.params.id), principalOf(req), (req.body as { text: string }).text, clientOf(req)) };
    },
  },
];
