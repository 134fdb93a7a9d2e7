import { describe, expect, it } from 'vitest';
import { ALL_ROUTES } from '../http/router.js';
import type { RouteSpec } from '../http/route.types.js';
import { authContext, reachOf } from './access.js';
import { authenticateRoute } from './enforce.js';
import type { Principal } from './roles.js';

/** The only routes reachable without a token: sign-in, the API description, probes, signed platform callbacks. */
const PUBLIC = new Set(['POST /api/v1/auth/sign-in', 'GET /api/v1/openapi.json', 'GET /healthz', 'GET /readyz', 'GET /metrics']);
const isCallback = (r: RouteSpec) => r.path.startsWith('/api/v1/callbacks/');
const key = (r: RouteSpec) => `${r.method.toUpperCase()} ${r.path}`;

const user = (roles: Principal['roles'], employeeId: string | null = 'E1'): Principal => ({ kind: 'user', id: 1, name: 'u', email: 'u@x', employeeId, roles, locale: 'en', groups: null, sessionId: 1 });

describe('access rules', () => {
  it('every route in ALL_ROUTES has an access rule', () => {
    const missing = ALL_ROUTES.filter((r) => !r.access).map(key);
    expect(missing).toEqual([]);
  });

  it('only sign-in, the OpenAPI document, the probes and signed platform callbacks are public', () => {
    const publicRoutes = ALL_ROUTES.filter((r) => r.access?.public !== undefined);
    for (const r of publicRoutes) expect(PUBLIC.has(key(r)) || isCallback(r), `${key(r)} is public`).toBe(true);
    for (const r of ALL_ROUTES.filter((x) => PUBLIC.has(key(x)))) expect(r.access?.public, key(r)).toBeTypeOf('string');
  });

  it('every protected route grants at least one role, and a scoped grant says whom the resource concerns', () => {
    for (const r of ALL_ROUTES.filter((x) => x.access?.public === undefined)) {
      const grants = Object.values(r.access?.roles ?? {});
      expect(grants.length, key(r)).toBeGreaterThan(0);
      if (grants.some((g) => g !== 'all')) expect(Boolean(r.access?.subject || r.access?.listItem), `${key(r)} grants team/self without subject or listItem`).toBe(true);
    }
  });

  it('the admin areas are closed to managers, executives and employees', () => {
    const adminOnly = ALL_ROUTES.filter((r) => /^\/api\/v1\/(workflows|audit|users|tokens|settings|plugins|connectors\/[^/]+\/credentials|outbox)/.test(r.path));
    expect(adminOnly.length).toBeGreaterThan(20);
    for (const r of adminOnly) {
      for (const role of ['manager', 'executive', 'employee'] as const) expect(reachOf(r.access ?? {}, user([role])), `${key(r)} for ${role}`).toBeNull();
    }
  });

  it('a route without a rule is refused to everyone, even a signed-in admin (deny by default)', async () => {
    const route: RouteSpec = { method: 'get', path: '/api/v1/x', operationId: 'x', summary: 'x', tag: 'x', responses: {}, handler: () => ({ body: null }) };
    const admin = user(['hr_admin', 'it_admin']);
    const services = { auth: { authenticate: async () => admin }, db: { knex: {} } } as never;
    const ctx = { get: () => 'Bearer cfs_0123456789012345678901234567890', set: () => undefined, state: {} } as never;
    await expect(authenticateRoute(route, ctx, services)).rejects.toMatchObject({ status: 403, code: 'NO_ACCESS_RULE' });
  });

  it('reach: the widest role wins; API tokens get no team/self reach', () => {
    const rule = { roles: { hr_admin: 'all', manager: 'team', employee: 'self' } } as const;
    expect(reachOf(rule, user(['employee', 'manager']))).toBe('team');
    expect(reachOf(rule, user(['employee', 'hr_admin']))).toBe('all');
    expect(reachOf(rule, user(['executive']))).toBeNull();
    expect(reachOf({ roles: { executive: 'self' } }, { ...user(['executive']), kind: 'token' })).toBeNull();
  });

  it('self sees what is about them or what they act on; nothing else', async () => {
    const ctx = authContext({} as never, user(['employee'], 'E1'), 'self');
    expect(await ctx.allows({ about: ['E1'] })).toBe(true);
    expect(await ctx.allows({ about: ['E2'], actors: ['E1'] })).toBe(true);
    expect(await ctx.allows({ about: ['E2'] })).toBe(false);
    expect(await ctx.allows({ about: [null], actors: [undefined] })).toBe(false);
    const unlinked = authContext({} as never, user(['employee'], null), 'self');
    expect(await unlinked.allows({ about: ['E1'] })).toBe(false);
  });
});
