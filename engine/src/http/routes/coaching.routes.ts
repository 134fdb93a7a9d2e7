/** Coaching records (GROW, 5R, BEST, quick review) and PIPs; saving a record emits its conclusions as events. */
import type { FormTemplate, JsonSchema } from '@coachflow/model';
import type { RouteSpec } from '../route.types.js';
import { COACHING_TEMPLATES } from '../../domain/coaching-templates.js';
import { OBSTACLE_THEMES } from '../../domain/coaching-record.js';
import { HR, PERSONAL, ANYONE, rowSubject, bodyEmployee } from '../../auth/subjects.js';
import { CURSOR_PARAM, listQueryOf } from '../../signals/list-scope.js';

const date: JsonSchema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };

export const coachingRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/v1/coaching-templates',
    operationId: 'listCoachingTemplates',
    summary: 'The coaching templates (GROW, 5R, BEST, quick review) with bilingual labels, guiding prompts and the shared conclusion fields, and the obstacle themes',
    tag: 'coaching',
    access: { roles: ANYONE },
    responses: { 200: 'Templates' },
    handler: () => ({ body: { items: Object.values(COACHING_TEMPLATES), obstacleThemes: OBSTACLE_THEMES } }),
  },
  {
    method: 'post',
    path: '/api/v1/coaching-records',
    operationId: 'createCoachingRecord',
    summary: 'Save a coaching record; emits coaching.recorded (conclusions and a reference, never the notes) and training.requested / rotation.suggested / pip.entered for its conclusions',
    tag: 'coaching',
    access: { roles: { hr_admin: 'all', manager: 'team' }, subject: bodyEmployee(), denyAs: 403 },
    body: {
      type: 'object',
      required: ['template', 'employeeId', 'data'],
      additionalProperties: false,
      properties: {
        id: { type: 'string', minLength: 1, maxLength: 64, description: 'optional: your own id makes a re-send idempotent' },
        template: { type: 'string', enum: Object.keys(COACHING_TEMPLATES) },
        employeeId: { type: 'string', minLength: 1, maxLength: 64 },
        managerId: { type: 'string', minLength: 1, maxLength: 64, description: "default: the employee's direct manager" },
        date: { ...date, description: 'conversation date (default today)' },
        objectiveId: { type: 'string', maxLength: 64 },
        obstacleThemes: { type: 'array', maxItems: 10, items: { type: 'string', enum: Object.keys(OBSTACLE_THEMES) } },
        data: { type: 'object', description: "the template's fields and `conclusions` {training:{competency}, rotation:{suggested,reason}, pip:{enter,reason}, promotionAssessment, followUps:[{action,ownerId,dueDate}] (≤ 3)}" },
      },
    },
    responses: { 201: 'Saved, with the events it emitted', 400: 'Invalid request', 422: 'The form does not validate (issues listed)' },
    async handler({ services, body }) {
      const b = body as { id?: string; template: FormTemplate; employeeId: string; managerId?: string; date?: string; objectiveId?: string; obstacleThemes?: string[]; data: Record<string, unknown> };
      return { status: 201, body: await services.signals.coaching.create(b) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/coaching-records',
    operationId: 'listCoachingRecords',
    summary: 'Coaching records, newest first, keyset-paginated (pass nextCursor as cursor)',
    tag: 'coaching',
    access: { roles: PERSONAL, listItem: (r) => ({ about: [r.employeeId as string], actors: [r.managerId as string] }), note: 'executives see aggregated drift, not individual coaching notes' },
    query: { type: 'object', additionalProperties: false, properties: { employeeId: { type: 'string', maxLength: 64 }, managerId: { type: 'string', maxLength: 64 }, objectiveId: { type: 'string', maxLength: 64 }, limit: { type: 'string', pattern: '^[0-9]{1,3}$' }, cursor: CURSOR_PARAM } },
    responses: { 200: 'A page of records', 400: 'Invalid query or cursor' },
    async handler({ services, query, auth }) {
      // A manager sees records about their reporting line and the conversations they held, an employee their own: in the query, so pages stay full.
      const page = await services.signals.coaching.list(await listQueryOf(query, auth, { limit: 50, max: 500 }, ['employeeId', 'managerId', 'objectiveId']));
      return { body: page };
    },
  },
  {
    method: 'get',
    path: '/api/v1/coaching-records/:id',
    operationId: 'getCoachingRecord',
    summary: 'One coaching record with its notes',
    tag: 'coaching',
    access: { roles: PERSONAL, subject: rowSubject('coaching_record', { about: ['employee_id'], actors: ['manager_id'] }) },
    responses: { 200: 'The record', 404: 'Not found' },
    async handler({ services, params }) {
      return { body: await services.signals.coaching.get(params.id as string) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/pips',
    operationId: 'listPips',
    summary: 'Performance improvement plans, newest first, keyset-paginated (pass nextCursor as cursor)',
    tag: 'coaching',
    access: { roles: PERSONAL, listItem: (p) => ({ about: [p.employeeId as string] }) },
    query: { type: 'object', additionalProperties: false, properties: { employeeId: { type: 'string', maxLength: 64 }, status: { type: 'string', enum: ['active', 'exited'] }, limit: { type: 'string', pattern: '^[0-9]{1,3}$' }, cursor: CURSOR_PARAM } },
    responses: { 200: 'A page of PIPs', 400: 'Invalid query or cursor' },
    async handler({ services, query, auth }) {
      // A manager sees the PIPs of their reporting line, an employee their own: in the query, so pages stay full.
      const page = await services.signals.coaching.listPips(await listQueryOf(query, auth, { limit: 500, max: 500 }, ['employeeId', 'status']));
      return { body: page };
    },
  },
  {
    method: 'post',
    path: '/api/v1/pips',
    operationId: 'enterPip',
    summary: 'HR opens a PIP directly; emits pip.entered',
    tag: 'coaching',
    access: { roles: HR },
    body: { type: 'object', required: ['employeeId', 'reason'], additionalProperties: false, properties: { employeeId: { type: 'string', minLength: 1, maxLength: 64 }, reason: { type: 'string', minLength: 1, maxLength: 4000 }, startDate: date, plannedEndDate: date } },
    responses: { 201: 'Opened', 400: 'Invalid', 409: 'Already in a PIP' },
    async handler({ services, body }) {
      const b = body as { employeeId: string; reason: string; startDate?: string; plannedEndDate?: string };
      return { status: 201, body: await services.signals.coaching.enterPip(b) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/pips/:id/exit',
    operationId: 'exitPip',
    summary: 'Close a PIP with its outcome; emits pip.exited',
    tag: 'coaching',
    access: { roles: HR },
    body: { type: 'object', required: ['outcome', 'reason'], additionalProperties: false, properties: { outcome: { type: 'string', enum: ['completed', 'extended', 'terminated', 'cancelled'] }, reason: { type: 'string', minLength: 1, maxLength: 4000 }, endDate: date } },
    responses: { 200: 'Closed', 404: 'Not found', 409: 'Not active' },
    async handler({ services, params, body }) {
      const b = body as { outcome: 'completed' | 'extended' | 'terminated' | 'cancelled'; reason: string; endDate?: string };
      return { body: await services.signals.coaching.exitPip(params.id as string, b) };
    },
  },
];
