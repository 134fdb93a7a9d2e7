/**
 * Routes (every view lazy-loaded, so the entry chunk stays small) and the guard: signed-out people
 * go to /sign-in (and come back after), a route needs the roles of its navigation entry, `/` leads
 * to the person's landing page. The engine enforces the same rules on every API call.
 */
import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteLocationRaw, type RouteParamsGeneric, type RouteRecordRaw } from 'vue-router';
import type { ApiContext } from './api/http';
import { prefetchWorkflow } from './api/workflows.api';
import { allows, homeFor, routeAccess, safeRedirect } from './navigation';
import { useSessionStore } from './stores/session.store';

export const routes: RouteRecordRaw[] = [
  { path: '/sign-in', name: 'sign-in', component: () => import('./views/SignInView.vue'), meta: { public: true, bare: true } },
  { path: '/', name: 'home', component: () => import('./views/NoAccessView.vue') },
  { path: '/workflows', name: 'workflows', component: () => import('./views/WorkflowsView.vue'), meta: { nav: 'workflows', access: routeAccess('workflows') } },
  { path: '/workflows/:id', name: 'workflow-editor', component: () => import('./views/WorkflowEditorView.vue'), props: true, meta: { nav: 'workflows', fullBleed: true, access: routeAccess('workflows'), prefetch: (params: RouteParamsGeneric, ctx: ApiContext) => typeof params.id === 'string' && prefetchWorkflow(ctx, params.id) } },
  { path: '/workflows/:id/backtests', name: 'workflow-backtests', component: () => import('./views/BacktestView.vue'), props: true, meta: { nav: 'workflows', access: routeAccess('workflows') } },
  { path: '/workflows/:id/backtests/:backtestId', name: 'workflow-backtest', component: () => import('./views/BacktestView.vue'), props: true, meta: { nav: 'workflows', access: routeAccess('workflows') } },
  { path: '/runs', name: 'runs', component: () => import('./views/RunsView.vue'), meta: { nav: 'runs', access: routeAccess('runs') } },
  { path: '/runs/:id', name: 'run-detail', component: () => import('./views/RunDetailView.vue'), props: true, meta: { nav: 'runs', fullBleed: true, access: routeAccess('runs') } },
  { path: '/inbox', name: 'inbox', component: () => import('./views/InboxView.vue'), meta: { nav: 'inbox', access: routeAccess('inbox') } },
  { path: '/strategy', name: 'strategy', component: () => import('./views/StrategyView.vue'), meta: { nav: 'strategy', access: routeAccess('strategy') } },
  { path: '/admin/connectors', name: 'admin-connectors', component: () => import('./views/AdminConnectorsView.vue'), meta: { nav: 'connectors', access: routeAccess('connectors') } },
  { path: '/admin/tokens', name: 'admin-tokens', component: () => import('./views/AdminTokensView.vue'), meta: { nav: 'tokens', access: routeAccess('tokens') } },
  { path: '/admin/health', name: 'admin-health', component: () => import('./views/AdminHealthView.vue'), meta: { nav: 'health', access: routeAccess('health') } },
  { path: '/audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { nav: 'audit', access: routeAccess('audit') } },
  { path: '/me', name: 'me', component: () => import('./views/AboutMeView.vue'), meta: { nav: 'me', access: routeAccess('me') } },
  { path: '/no-access', name: 'no-access', component: () => import('./views/NoAccessView.vue') },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue') },
];

export const router = createRouter({ history: createWebHistory(import.meta.env.BASE_URL), routes });

/**
 * Starts loading the code of the page at `path` (its lazy route components) and, for the routes that
 * say so (`meta.prefetch`), its data right away. Called once at start-up for someone with a stored
 * session: the router would load the code only after its guard has restored the session (a round trip
 * to the engine, after the app has mounted), and the page would ask for its data only once mounted;
 * meanwhile both load in parallel. The router's own import later gets the same modules.
 */
export function preloadRoute(path: string, ctx: ApiContext): void {
  const target = router.resolve(path);
  const prefetch = target.meta.prefetch as ((params: RouteParamsGeneric, ctx: ApiContext) => unknown) | undefined;
  prefetch?.(target.params, ctx);
  for (const record of target.matched) {
    for (const component of Object.values(record.components ?? {})) {
      // Lazy route components are the `() => import(...)` functions of `routes` (resolved ones are objects).
      if (typeof component === 'function' && routes.some((r) => r.component === component)) void (component as () => Promise<unknown>)().catch(() => undefined);
    }
  }
}

/**
 * The guard: restores the session once, sends signed-out people to /sign-in (with where they were
 * going), `/` to the person's landing page, and a route their roles do not include to /no-access.
 */
export async function accessGuard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const session = useSessionStore();
  const signedIn = await session.restore();
  if (to.meta.public) {
    // Already signed in: the sign-in page forwards to where the person was going.
    if (signedIn && to.name === 'sign-in') return safeRedirect(to.query.redirect) ?? homeFor(session);
    return true;
  }
  if (!signedIn) return { name: 'sign-in', query: to.fullPath && to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
  if (to.name === 'home') return homeFor(session);
  if (!allows(to.meta.access, session)) return { name: 'no-access', query: { from: to.fullPath } };
  return true;
}

router.beforeEach(accessGuard);
