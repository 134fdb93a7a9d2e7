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
  const early = prefetched.get(id);
  if (early) {
    prefetched.delete(id);
    return early;
  }
  return request(ctx, 'GET', `/workflows/${enc(id)}`);
}

/** Workflows requested ahead of the editor (see `prefetchWorkflow`), each taken by the next `getWorkflow` of its id. */
const prefetched = new Map<string, Promise<WorkflowDetail>>();
/** How long an unclaimed early answer is kept (the editor claims it within a second or two of start-up). */
const PREFETCH_KEEP_MS = 10_000;

/**
 * Requests a workflow now, for the editor that is about to open it (the page's start-up, while the
 * editor's code is still loading): the editor's `getWorkflow` then takes this answer instead of
 * asking only once it has mounted. Failures are left to that `getWorkflow` call.
 */
export function prefetchWorkflow(ctx: ApiContext, id: string): void {
  const answer = request<WorkflowDetail>(ctx, 'GET', `/workflows/${enc(id)}`);
  answer.catch(() => undefined);
  prefetched.set(id, answer);
  setTimeout(() => {
    if (prefetched.get(id) === answer) prefetched.delete(id);
  }, PREFETCH_KEEP_MS);
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
