/** Registers the route table on a @koa/router, validating path params, query and body from each route's schemas. */
import Router from '@koa/router';
import type Koa from 'koa';
import { UserError } from '@coachflow/model';
import type { Services } from '../app/services.js';
import { assertSchema } from '../app/schema-validator.js';
import type { RouteSpec } from './route.types.js';
import { ALL_ROUTES_REF } from './routes-ref.js';
import { authenticateRoute, checkSubject, filterAnswer } from '../auth/enforce.js';
import { catalogueRoutes } from './routes/catalogue.routes.js';
import { directoryRoutes } from './routes/directory.routes.js';
import { eventRoutes } from './routes/events.routes.js';
import { runRoutes } from './routes/runs.routes.js';
import { systemRoutes } from './routes/system.routes.js';
import { taskRoutes } from './routes/tasks.routes.js';
import { workflowRoutes } from './routes/workflows.routes.js';
import { testRunRoutes } from './routes/test-run.routes.js';
import { signalsDirectoryRoutes } from './routes/signals-directory.routes.js';
import { kpiRoutes } from './routes/kpi.routes.js';
import { goalRoutes } from './routes/goals.routes.js';
import { coachingRoutes } from './routes/coaching.routes.js';
import { strategyDriftRoutes } from './routes/strategy-drift.routes.js';
import { pluginRoutes } from './routes/plugins.routes.js';
import { credentialRoutes } from './routes/credentials.routes.js';
import { callbackRoutes } from './routes/callbacks.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { adminRoutes } from './routes/admin.routes.js';
import { inboxRoutes } from './routes/inbox.routes.js';
import { notificationRoutes } from './routes/notifications.routes.js';
import { meRoutes } from './routes/me.routes.js';
import { backtestRoutes } from './routes/backtests.routes.js';
import { guardrailRoutes } from './routes/guardrails.routes.js';

export const ALL_ROUTES: RouteSpec[] = [
  ...systemRoutes,
  ...eventRoutes,
  ...workflowRoutes,
  ...testRunRoutes,
  ...runRoutes,
  ...taskRoutes,
  ...catalogueRoutes,
  ...directoryRoutes,
  // HR signals (issue 3)
  ...signalsDirectoryRoutes,
  ...kpiRoutes,
  ...goalRoutes,
  ...coachingRoutes,
  ...strategyDriftRoutes,
  // Connector plugins, credentials, external approval callbacks (issue 5)
  ...pluginRoutes,
  ...credentialRoutes,
  ...callbackRoutes,
  // People in the loop (issue 4): sign-in, users, tokens, settings, audit, inbox, notifications, /me
  ...authRoutes,
  ...adminRoutes,
  ...inboxRoutes,
  ...notificationRoutes,
  ...meRoutes,
  // Simulation and guardrails (issue 9): backtests, blast-radius brake, manager load cap
  ...backtestRoutes,
  ...guardrailRoutes,
];
ALL_ROUTES_REF.routes = ALL_ROUTES;

const INT = /^[1-9][0-9]{0,15}$/;

type RouteMiddleware = (ctx: Koa.ParameterizedContext, next: Koa.Next) => unknown;

/**
 * The router's middleware with a shortcut for routes without parameters (POST /api/v1/events,
 * GET /healthz, …): a request whose method and path are exactly such a route's goes straight to
 * its handler. @koa/router otherwise tests every route's pattern in turn (≈ 150 regular
 * expressions, each with a `debug` call) on every request — a sixth of the CPU of a bare
 * `GET /healthz` (engine/docs/performance.md). Only where the router would dispatch that route and
 * nothing else: a path that another route (or a middleware layer) would match as well, a
 * trailing slash, other letter case and every route with parameters go through the router as before.
 */
export function dispatcher(router: Router): RouteMiddleware {
  const routes = router.routes() as unknown as RouteMiddleware;
  const exact = new Map<string, { path: string; handler: RouteMiddleware }>();
  for (const layer of router.stack) {
    const path = layer.path;
    if (typeof path !== 'string' || layer.paramNames.length > 0 || layer.methods.length === 0 || layer.stack.length !== 1 || !/^\/[A-Za-z0-9/_.-]*$/.test(path)) continue;
    for (const method of layer.methods) {
      const chosen = router.match(path, method);
      if (chosen.pathAndMethod.length !== 1 || chosen.pathAndMethod[0] !== layer) continue;
      exact.set(`${method} ${path}`, { path, handler: layer.stack[0] as unknown as RouteMiddleware });
    }
  }
  return (ctx, next) => {
    const hit = exact.get(`${ctx.method} ${ctx.path}`);
    if (!hit) return routes(ctx, next);
    ctx.params = {};
    ctx.routerPath = hit.path;
    ctx._matchedRoute = hit.path;
    return hit.handler(ctx, next);
  };
}

export function buildRouter(services: Services): Router {
  const router = new Router();
  for (const route of ALL_ROUTES) {
    router[route.method](route.path, async (ctx) => {
      // Access first (auth/enforce.ts): 401 without a valid token, 403 without a granted role.
      const auth = await authenticateRoute(route, ctx, services);
      const params = ctx.params as Record<string, string>;
      for (const name of route.intParams ?? []) {
        if (!INT.test(params[name] ?? '')) throw UserError.badRequest('INVALID_ID', `path parameter "${name}" must be a positive integer, got "${params[name]}"`);
      }
      // A scoped caller must be concerned by the resource (404/403 otherwise), before anything about the request is validated.
      await checkSubject(route, auth, { params, query: ctx.query as Record<string, string>, body: ctx.state.body }, services);
      const query: Record<string, string> = {};
      for (const [k, v] of Object.entries(ctx.query)) {
        if (Array.isArray(v)) throw UserError.badRequest('INVALID_QUERY', `query parameter "${k}" given more than once`);
        if (v !== undefined) query[k] = v;
      }
      if (route.query) assertSchema(route.query, query, 'INVALID_QUERY', 'query');
      else if (Object.keys(query).length) throw UserError.badRequest('INVALID_QUERY', `${route.method.toUpperCase()} ${route.path} takes no query parameters`);
      let body: unknown = ctx.state.body;
      if (route.body) {
        const required = (route.body.required?.length ?? 0) > 0;
        if (body === undefined && required) throw UserError.badRequest('MISSING_BODY', 'this request needs a JSON body');
        // An optional body that is absent is an empty object for the handler, checked like any other.
        if (body === undefined) body = {};
        assertSchema(route.body, body, 'INVALID_BODY', 'request body');
      } else if (body !== undefined) {
        throw UserError.badRequest('UNEXPECTED_BODY', `${route.method.toUpperCase()} ${route.path} takes no body`);
      }
      const answer = await filterAnswer(route, auth, await route.handler({ params, query, body, koa: ctx, services, auth }));
      ctx.status = answer.status ?? 200;
      if (answer.contentType) ctx.type = answer.contentType;
      if (ctx.status !== 204) ctx.body = answer.body;
    });
  }
  return router;
}
