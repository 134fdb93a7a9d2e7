/** Strategic objectives, the goal tree and progress updates; a progress update may emit `goal.at_risk`. */
import type { JsonSchema } from '@coachflow/model';
import type { RouteSpec } from '../route.types.js';
import { actingAs } from './people.shared.js';
import type { GoalInput, ObjectiveInput } from '../../signals/goal.service.js';
import { HR, PERSONAL, rowSubject } from '../../auth/subjects.js';
import { CURSOR_PARAM, listQueryOf } from '../../signals/list-scope.js';

const period: JsonSchema = { type: 'string', pattern: '^\\d{4}-(W\\d{2}|\\d{2})$', description: 'ISO week 2026-W07 or month 2026-03' };
const history: JsonSchema = { type: 'array', maxItems: 520, items: { type: 'object', required: ['period', 'progress'], additionalProperties: false, properties: { period, progress: { type: 'number' } } } };
const keyResult: JsonSchema = {
  type: 'object',
  required: ['id', 'title', 'target'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 64 },
    title: { type: 'string', minLength: 1, maxLength: 300 },
    ownerId: { type: ['string', 'null'], maxLength: 64, description: 'null = unowned (无人认领)' },
    weight: { type: 'number', minimum: 0 },
    target: { type: 'number' },
    unit: { type: 'string', maxLength: 32 },
    startPeriod: period,
    deadline: period,
    history,
  },
};
const objective: JsonSchema = {
  type: 'object',
  required: ['id', 'title', 'ownerIds'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 64 },
    title: { type: 'string', minLength: 1, maxLength: 300 },
    titleEn: { type: ['string', 'null'], maxLength: 300 },
    ownerIds: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 64 }, description: 'executives owning the objective' },
    region: { type: ['string', 'null'], maxLength: 32 },
    keyResults: { type: 'array', maxItems: 100, items: keyResult },
  },
};
const goal: JsonSchema = {
  type: 'object',
  required: ['id', 'title', 'level', 'target', 'startPeriod', 'deadline'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 64 },
    title: { type: 'string', minLength: 1, maxLength: 300 },
    level: { type: 'string', enum: ['department', 'team', 'individual'] },
    objectiveId: { type: ['string', 'null'], maxLength: 64 },
    parentGoalId: { type: ['string', 'null'], maxLength: 64 },
    ownerId: { type: ['string', 'null'], maxLength: 64 },
    departmentId: { type: ['string', 'null'], maxLength: 64 },
    teamId: { type: ['string', 'null'], maxLength: 64 },
    region: { type: ['string', 'null'], maxLength: 32 },
    weight: { type: 'number', minimum: 0 },
    target: { type: 'number' },
    unit: { type: 'string', maxLength: 32 },
    startPeriod: period,
    deadline: period,
    history,
    keyResults: { type: 'array', maxItems: 100, items: keyResult },
  },
};

export const goalRoutes: RouteSpec[] = [
  {
    method: 'put',
    path: '/api/v1/goals',
    operationId: 'upsertGoals',
    summary: 'Insert or replace objectives (with key results) and goals (department → team → individual, with weights, key results and optional progress history)',
    tag: 'goals',
    access: { roles: HR },
    body: { type: 'object', additionalProperties: false, properties: { objectives: { type: 'array', maxItems: 500, items: objective }, goals: { type: 'array', maxItems: 10000, items: goal } } },
    responses: { 200: 'Stored counts', 400: 'Invalid goal' },
    async handler({ auth, services, body }) {
      const b = body as { objectives?: ObjectiveInput[]; goals?: GoalInput[] };
      return { body: await services.signals.goals.upsert({ ...(b.objectives ? { objectives: b.objectives } : {}), ...(b.goals ? { goals: b.goals } : {}) }, actingAs({ auth })) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/objectives',
    operationId: 'listObjectives',
    summary: 'Strategic objectives with owners, key results and the latest drift analysis',
    tag: 'goals',
    access: { roles: { hr_admin: 'all', executive: 'all', manager: 'all', employee: 'all' } },
    responses: { 200: 'Objectives' },
    async handler({ services }) {
      const [{ objectives }, history] = await Promise.all([services.signals.goals.tree(), services.signals.drift.history({ limit: 500 })]);
      return { body: { items: objectives.map((o) => ({ ...o, latestAnalysis: history.find((h) => h.objectiveId === o.id) ?? null })) } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/goals',
    operationId: 'listGoals',
    summary: 'Goals and key results with their progress history (filter by linked objective or owner), by id, keyset-paginated (pass nextCursor as cursor)',
    tag: 'goals',
    access: { roles: { ...PERSONAL, executive: 'all' }, listItem: (g) => ({ about: [g.ownerId as string] }) },
    query: { type: 'object', additionalProperties: false, properties: { objectiveId: { type: 'string', maxLength: 64 }, ownerId: { type: 'string', maxLength: 64 }, limit: { type: 'string', pattern: '^[0-9]{1,4}$' }, cursor: CURSOR_PARAM } },
    responses: { 200: 'A page of goals', 400: 'Invalid query or cursor' },
    async handler({ services, query, auth }) {
      // A manager sees the goals their reporting line owns (and their own), an employee their own: in the query, so pages stay full.
      const page = await services.signals.goals.list(await listQueryOf(query, auth, { limit: 500, max: 1000 }, ['objectiveId', 'ownerId']));
      return { body: page };
    },
  },
  {
    method: 'get',
    path: '/api/v1/goals/:id',
    operationId: 'getGoal',
    summary: 'A goal with its history and its risk at the latest period',
    tag: 'goals',
    access: { roles: { ...PERSONAL, executive: 'all' }, subject: rowSubject('goal', { about: ['owner_id'] }) },
    responses: { 200: 'The goal', 404: 'Not found' },
    async handler({ services, params }) {
      return { body: await services.signals.goals.get(params.id as string) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/goals/:id/progress',
    operationId: 'recordGoalProgress',
    summary: 'Record progress for a period; emits goal.at_risk (once per risk episode) when the goal stalls or its forecast misses the target',
    tag: 'goals',
    access: { roles: PERSONAL, subject: rowSubject('goal', { about: ['owner_id'] }) },
    body: { type: 'object', required: ['period', 'progress'], additionalProperties: false, properties: { period, progress: { type: 'number' } } },
    responses: { 200: 'Recorded, with the risk assessment and the event', 404: 'Not found' },
    async handler({ auth, services, params, body }) {
      const b = body as { period: string; progress: number };
      const { jobs, ...result } = await services.signals.goals.recordProgress(params.id as string, b.period, b.progress, actingAs({ auth }));
      await services.runtime.enqueue(jobs);
      return { body: result };
    },
  },
];
