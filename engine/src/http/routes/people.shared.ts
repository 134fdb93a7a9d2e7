/** Small helpers of the people-in-the-loop routes. */
import { UserError } from '@coachflow/model';
import type { ClientInfo } from '../../auth/auth.service.js';
import type { Principal } from '../../auth/roles.js';
import type { RouteRequest } from '../route.types.js';

export function principalOf(req: Pick<RouteRequest, 'auth'>): Principal {
  const p = req.auth.principal;
  if (!p) throw UserError.unauthorized();
  return p;
}

/** The signed-in person's employee id (403 for accounts not linked to the directory). */
export function employeeIdOf(req: Pick<RouteRequest, 'auth'>): string {
  const p = principalOf(req);
  if (!p.employeeId) throw UserError.forbidden('this account is not linked to a person in the directory');
  return p.employeeId;
}

export function clientOf(req: Pick<RouteRequest, 'koa'>): ClientInfo {
  return { ip: req.koa.ip || null, userAgent: req.koa.get('user-agent') || null };
}

export function hasRole(req: Pick<RouteRequest, 'auth'>, role: Principal['roles'][number]): boolean {
  return req.auth.principal?.roles.includes(role) ?? false;
}

export const limitParam = { type: 'string' as const, pattern: '^[0-9]{1,3}$' };
export const cursorParam = { type: 'string' as const, pattern: '^[0-9]{1,19}$' };
export const limitOf = (q: Record<string, string>, dflt = 50, max = 200): number => Math.min(Math.max(Number(q.limit ?? dflt), 1), max);
export const EMPLOYEE_ID = { type: 'string' as const, minLength: 1, maxLength: 64 };

/** Who is acting, for the records of a change: the signed-in person's employee id, else the user or token. */
export function actingAs(req: { auth: { principal: { kind: string; id: number; employeeId: string | null } | null } }): string {
  const p = req.auth.principal;
  if (!p) return 'anonymous';
  return p.employeeId ?? `${p.kind}:${p.id}`;
}
