/** /api/v1/tasks. */
import type { Page, Task } from './api.types';
import { request, toQuery, type ApiContext } from './http';

export function listTasks(ctx: ApiContext, status: string = 'open'): Promise<Page<Task>> {
  return request(ctx, 'GET', `/tasks${toQuery({ status })}`);
}

/**
 * Completes a task; `data` is the filled form (e.g. a GROW record with its conclusions) and `actor`
 * the employee id of the person completing it (the engine records it).
 */
export function completeTask(ctx: ApiContext, id: string, actor: string, data: Record<string, unknown>): Promise<unknown> {
  return request(ctx, 'POST', `/tasks/${encodeURIComponent(id)}/complete`, { actor, data });
}
