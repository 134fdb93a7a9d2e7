/**
 * Guardrails (issue 9): blast-radius limits (defaults and per workflow), held runs (release,
 * discard) and the load cap's queued tasks (for HR, for managers over their line, and /me).
 */
import type { RouteSpec } from '../route.types.js';
import { auditActor } from '../../auth/auth.service.js';
import { SIGNED_IN } from '../../auth/access.js';
import { HR } from '../../auth/subjects.js';
import { LIMITS_SCHEMA, type GuardLimits } from '../../guardrails/limits.js';
import { employeeIdOf } from './people.shared.js';

const ADMIN = { roles: HR, note: 'the brake’s limits and decisions on held runs are the HR admin’s' };
const runIds = { type: 'array' as const, minItems: 1, maxItems: 10_000, items: { type: 'integer' as const, minimum: 1 }, description: 'Only these held runs (default: every held run of the workflow)' };

export const guardrailRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/v1/guardrails/defaults',
    operationId: 'guardrailDefaults',
    summary: 'Default blast-radius limits: built-in (none), from the environment, as set by HR, and in force',
    tag: 'guardrails',
    access: ADMIN,
    responses: { 200: '{ builtIn, environment, stored, effective }' },
    async handler({ services }) {
      return { body: await services.guardrails.holds.defaults() };
    },
  },
  {
    method: 'put',
    path: '/api/v1/guardrails/defaults',
    operationId: 'setGuardrailDefaults',
    summary: 'Sets default limits for every published workflow (merged; null lifts a limit): maxRunsPerHour, maxTeamShare, maxCompanyShare (0–1), shareWindowMs, minAffected',
    tag: 'guardrails',
    access: ADMIN,
    body: { ...LIMITS_SCHEMA, minProperties: 1 } as never,
    responses: { 200: 'The limits now in force' },
    async handler({ services, body, auth, koa }) {
      return { body: await services.guardrails.holds.setDefaults(body as Partial<GuardLimits>, auditActor(auth.principal, koa.ip)) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/guardrails/workflows',
    operationId: 'guardedWorkflows',
    summary: 'Workflows with their own limits or paused by the brake, with held/released/discarded counts',
    tag: 'guardrails',
    access: ADMIN,
    responses: { 200: '{ items }' },
    async handler({ services }) {
      return { body: { items: await services.guardrails.holds.guards() } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/guardrails/workflows/:id',
    operationId: 'workflowGuard',
    summary: 'A workflow’s brake: limits in force, its overrides, paused or not and why, held counts',
    tag: 'guardrails',
    access: ADMIN,
    intParams: ['id'],
    responses: { 200: 'The guard', 404: 'Unknown workflow' },
    async handler({ services, params }) {
      return { body: await services.guardrails.holds.guard(Number(params.id)) };
    },
  },
  {
    method: 'put',
    path: '/api/v1/guardrails/workflows/:id/limits',
    operationId: 'setWorkflowLimits',
    summary: 'Sets a workflow’s own limits (merged over the defaults; null for one limit lifts it; `limits: null` removes the overrides)',
    tag: 'guardrails',
    access: ADMIN,
    intParams: ['id'],
    body: { type: 'object', required: ['limits'], additionalProperties: false, properties: { limits: { anyOf: [LIMITS_SCHEMA, { type: 'null' }] } } } as never,
    responses: { 200: 'The guard', 404: 'Unknown workflow' },
    async handler({ services, params, body, auth, koa }) {
      return { body: await services.guardrails.holds.setLimits(Number(params.id), (body as { limits: Partial<GuardLimits> | null }).limits, auditActor(auth.principal, koa.ip)) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/guardrails/holds',
    operationId: 'heldRuns',
    summary: 'Runs held by the brake (or released / discarded ones), oldest first, with the event’s evidence and why they were held',
    tag: 'guardrails',
    access: ADMIN,
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        workflowId: { type: 'string', pattern: '^[0-9]{1,10}$' },
        status: { type: 'string', enum: ['held', 'released', 'discarded'] },
        limit: { type: 'string', pattern: '^[0-9]{1,4}$' },
        cursor: { type: 'string', pattern: '^[0-9]{1,19}$' },
      },
    },
    responses: { 200: '{ items, nextCursor }' },
    async handler({ services, query }) {
      return {
        body: await services.guardrails.holds.list({
          limit: Math.min(Math.max(Number(query.limit ?? 100), 1), 1000),
          ...(query.workflowId ? { workflowId: Number(query.workflowId) } : {}),
          ...(query.status ? { status: query.status } : {}),
          ...(query.cursor ? { cursor: Number(query.cursor) } : {}),
        }),
      };
    },
  },
  {
    method: 'get',
    path: '/api/v1/guardrails/holds/:runId',
    operationId: 'heldRun',
    summary: 'One held (or decided) run with its evidence',
    tag: 'guardrails',
    access: ADMIN,
    intParams: ['runId'],
    responses: { 200: 'The held run', 404: 'Not found' },
    async handler({ services, params }) {
      return { body: await services.guardrails.holds.get(Number(params.runId)) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/guardrails/workflows/:id/release',
    operationId: 'releaseHeldRuns',
    summary: 'Starts held runs now, in the order they arrived; the workflow resumes once nothing of it is held',
    tag: 'guardrails',
    access: ADMIN,
    intParams: ['id'],
    body: { type: 'object', additionalProperties: false, properties: { runIds } },
    responses: { 200: '{ decided, skipped, stillHeld, paused }', 404: 'Unknown workflow' },
    async handler({ services, params, body, auth, koa }) {
      const b = (body ?? {}) as { runIds?: number[] };
      return { body: await services.guardrails.holds.release(Number(params.id), b.runIds, auditActor(auth.principal, koa.ip)) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/guardrails/workflows/:id/discard',
    operationId: 'discardHeldRuns',
    summary: 'Discards held runs: never started, nothing sent, kept as `discarded` with their evidence; the workflow resumes once nothing of it is held',
    tag: 'guardrails',
    access: ADMIN,
    intParams: ['id'],
    body: { type: 'object', additionalProperties: false, properties: { runIds, note: { type: 'string', maxLength: 1000 } } },
    responses: { 200: '{ decided, skipped, stillHeld, paused }', 404: 'Unknown workflow' },
    async handler({ services, params, body, auth, koa }) {
      const b = (body ?? {}) as { runIds?: number[]; note?: string };
      return { body: await services.guardrails.holds.discard(Number(params.id), b.runIds, auditActor(auth.principal, koa.ip), b.note) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/guardrails/queued-tasks',
    operationId: 'queuedTasks',
    summary: 'Tasks waiting behind a manager load cap, in release order per node and assignee (priority = severity + days waited)',
    tag: 'guardrails',
    access: { roles: { hr_admin: 'all', manager: 'team' }, listItem: (t) => ({ about: [t.employeeId as string], actors: [t.assigneeId as string] }), note: 'HR sees every queue; a manager the queued tasks about their reporting line or for them' },
    query: { type: 'object', additionalProperties: false, properties: { assigneeId: { type: 'string', maxLength: 64 }, workflowId: { type: 'string', pattern: '^[0-9]{1,10}$' }, limit: { type: 'string', pattern: '^[0-9]{1,4}$' } } },
    responses: { 200: '{ items }' },
    async handler({ services, query }) {
      return {
        body: {
          items: await services.guardrails.queuedTasks({
            limit: Math.min(Math.max(Number(query.limit ?? 500), 1), 2000),
            ...(query.assigneeId ? { assigneeId: query.assigneeId } : {}),
            ...(query.workflowId ? { workflowId: Number(query.workflowId) } : {}),
          }),
        },
      };
    },
  },
  {
    method: 'post',
    path: '/api/v1/guardrails/queued-tasks/release',
    operationId: 'releaseQueuedTasks',
    summary: 'Releases the queued tasks that fit now (the periodic sweep does this too)',
    tag: 'guardrails',
    access: ADMIN,
    responses: { 200: '{ released, dropped }' },
    async handler({ services }) {
      return { body: await services.guardrails.releaseQueued() };
    },
  },
  {
    method: 'get',
    path: '/api/v1/me/queued-tasks',
    operationId: 'myQueuedTasks',
    summary: 'My tasks waiting behind a load cap (not in my inbox yet), in the order they will reach it, with the evidence',
    tag: 'me',
    access: { roles: SIGNED_IN, note: 'the caller’s own queue only' },
    responses: { 200: '{ items }' },
    async handler(req) {
      return { body: { items: await req.services.guardrails.queuedTasks({ assigneeId: employeeIdOf(req) }) } };
    },
  },
];
