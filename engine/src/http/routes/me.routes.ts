/**
 * Employee transparency: what automation decided about the signed-in person and why — runs,
 * tasks and approvals about them with their evidence and a link to the run's explanation
 * (GET /api/v1/runs/:id/explanation, which they may read for runs about them) — objections and
 * comments that reach their HRBP as a task, and an export of all their own data as JSON.
 */
import type { RouteSpec } from '../route.types.js';
import { SIGNED_IN } from '../../auth/access.js';
import { clientOf, employeeIdOf, limitOf, limitParam, principalOf } from './people.shared.js';

const OWN = { roles: SIGNED_IN, note: 'the caller’s own data only' };

export const meRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/v1/me/runs',
    operationId: 'myRuns',
    summary: 'Runs about me, newest first, with links to each run and its explanation (why)',
    tag: 'me',
    access: OWN,
    query: { type: 'object', additionalProperties: false, properties: { limit: limitParam } },
    responses: { 200: '{ items }' },
    async handler(req) {
      return { body: { items: await req.services.me.runs(employeeIdOf(req), limitOf(req.query, 100, 200)) } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/me/tasks',
    operationId: 'myTasks',
    summary: 'Tasks about me (e.g. “coach me”), with their evidence and a link to the explanation',
    tag: 'me',
    access: OWN,
    responses: { 200: '{ items }' },
    async handler(req) {
      return { body: { items: await req.services.me.tasks(employeeIdOf(req)) } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/me/approvals',
    operationId: 'myApprovals',
    summary: 'Approvals about me (e.g. a rotation or a PIP), with their decisions, evidence and a link to the explanation',
    tag: 'me',
    access: OWN,
    responses: { 200: '{ items }' },
    async handler(req) {
      return { body: { items: await req.services.me.approvals(employeeIdOf(req)) } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/me/objections',
    operationId: 'myObjections',
    summary: 'My objections and comments, with the HRBP’s answers',
    tag: 'me',
    access: OWN,
    responses: { 200: '{ items }' },
    async handler(req) {
      return { body: { items: await req.services.inbox.objectionsOf(employeeIdOf(req)) } };
    },
  },
  {
    method: 'post',
    path: '/api/v1/me/objections',
    operationId: 'fileObjection',
    summary: 'Object to (or comment on) a run, task or approval about me, or in general: reaches my HRBP as a task',
    tag: 'me',
    access: OWN,
    body: {
      type: 'object',
      required: ['kind', 'subjectType', 'text'],
      additionalProperties: false,
      properties: {
        kind: { type: 'string', enum: ['objection', 'comment'] },
        subjectType: { type: 'string', enum: ['run', 'task', 'approval', 'general'] },
        subjectId: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' },
        text: { type: 'string', minLength: 1, maxLength: 5000 },
      },
    },
    responses: { 201: 'Filed', 404: 'No such run/task/approval about you' },
    async handler(req) {
      const b = req.body as { kind: 'objection' | 'comment'; subjectType: 'run' | 'task' | 'approval' | 'general'; subjectId?: string; text: string };
      return { status: 201, body: await req.services.inbox.fileObjection(principalOf(req), b, clientOf(req)) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/me/export',
    operationId: 'exportMyData',
    summary: 'All my own data as JSON (account, directory record, runs, tasks, approvals, coaching records, PIPs, KPI readings, goals, objections, notifications, delegations, sign-ins)',
    tag: 'me',
    access: OWN,
    responses: { 200: 'The export' },
    async handler(req) {
      req.koa.set('Content-Disposition', 'attachment; filename="coachflow-my-data.json"');
      return { body: await req.services.me.export(principalOf(req)) };
    },
  },
];
