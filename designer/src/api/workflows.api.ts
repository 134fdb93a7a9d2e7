/** /api/v1/workflows and its versions. */
import type {
  CreateWorkflowBody,
  Page,
  PublishResult,
  UpdateWorkflowBody,
  ValidationIssueDto,
  VersionDetail,
  VersionSummary,
  WorkflowDetail,
  WorkflowSummary,
} from './api.types';
import { request, type ApiContext } from './http';
import type { TestRunBody, TestRunResult } from './people.types';

const enc = encodeURIComponent;

export function listWorkflows(ctx: ApiContext): Promise<Page<WorkflowSummary>> {
  return request(ctx, 'GET', '/workflows');
}

export function getWorkflow(ctx: ApiContext, id: string): Promise<WorkflowDetail> {
  return request(ctx, 'GET', `/workflows/${enc(id)}`);
}

export function createWorkflow(ctx: ApiContext, body: CreateWorkflowBody): Promise<WorkflowDetail> {
  return request(ctx, 'POST', '/workflows', body);
}

/** Saves with optimistic concurrency: throws `ApiError` 409 `REVISION_CONFLICT` when `body.revision` is stale. */
export function updateWorkflow(ctx: ApiContext, id: string, body: UpdateWorkflowBody): Promise<WorkflowDetail> {
  return request(ctx, 'PUT', `/workflows/${enc(id)}`, body);
}

export function validateWorkflowRemote(ctx: ApiContext, id: string): Promise<{ issues: ValidationIssueDto[] }> {
  return request(ctx, 'POST', `/workflows/${enc(id)}/validate`);
}

/** Throws `ApiError` 422 `WORKFLOW_INVALID` with `details.issues` when the saved definition is invalid. */
export function publishWorkflow(ctx: ApiContext, id: string, note?: string): Promise<PublishResult> {
  return request(ctx, 'POST', `/workflows/${enc(id)}/publish`, note ? { note } : {});
}

export function listVersions(ctx: ApiContext, id: string): Promise<Page<VersionSummary>> {
  return request(ctx, 'GET', `/workflows/${enc(id)}/versions`);
}

export function getVersion(ctx: ApiContext, id: string, version: number): Promise<VersionDetail> {
  return request(ctx, 'GET', `/workflows/${enc(id)}/versions/${version}`);
}

/** Dry-runs a draft on a sample payload: every effect simulated, nothing written or sent (422 when the draft has errors). */
export function testRunWorkflow(ctx: ApiContext, body: TestRunBody): Promise<TestRunResult> {
  return request(ctx, 'POST', '/workflows/test-runs', body);
}
