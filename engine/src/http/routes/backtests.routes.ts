/** Backtests of drafts (issue 9): create, watch progress, cancel, list, and page through the report. */
import type { WorkflowDefinition } from '@coachflow/model';
import type { RouteSpec } from '../route.types.js';
import { definitionSchema } from './schemas.js';
import { HR } from '../../auth/subjects.js';

const ACCESS = { roles: HR, note: 'backtesting drafts on HR history is the HR admin’s job' };
const windowEdge = { type: 'string' as const, minLength: 7, maxLength: 40, description: 'ISO week (2026-W22) or date (2026-05-25); inclusive' };
const page = {
  offset: { type: 'string' as const, pattern: '^[0-9]{1,7}$' },
  limit: { type: 'string' as const, pattern: '^[0-9]{1,4}$', description: '1–1000, default 100' },
};
const off = (q: Record<string, string>) => Number(q.offset ?? 0);
const lim = (q: Record<string, string>) => Math.min(Math.max(Number(q.limit ?? 100), 1), 1000);

export const backtestRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/api/v1/backtests',
    operationId: 'createBacktest',
    summary: 'Backtest a draft: replay a window of history (KPI readings recomputed into kpi.deviation, or stored events) through its trigger and rules with simulated effects — nothing is written or sent — as a job with progress',
    tag: 'backtests',
    access: ACCESS,
    body: {
      type: 'object',
      required: ['definition', 'window'],
      additionalProperties: false,
      properties: {
        workflowId: { type: 'integer', minimum: 1, description: 'The workflow the draft belongs to: its published version is replayed too (difference: who is added, who drops out)' },
        definition: definitionSchema,
        window: { type: 'object', required: ['from', 'to'], additionalProperties: false, properties: { from: windowEdge, to: windowEdge } },
        source: { type: 'string', enum: ['auto', 'events'], description: 'auto: kpi.deviation recomputed from readings, other triggers from stored events; events: stored events for every trigger' },
        warmupPeriods: { type: 'integer', minimum: 0, maximum: 520, description: 'KPI periods before the window folded in for streak lengths (default 104)' },
      },
    },
    responses: { 202: 'The backtest, queued or running (poll GET …/:id)', 400: 'Bad window', 404: 'Unknown workflow', 422: 'The draft has errors' },
    async handler({ services, body, auth }) {
      const b = body as { workflowId?: number; definition: WorkflowDefinition; window: { from: string; to: string }; source?: 'auto' | 'events'; warmupPeriods?: number };
      const by = auth.principal ? (auth.principal.email ?? auth.principal.name) : null;
      return { status: 202, body: await services.backtests.create(b, by) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/backtests',
    operationId: 'listBacktests',
    summary: 'Backtests, newest first (status, progress, parameters; no result)',
    tag: 'backtests',
    access: ACCESS,
    query: { type: 'object', additionalProperties: false, properties: { workflowId: { type: 'string', pattern: '^[0-9]{1,10}$' }, limit: { type: 'string', pattern: '^[0-9]{1,3}$' }, cursor: { type: 'string', pattern: '^[0-9]{1,19}$' } } },
    responses: { 200: '{ items, nextCursor }' },
    async handler({ services, query }) {
      return {
        body: await services.backtests.list({
          limit: Math.min(Math.max(Number(query.limit ?? 50), 1), 200),
          ...(query.workflowId ? { workflowId: Number(query.workflowId) } : {}),
          ...(query.cursor ? { cursor: Number(query.cursor) } : {}),
        }),
      };
    },
  },
  {
    method: 'get',
    path: '/api/v1/backtests/:id',
    operationId: 'getBacktest',
    summary: 'A backtest: status, progress 0..1 and, once succeeded, the report (runs per week/team/manager, paths, manager load with the load cap, difference from the published version); `definition=true` adds the draft',
    tag: 'backtests',
    access: ACCESS,
    intParams: ['id'],
    query: { type: 'object', additionalProperties: false, properties: { definition: { type: 'string', enum: ['true', 'false'] } } },
    responses: { 200: 'The backtest', 404: 'Not found' },
    async handler({ services, params, query }) {
      return { body: await services.backtests.get(Number(params.id), { definition: query.definition === 'true' }) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/backtests/:id/cancel',
    operationId: 'cancelBacktest',
    summary: 'Cancels a queued or running backtest (it stops at its next yield)',
    tag: 'backtests',
    access: ACCESS,
    intParams: ['id'],
    responses: { 200: 'The backtest (cancelled, or running with cancellation requested)', 404: 'Not found', 409: 'Already finished' },
    async handler({ services, params }) {
      return { body: await services.backtests.cancel(Number(params.id)) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/backtests/:id/employees',
    operationId: 'backtestEmployees',
    summary: 'Affected employees of a finished backtest, most runs first (filter by team or manager)',
    tag: 'backtests',
    access: ACCESS,
    intParams: ['id'],
    query: { type: 'object', additionalProperties: false, properties: { ...page, teamId: { type: 'string', maxLength: 64 }, managerId: { type: 'string', maxLength: 64 } } },
    responses: { 200: '{ items, total }', 404: 'Not found', 409: 'Not finished' },
    async handler({ services, params, query }) {
      return { body: await services.backtests.employees(Number(params.id), { offset: off(query), limit: lim(query), ...(query.teamId ? { teamId: query.teamId } : {}), ...(query.managerId ? { managerId: query.managerId } : {}) }) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/backtests/:id/employees/:employeeId',
    operationId: 'backtestEmployee',
    summary: "One affected employee: every simulated run with its week, path, tasks and the evidence (the trigger payload and the rules' decisions)",
    tag: 'backtests',
    access: ACCESS,
    intParams: ['id'],
    responses: { 200: 'The employee and runs', 404: 'Not found', 409: 'Not finished' },
    async handler({ services, params }) {
      return { body: await services.backtests.employee(Number(params.id), params.employeeId as string) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/backtests/:id/runs',
    operationId: 'backtestRuns',
    summary: 'Simulated runs of a finished backtest, paged (filter by employee or ISO week)',
    tag: 'backtests',
    access: ACCESS,
    intParams: ['id'],
    query: { type: 'object', additionalProperties: false, properties: { ...page, employeeId: { type: 'string', maxLength: 64 }, week: { type: 'string', pattern: '^[0-9]{4}-W[0-9]{2}$' } } },
    responses: { 200: '{ items, total }', 404: 'Not found', 409: 'Not finished' },
    async handler({ services, params, query }) {
      return { body: await services.backtests.runs(Number(params.id), { offset: off(query), limit: lim(query), ...(query.employeeId ? { employeeId: query.employeeId } : {}), ...(query.week ? { week: query.week } : {}) }) };
    },
  },
];
