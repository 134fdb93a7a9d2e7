/** /api/v1/inbox, tasks and approvals acted on by the signed-in person, absence delegations. */
import type { Approval, Delegation, EmployeeView, InboxAnswer, InboxFilter, InboxTask } from './people.types';
import { request, toQuery, type ApiContext } from './http';

const enc = encodeURIComponent;

export function getInbox(ctx: ApiContext, filter: InboxFilter = 'open', dueSoonHours?: number): Promise<InboxAnswer> {
  return request(ctx, 'GET', `/inbox${toQuery({ filter, dueSoonHours })}`);
}

export function getTask(ctx: ApiContext, id: string): Promise<InboxTask> {
  return request(ctx, 'GET', `/tasks/${enc(id)}`);
}

export function claimTask(ctx: ApiContext, id: string): Promise<InboxTask> {
  return request(ctx, 'POST', `/tasks/${enc(id)}/claim`);
}

/** Completes a task as the signed-in person (the engine knows who): 422 FORM_INVALID with issues. */
export function completeTask(ctx: ApiContext, id: string, data: Record<string, unknown>): Promise<InboxTask> {
  return request(ctx, 'POST', `/tasks/${enc(id)}/complete`, { data });
}

export function reassignTask(ctx: ApiContext, id: string, to: string, reason: string): Promise<InboxTask> {
  return request(ctx, 'POST', `/tasks/${enc(id)}/reassign`, { to, reason });
}

export function getApproval(ctx: ApiContext, id: string): Promise<Approval> {
  return request(ctx, 'GET', `/approvals/${enc(id)}`);
}

/** An authenticated decision (never a GET): 409 when already decided or not your turn. */
export function decideApproval(ctx: ApiContext, id: string, decision: 'approved' | 'rejected', comment?: string): Promise<Approval> {
  return request(ctx, 'POST', `/approvals/${enc(id)}/decisions`, comment ? { decision, comment } : { decision });
}

export function commentApproval(ctx: ApiContext, id: string, text: string): Promise<Approval> {
  return request(ctx, 'POST', `/approvals/${enc(id)}/comments`, { text });
}

export function listDelegations(ctx: ApiContext): Promise<{ items: Delegation[] }> {
  return request(ctx, 'GET', '/delegations');
}

export function createDelegation(ctx: ApiContext, body: { delegateId: string; startsAt?: string; endsAt: string; reason?: string }): Promise<Delegation> {
  return request(ctx, 'POST', '/delegations', body);
}

export function revokeDelegation(ctx: ApiContext, id: string): Promise<Delegation> {
  return request(ctx, 'DELETE', `/delegations/${enc(id)}`);
}

/** The directory as the caller may see it (a manager: their reporting line and themselves). */
export function listEmployees(ctx: ApiContext): Promise<{ items: EmployeeView[] }> {
  return request(ctx, 'GET', '/employees');
}
