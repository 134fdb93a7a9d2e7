/**
 * Sign-in and tokens against the real engine: bearer auth on every /api/v1 route but sign-in,
 * the OpenAPI document and the signed platform callbacks; sessions that sign out; the first admin
 * from `engine users create`; failed sign-ins limited per account and per IP (429 + Retry-After);
 * API tokens for systems (it_admin only, shown once, scoped to roles and route groups, revocable).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineCluster, TEST_ADMIN } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { PEOPLE_ORG, roleTokens, type RoleName } from '../support/people.js';

let cluster: EngineCluster;
let tokens: Record<RoleName, string>;
const anon = () => cluster.as(null);

beforeAll(async () => {
  // A small per-IP budget so the test can reach it (the default is 20).
  cluster = await EngineCluster.start({ name: `auth-${MODE}`, env: { COACHFLOW_SIGNIN_MAX_FAILURES_PER_IP: '9' } });
  expect((await cluster.api('PUT', '/api/v1/employees', { employees: PEOPLE_ORG })).status).toBe(200);
  tokens = await roleTokens(cluster);
});

afterAll(async () => {
  await cluster?.stop();
});

describe(`sign-in and tokens (${MODE})`, () => {
  it('answers 401 without a valid token on every protected route; sign-in, OpenAPI and probes are open', async () => {
    const doc = await anon().api('GET', '/api/v1/openapi.json');
    expect(doc.status).toBe(200);
    let protectedRoutes = 0;
    for (const [path, ops] of Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(ops)) {
        const url = path.replace(/\{[^}]+\}/g, '1');
        const res = await anon().api(method.toUpperCase(), url);
        const open = path === '/api/v1/auth/sign-in' || path === '/api/v1/openapi.json' || path.startsWith('/api/v1/callbacks/') || !path.startsWith('/api/v1/');
        if (open) {
          // Callbacks answer 401 for a bad platform signature, never for a missing bearer token.
          if (res.status === 401) expect(res.body.error.code, `${method} ${path}`).not.toBe('UNAUTHORIZED');
        } else {
          protectedRoutes++;
          expect(res.status, `${method} ${path}`).toBe(401);
          expect(res.body.error.code).toBe('UNAUTHORIZED');
          expect(res.headers.get('www-authenticate')).toBe('Bearer');
        }
      }
    }
    expect(protectedRoutes).toBeGreaterThan(80);
    const forged = await cluster.as('cfs_not-a-real-token-at-all-0123456789').api('GET', '/api/v1/workflows');
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('INVALID_TOKEN');
  });

  it('signs in with a password, says who is signed in, and signs out', async () => {
    const bad = await anon().api('POST', '/api/v1/auth/sign-in', { email: TEST_ADMIN.email, password: 'wrong-password' });
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('INVALID_CREDENTIALS');
    const ok = await anon().api('POST', '/api/v1/auth/sign-in', { email: TEST_ADMIN.email.toUpperCase(), password: TEST_ADMIN.password });
    expect(ok.status).toBe(200);
    expect(ok.body.token).toMatch(/^cfs_[A-Za-z0-9_-]{43}$/);
    const ttl = Date.parse(ok.body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(8 * 3_600_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(8 * 3_600_000);
    expect(ok.body.user).toMatchObject({ email: TEST_ADMIN.email, roles: ['hr_admin', 'it_admin'] });
    expect(JSON.stringify(ok.body)).not.toMatch(/scrypt|passwordHash/);
    const me = await cluster.as(ok.body.token).api('GET', '/api/v1/auth/me');
    expect(me.body).toMatchObject({ kind: 'user', email: TEST_ADMIN.email, employee: null });
    const manager = await cluster.as(tokens.manager).api('GET', '/api/v1/auth/me');
    expect(manager.body).toMatchObject({ roles: ['manager', 'employee'], employeeId: 'E9001', employee: { id: 'E9001', managerId: 'E9000' } });
    expect((await cluster.as(ok.body.token).api('POST', '/api/v1/auth/sign-out')).status).toBe(204);
    expect((await cluster.as(ok.body.token).api('GET', '/api/v1/auth/me')).status).toBe(401);
    // the other session of the same user is untouched
    expect((await cluster.api('GET', '/api/v1/auth/me')).status).toBe(200);
    const users = await cluster.api('GET', '/api/v1/users');
    expect(JSON.stringify(users.body)).not.toMatch(/scrypt|password/i);
  });

  it('creates the first admin with `engine users create` and lets them sign in', async () => {
    const out = await cluster.cli(['users', 'create', '--email', 'first-admin@coachflow.test', '--password', 'a-long-password-9', '--roles', 'hr_admin,it_admin', '--employee', 'E9002']);
    expect(out).toContain('first-admin@coachflow.test');
    const token = await cluster.signIn('first-admin@coachflow.test', 'a-long-password-9');
    const me = await cluster.as(token).api('GET', '/api/v1/auth/me');
    expect(me.body).toMatchObject({ roles: ['hr_admin', 'it_admin'], employeeId: 'E9002' });
    await expect(cluster.cli(['users', 'create', '--email', 'weak@coachflow.test', '--password', 'short', '--roles', 'hr_admin'])).rejects.toThrow(/at least 10 characters/);
  });

  it('refuses what a role may not do with 403, and it_admin alone manages users and tokens', async () => {
    expect((await cluster.as(tokens.employee).api('GET', '/api/v1/workflows')).status).toBe(403);
    expect((await cluster.as(tokens.hr).api('POST', '/api/v1/users', { email: 'x@y.z', password: 'a-long-password-9', roles: ['hr_admin'] })).status).toBe(403);
    expect((await cluster.as(tokens.hr).api('POST', '/api/v1/tokens', { name: 'x', roles: ['hr_admin'] })).status).toBe(403);
    const created = await cluster.as(tokens.it).api('POST', '/api/v1/users', { email: 'new.manager@coachflow.test', password: 'a-long-password-9', roles: ['manager', 'employee'], employeeId: 'E9010' });
    expect(created.status).toBe(201);
    expect((await cluster.as(tokens.it).api('POST', '/api/v1/users', { email: 'new.manager@coachflow.test', password: 'a-long-password-9', roles: ['employee'], employeeId: 'E9010' })).status).toBe(409);
    expect((await cluster.as(tokens.it).api('POST', '/api/v1/users', { email: 'nobody@coachflow.test', password: 'a-long-password-9', roles: ['employee'], employeeId: 'E0000' })).status).toBe(400);
    // disabling a user ends their sessions
    const t = await cluster.signIn('new.manager@coachflow.test', 'a-long-password-9');
    expect((await cluster.as(t).api('GET', '/api/v1/inbox')).status).toBe(200);
    expect((await cluster.as(tokens.it).api('PUT', `/api/v1/users/${created.body.id}`, { status: 'disabled' })).body.status).toBe('disabled');
    expect((await cluster.as(t).api('GET', '/api/v1/inbox')).status).toBe(401);
    expect((await anon().api('POST', '/api/v1/auth/sign-in', { email: 'new.manager@coachflow.test', password: 'a-long-password-9' })).status).toBe(401);
  });

  it('API tokens: created by it_admin, shown once, limited to their roles and route groups, revocable', async () => {
    const it = cluster.as(tokens.it);
    expect((await it.api('POST', '/api/v1/tokens', { name: 'too much', roles: ['manager'] })).status).toBe(400);
    const created = await it.api('POST', '/api/v1/tokens', { name: 'KPI feed', roles: ['hr_admin'], groups: ['events'], expiresInDays: 30 });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    expect(token).toMatch(/^cft_/);
    const listed = await it.api('GET', '/api/v1/tokens');
    const entry = listed.body.items.find((x: { id: number }) => x.id === created.body.id);
    expect(entry).toMatchObject({ name: 'KPI feed', roles: ['hr_admin'], groups: ['events'], revokedAt: null });
    expect(JSON.stringify(listed.body)).not.toContain(token);
    const feed = cluster.as(token);
    const ev = await feed.api('POST', '/api/v1/events', { type: 'webhook', idempotencyKey: `tok-${Date.now()}`, payload: { source: 'feed', body: {} } });
    expect(ev.status).toBe(202);
    expect((await feed.api('GET', '/api/v1/workflows')).status).toBe(403); // hr_admin may, but not this token's group
    expect((await feed.api('GET', '/api/v1/inbox')).status).toBe(403);
    expect((await it.api('DELETE', `/api/v1/tokens/${created.body.id}`)).body.revokedAt).not.toBeNull();
    expect((await feed.api('POST', '/api/v1/events', { type: 'webhook', idempotencyKey: `tok2-${Date.now()}`, payload: { source: 'feed', body: {} } })).status).toBe(401);
  });

  it('limits failed sign-ins per account (5 in 15 min) and per IP, answering 429 with Retry-After', async () => {
    const email = 'e9004@coachflow.test';
    expect((await cluster.as(tokens.it).api('POST', '/api/v1/users', { email, password: 'chen-password-1', roles: ['employee'], employeeId: 'E9004' })).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await anon().api('POST', '/api/v1/auth/sign-in', { email, password: `wrong-${i}` })).status).toBe(401);
    const limited = await anon().api('POST', '/api/v1/auth/sign-in', { email, password: 'chen-password-1' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('TOO_MANY_SIGN_IN_ATTEMPTS');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    // another account from the same IP still signs in (7 failures from this IP so far, budget 9)
    await cluster.signIn(TEST_ADMIN.email, TEST_ADMIN.password);
    // per IP: failures on any account add up
    expect((await anon().api('POST', '/api/v1/auth/sign-in', { email: 'nobody@coachflow.test', password: 'x' })).status).toBe(401);
    expect((await anon().api('POST', '/api/v1/auth/sign-in', { email: 'nobody2@coachflow.test', password: 'x' })).status).toBe(401);
    const ipLimited = await anon().api('POST', '/api/v1/auth/sign-in', { email: TEST_ADMIN.email, password: TEST_ADMIN.password });
    expect(ipLimited.status).toBe(429);
    expect(Number(ipLimited.headers.get('retry-after'))).toBeGreaterThan(0);
    // existing sessions are not affected
    expect((await cluster.api('GET', '/api/v1/auth/me')).status).toBe(200);
    // each failure and success is in the audit log (never the password)
    const audit = await cluster.api('GET', '/api/v1/audit?action=auth.sign_in_failed&limit=50');
    expect(audit.body.items.length).toBeGreaterThanOrEqual(8);
    expect(audit.body.items.find((e: { details: { email: string } }) => e.details.email === email).details.reason).toBe('wrong_password');
    expect(JSON.stringify(audit.body)).not.toContain('wrong-1');
  });
});
