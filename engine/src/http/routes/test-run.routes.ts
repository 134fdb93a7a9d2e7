import type { WorkflowDefinition } from '@coachflow/model';
import type { RouteSpec } from '../route.types.js';
import { TestRunService } from '../../app/test-run.service.js';
import { definitionSchema } from './schemas.js';

export const testRunRoutes: RouteSpec[] = [
  {
    method: 'post',
    path: '/api/v1/workflows/test-runs',
    operationId: 'testRunDefinition',
    summary: 'Dry-run a draft definition on a sample payload: connector calls, tasks, approvals and timers are simulated; nothing is written or sent',
    tag: 'workflows',
    access: { roles: { hr_admin: 'all' }, note: 'designing workflows is the HR admin’s job' },
    body: {
      type: 'object',
      required: ['definition', 'payload'],
      additionalProperties: false,
      properties: {
        definition: definitionSchema,
        payload: { type: 'object' },
        approvalOutcome: { type: 'string', enum: ['approved', 'rejected'] },
        taskData: { type: 'object' },
        failActions: { type: 'boolean' },
      },
    },
    responses: { 200: 'The simulated path with each step', 422: 'The draft has errors' },
    async handler({ services, body }) {
      const b = body as { definition: WorkflowDefinition; payload: Record<string, unknown>; approvalOutcome?: 'approved' | 'rejected'; taskData?: Record<string, unknown>; failActions?: boolean };
      return { body: await new TestRunService(services.workflows, services.directory).run(b) };
    },
  },
];
