/**
 * The router's access steps (http/router.ts calls these for every route):
 * 1. {@link authenticateRoute} before anything else: public routes pass (with the caller if a valid
 *    token came); others need a valid bearer token (401), a role the rule grants (403) and, for
 *    API tokens limited to route groups, the route's group (403). No rule → 403 (deny by default).
 * 2. {@link checkSubject} once params, query and body are valid: a scoped caller on a one-resource
 *    route must be concerned by it (404 or 403 otherwise).
 * 3. {@link filterAnswer} after the handler: list items a scoped caller may not see are dropped.
 */
import { UserError } from '@coachflow/model';
import type { Context } from 'koa';
import type { Services } from '../app/services.js';
import type { RouteAnswer, RouteSpec } from '../http/route.types.js';
import { authContext, deny, reachOf, type AuthContext } from './access.js';
import type { Principal } from './roles.js';

function bearer(ctx: Context): string | null {
  const header = ctx.get('authorization');
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? (m[1] as string) : null;
}

export async function authenticateRoute(route: RouteSpec, ctx: Context, services: Services): Promise<AuthContext> {
  const access = route.access;
  const token = bearer(ctx);
  const principal: Principal | null = token ? await services.auth.authenticate(token) : null;
  if (principal) ctx.state.principal = principal;
  if (!access) throw new UserError('NO_ACCESS_RULE', `${route.method.toUpperCase()} ${route.path} has no access rule and is refused (deny by default)`, 403);
  if (access.public !== undefined) return authContext(services.db.knex, principal, null);
  if (!principal) {
    ctx.set('WWW-Authenticate', token ? 'Bearer error="invalid_token"' : 'Bearer');
    throw token ? new UserError('INVALID_TOKEN', 'the token is unknown, expired or revoked; sign in again', 401) : UserError.unauthorized('sign in first: send Authorization: Bearer <token> (POST /api/v1/auth/sign-in)');
  }
  if (principal.groups && !principal.groups.includes(route.tag)) throw UserError.forbidden(`this API token may not call the "${route.tag}" routes`);
  const reach = reachOf(access, principal);
  if (!reach) throw UserError.forbidden(`your role(s) (${principal.roles.join(', ') || 'none'}) may not ${route.method.toUpperCase()} ${route.path}`);
  if (reach !== 'all' && !access.subject && !access.listItem) {
    throw new UserError('NO_ACCESS_RULE', `${route.method.toUpperCase()} ${route.path} grants a scoped reach but says neither subject nor listItem`, 403);
  }
  return authContext(services.db.knex, principal, reach);
}

export async function checkSubject(route: RouteSpec, auth: AuthContext, req: { params: Record<string, string>; query: Record<string, string>; body: unknown }, services: Services): Promise<void> {
  const access = route.access;
  if (!access?.subject || access.public !== undefined || auth.reach === 'all' || auth.reach === null) return;
  const subject = await access.subject({ ...req, auth, services });
  if (!subject) throw new UserError('NOT_FOUND', `${route.tag} not found`, 404);
  if (!(await auth.allows(subject))) deny(access, route.tag);
}

export async function filterAnswer(route: RouteSpec, auth: AuthContext, answer: RouteAnswer): Promise<RouteAnswer> {
  const access = route.access;
  if (!access?.listItem || auth.reach === 'all' || auth.reach === null) return answer;
  const body = answer.body as { items?: unknown } | null;
  if (!body || !Array.isArray(body.items)) return answer;
  const kept: unknown[] = [];
  for (const item of body.items) if (await auth.allows(access.listItem(item as Record<string, unknown>))) kept.push(item);
  return { ...answer, body: { ...body, items: kept } };
}
