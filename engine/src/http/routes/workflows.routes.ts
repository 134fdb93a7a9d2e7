import type { WorkflowDefinition } from '@coachflow/model';
import type { RouteSpec, RouteRequest } from '../route.types.js';
import { auditActor } from '../../auth/auth.service.js';
import { definitionSchema } from './schemas.js';
import { HR } from '../../auth/subjects.js';

const id = (p: Record<string, string>): number => Number(p.id);

/** Who changes a workflow: the service writes the audit entry (definition before / after) in the change's transaction. */
const actorOf = (req: Pick<RouteRequest, 'auth' | 'koa'>) => auditActor(req.auth.principal, req.koa.ip);

interface WorkflowBody {
  name?: string;
  description?: string | null;
  definition?: WorkflowDefinition;
  revision?: number;
  note?: string;
}

export const workflowRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/v1/workflows',
    operationId: 'listWorkflows',
    summary: 'List workflows with their draft revision and published version',
    tag: 'workflows',
    access: { roles: HR },
    responses: { 200: 'The workflows' },
    async handler({ services }) {
      const items = await services.workflows.list();
      return { body: { items: items.map(({ definition: _d, ...w }) => w) } };
    },
  },
  {
    method: 'post',
    path: '/api/v1/workflows',
    operationId: 'createWorkflow',
    summary: 'Create a workflow (a draft); the answer lists validation issues of the draft',
    tag: 'workflows',
    access: { roles: HR },
    body: {
      type: 'object',
      required: ['name', 'definition'],
      additionalProperties: false,
      properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, description: { type: ['string', 'null'], maxLength: 5000 }, definition: definitionSchema },
    },
    responses: { 201: 'Created', 400: 'Invalid body' },
    async handler(req) {
      const { services, body } = req;
      const b = body as WorkflowBody;
      const wf = await services.workflows.create({ name: b.name as string, description: b.description ?? null, definition: b.definition as WorkflowDefinition }, actorOf(req));
      return { status: 201, body: { ...wf, issues: services.workflows.validate(wf.definition) } };
    },
  },
  {
    method: 'post',
    path: '/api/v1/workflows/validate',
    operationId: 'validateDefinition',
    summary: 'Validate a definition without saving it',
    tag: 'workflows',
    access: { roles: HR },
    body: { type: 'object', required: ['definition'], additionalProperties: false, properties: { definition: definitionSchema } },
    responses: { 200: 'Issues (empty when publishable)' },
    handler({ services, body }) {
      const issues = services.workflows.validate((body as WorkflowBody).definition);
      return { body: { issues, publishable: !issues.some((i) => i.severity === 'error') } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/workflows/:id',
    operationId: 'getWorkflow',
    summary: 'A workflow with its draft definition and revision',
    tag: 'workflows',
    access: { roles: HR },
    intParams: ['id'],
    responses: { 200: 'The workflow', 404: 'Not found' },
    async handler({ services, params }) {
      return { body: await services.workflows.get(id(params)) };
    },
  },
  {
    method: 'put',
    path: '/api/v1/workflows/:id',
    operationId: 'updateWorkflow',
    summary: 'Update the draft; `revision` must be the current one (409 otherwise, with the current workflow)',
    tag: 'workflows',
    access: { roles: HR },
    intParams: ['id'],
    body: {
      type: 'object',
      required: ['revision'],
      additionalProperties: false,
      properties: {
        revision: { type: 'integer', minimum: 1 },
        name: { type: 'string', minLength: 1, maxLength: 200 },
        description: { type: ['string', 'null'], maxLength: 5000 },
        definition: definitionSchema,
      },
    },
    responses: { 200: 'Updated', 404: 'Not found', 409: 'Stale revision' },
    async handler(req) {
      const { services, params, body } = req;
      const b = body as WorkflowBody;
      const wf = await services.workflows.update(id(params), b.revision as number, b, actorOf(req));
      return { body: { ...wf, issues: services.workflows.validate(wf.definition) } };
    },
  },
  {
    method: 'delete',
    path: '/api/v1/workflows/:id',
    operationId: 'deleteWorkflow',
    summary: 'Delete a workflow (its versions and runs are kept for history)',
    tag: 'workflows',
    access: { roles: HR },
    intParams: ['id'],
    responses: { 204: 'Deleted', 404: 'Not found' },
    async handler(req) {
      const { services, params } = req;
      await services.workflows.remove(id(params), actorOf(req));
      return { status: 204, body: null };
    },
  },
  {
    method: 'post',
    path: '/api/v1/workflows/:id/validate',
    operationId: 'validateWorkflow',
    summary: 'Validate the saved draft',
    tag: 'workflows',
    access: { roles: HR },
    intParams: ['id'],
    responses: { 200: 'Issues', 404: 'Not found' },
    async handler({ services, params }) {
      const wf = await services.workflows.get(id(params));
      const issues = services.workflows.validate(wf.definition);
      return { body: { issues, publishable: !issues.some((i) => i.severity === 'error') } };
    },
  },
  {
    method: 'post',
    path: '/api/v1/workflows/:id/publish',
    operationId: 'publishWorkflow',
    summary: 'Publish the draft as the next immutable version (422 with the issues when invalid)',
    tag: 'workflows',
    access: { roles: HR },
    intParams: ['id'],
    body: { type: 'object', additionalProperties: false, properties: { note: { type: 'string', maxLength: 2000 }, revision: { type: 'integer', minimum: 1 } } },
    responses: { 201: 'Published version', 404: 'Not found', 409: 'Stale revision', 422: 'Invalid workflow' },
    async handler(req) {
      const { services, params, body } = req;
      const b = (body ?? {}) as WorkflowBody;
      const version = await services.workflows.publish(id(params), b.note ?? null, b.revision, actorOf(req));
      return { status: 201, body: version };
    },
  },
  {
    method: 'get',
    path: '/api/v1/workflows/:id/versions',
    operationId: 'listVersions',
    summary: 'Published versions, newest first',
    tag: 'workflows',
    access: { roles: HR },
    intParams: ['id'],
    responses: { 200: 'Versions', 404: 'Not found' },
    async handler({ services, params }) {
      const items = await services.workflows.listVersions(id(params));
      return { body: { items: items.map(({ definition: _d, ...v }) => v) } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/workflows/:id/versions/:version',
    operationId: 'getVersion',
    summary: 'One published version with its definition',
    tag: 'workflows',
    access: { roles: HR },
    intParams: ['id', 'version'],
    responses: { 200: 'The version', 404: 'Not found' },
    async handler({ services, params }) {
      return { body: await services.workflows.getVersion(id(params), Number(params.version)) };
    },
  },
];
