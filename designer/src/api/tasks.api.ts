/** /api/v1/tasks (lists as the caller may see them; the inbox has the caller's own work). */
import type { Page, Task } from './api.types';
import { request, toQuery, type ApiContext } from './http';

export function listTasks(ctx: ApiContext, status: string = 'open'): Promise<Page<Task>> {
  return request(ctx, 'GET', `/tasks${toQuery({ status })}`);
}
