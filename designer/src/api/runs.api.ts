/** /api/v1/runs. */
import type { Page, RunDetail, RunListQuery, RunSummary } from './api.types';
import { request, toQuery, type ApiContext } from './http';

const enc = encodeURIComponent;

export function listRuns(ctx: ApiContext, query: RunListQuery = {}): Promise<Page<RunSummary>> {
  return request(ctx, 'GET', `/runs${toQuery({ workflowId: query.workflowId, status: query.status, limit: query.limit, cursor: query.cursor })}`);
}

export function getRun(ctx: ApiContext, id: string): Promise<RunDetail> {
  return request(ctx, 'GET', `/runs/${enc(id)}`);
}

/** Retries a failed run from its failed node. */
export function retryRun(ctx: ApiContext, id: string): Promise<unknown> {
  return request(ctx, 'POST', `/runs/${enc(id)}/retry`);
}

export function cancelRun(ctx: ApiContext, id: string): Promise<unknown> {
  return request(ctx, 'POST', `/runs/${enc(id)}/cancel`);
}
