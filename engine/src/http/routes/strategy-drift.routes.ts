import { UserError } from '@coachflow/model';
/** Strategy drift analyses (on demand; the scheduled one runs in the worker's sweep) and run explanations. */
import type { RouteSpec } from '../route.types.js';
import { HR, PEOPLE, runSubject } from '../../auth/subjects.js';

export const strategyDriftRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/api/v1/strategy-drift/analyses',
    operationId: 'analyseStrategyDrift',
    summary: 'Run the strategy-drift analysis now (per objective: goals at risk, unowned key results, obstacle themes, trend); emits strategy.drift for drifting objectives and goal.at_risk for goals newly at risk',
    tag: 'strategy',
    access: { roles: HR },
    body: { type: 'object', additionalProperties: false, properties: { period: { type: 'string', pattern: '^(19|20)\\d{2}-W(0[1-9]|[1-4][0-9]|5[0-3])$', description: 'ISO week (default: the latest reported week, never after the current one)' } } },
    responses: { 201: 'The analysis per objective' },
    async handler({ services, body }) {
      const b = (body ?? {}) as { period?: string };
      try {
        return { status: 201, body: await services.signals.drift.analyse(b.period ? { period: b.period } : {}) };
      } catch (e) {
        // e.g. 2026-W53: a well-formed week that the year does not have
        if (e instanceof RangeError && /ISO week/.test(e.message)) throw UserError.badRequest('INVALID_PERIOD', e.message);
        throw e;
      }
    },
  },
  {
    method: 'get',
    path: '/api/v1/strategy-drift/analyses',
    operationId: 'listStrategyDriftAnalyses',
    summary: 'Stored analyses, newest first (the trend across runs)',
    tag: 'strategy',
    access: { roles: { hr_admin: 'all', executive: 'all' } },
    query: { type: 'object', additionalProperties: false, properties: { objectiveId: { type: 'string', maxLength: 64 }, limit: { type: 'string', pattern: '^[0-9]{1,3}$' } } },
    responses: { 200: 'Analyses' },
    async handler({ services, query }) {
      return { body: { items: await services.signals.drift.history({ limit: Math.min(Math.max(Number(query.limit ?? 50), 1), 500), ...(query.objectiveId ? { objectiveId: query.objectiveId } : {}) }) } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/runs/:id/explanation',
    operationId: 'explainRun',
    summary: 'Why did this run happen: the event and what produced it (readings, goal history, record reference, analysis figures), the trigger filter and rules with the variables they read, the workflow version, and a sentence in zh-CN and en',
    tag: 'runs',
    access: { roles: PEOPLE, subject: runSubject },
    intParams: ['id'],
    responses: { 200: 'The explanation', 404: 'Not found' },
    async handler({ services, params }) {
      return { body: await services.signals.explanations.explain(Number(params.id)) };
    },
  },
];
