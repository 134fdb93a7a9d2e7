/** /api/v1/me: what automation decided about the signed-in person, objections, export. */
import type { Approval, FileObjectionBody, InboxTask, MeRun, Objection, RunExplanation } from './people.types';
import { request, toQuery, type ApiContext } from './http';

export function myRuns(ctx: ApiContext, limit = 100): Promise<{ items: MeRun[] }> {
  return request(ctx, 'GET', `/me/runs${toQuery({ limit })}`);
}

export function myTasks(ctx: ApiContext): Promise<{ items: InboxTask[] }> {
  return request(ctx, 'GET', '/me/tasks');
}

export function myApprovals(ctx: ApiContext): Promise<{ items: Approval[] }> {
  return request(ctx, 'GET', '/me/approvals');
}

export function myObjections(ctx: ApiContext): Promise<{ items: Objection[] }> {
  return request(ctx, 'GET', '/me/objections');
}

export function fileObjection(ctx: ApiContext, body: FileObjectionBody): Promise<Objection> {
  return request(ctx, 'POST', '/me/objections', body);
}

export function exportMyData(ctx: ApiContext): Promise<Record<string, unknown>> {
  return request(ctx, 'GET', '/me/export');
}

/** Why a run happened (the employee may read it for runs about them). */
export function runExplanation(ctx: ApiContext, runId: string): Promise<RunExplanation> {
  return request(ctx, 'GET', `/runs/${encodeURIComponent(runId)}/explanation`);
}
