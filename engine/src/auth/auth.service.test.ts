import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from '../signals/signals.test-support.js';
import { upsertEmployees } from '../app/directory.service.js';
import { hashPassword, verifyPassword } from './password.js';
import { hashToken } from './tokens.js';

let engine: TestEngine;
const client = { ip: '10.1.2.3', userAgent: 'test' };
const system = { type: 'system' as const, id: null };

beforeAll(async () => {
  engine = await startTestEngine();
  engine.services.auth.config.sessionTtlMs = 3_600_000; // COACHFLOW_SESSION_TTL_MS (read from the process environment)
  await upsertEmployees(engine.services.db.knex, [{ id: 'P1', name: 'Person One' }]);
});
afterAll(async () => {
  await engine?.close();
});

describe('passwords', () => {
  it('are scrypt-hashed with a random salt and their parameters, and verify in constant time', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{88}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('anything', null)).toBe(false);
    expect(await verifyPassword('anything', 'plain-text')).toBe(false);
  });

  it('are never stored plain; tokens are stored as SHA-256 only', async () => {
    const { auth, db } = engine.services;
    await auth.createUser({ email: 'Stored@Example.test', password: 'stored-password-1', roles: ['employee'], employeeId: 'P1' }, system);
    const row = await db.knex('user').where({ email: 'stored@example.test' }).first();
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(row)).not.toContain('stored-password-1');
    const { token } = await auth.signIn('stored@example.test', 'stored-password-1', client);
    const session = await db.knex('auth_session').where({ user_id: row.id }).first();
    expect(session.token_hash).toBe(hashToken(token));
    expect(JSON.stringify(await db.knex('auth_session'))).not.toContain(token);
  });
});

describe('sessions and the sign-in limit (controlled clock)', () => {
  it('a session expires after its TTL', async () => {
    const { auth } = engine.services;
    await auth.createUser({ email: 'ttl@example.test', password: 'ttl-password-1', roles: ['hr_admin'] }, system);
    const t0 = Date.now();
    const { token, expiresAt } = await auth.signIn('ttl@example.test', 'ttl-password-1', client, t0);
    expect(Date.parse(expiresAt)).toBe(t0 + 3_600_000);
    expect(await auth.authenticate(token, t0 + 3_599_000)).toMatchObject({ kind: 'user', email: 'ttl@example.test', roles: ['hr_admin'] });
    expect(await auth.authenticate(token, t0 + 3_600_000)).toBeNull();
  });

  it('5 failures per account in 15 minutes → 429 with the seconds until the oldest failure leaves the window', async () => {
    const { auth } = engine.services;
    await auth.createUser({ email: 'limit@example.test', password: 'limit-password-1', roles: ['hr_admin'] }, system);
    const t0 = Date.now();
    const other = { ip: '10.9.9.9', userAgent: null };
    for (let i = 0; i < 5; i++) await expect(auth.signIn('limit@example.test', 'wrong', other, t0 + i * 60_000)).rejects.toMatchObject({ status: 401 });
    await expect(auth.signIn('limit@example.test', 'limit-password-1', other, t0 + 5 * 60_000)).rejects.toMatchObject({ status: 429, retryAfterSeconds: 600 });
    // once the first failure is 15 minutes old, one more try is allowed, and a success clears the account's count
    expect((await auth.signIn('limit@example.test', 'limit-password-1', other, t0 + 15 * 60_000 + 1)).user.email).toBe('limit@example.test');
    await expect(auth.signIn('limit@example.test', 'wrong', other, t0 + 16 * 60_000)).rejects.toMatchObject({ status: 401 });
    expect((await auth.signIn('limit@example.test', 'limit-password-1', other, t0 + 16 * 60_000 + 1)).token).toMatch(/^cfs_/);
  });

  it('API tokens: roles limited to system roles; expiry and revocation end them', async () => {
    const { auth } = engine.services;
    const admin = { kind: 'user' as const, id: 1, name: 'a', email: 'a@x', employeeId: null, roles: ['it_admin' as const], locale: 'en' as const, groups: null, sessionId: 1 };
    await expect(auth.createApiToken({ name: 'x', roles: ['employee'] }, admin, client)).rejects.toMatchObject({ status: 400 });
    const t0 = Date.now();
    const created = await auth.createApiToken({ name: 'feed', roles: ['hr_admin'], groups: ['events'], expiresInDays: 1 }, admin, client, t0);
    expect(await auth.authenticate(created.token, t0 + 1000)).toMatchObject({ kind: 'token', roles: ['hr_admin'], groups: ['events'] });
    expect(await auth.authenticate(created.token, t0 + 86_400_000)).toBeNull();
    await auth.revokeApiToken(created.id, admin, client);
    expect(await auth.authenticate(created.token, t0 + 1000)).toBeNull();
  });

  it('a validated token is reused briefly without a lookup; revocation, sign-out, disabling and role changes apply at once', async () => {
    const { auth, db } = engine.services;
    expect(auth.config.principalCacheMs).toBeGreaterThan(0);
    const lookups: string[] = [];
    const onQuery = (q: { sql: string }): void => {
      if (/from `(api_token|auth_session)`/.test(q.sql)) lookups.push(q.sql);
    };
    db.knex.on('query', onQuery);
    try {
      const admin = { kind: 'user' as const, id: 1, name: 'a', email: 'a@x', employeeId: null, roles: ['it_admin' as const], locale: 'en' as const, groups: null, sessionId: 1 };
      const t0 = Date.now();
      const created = await auth.createApiToken({ name: 'cached', roles: ['hr_admin'] }, admin, client, t0);
      lookups.length = 0;
      expect(await auth.authenticate(created.token, t0 + 10)).toMatchObject({ kind: 'token', id: created.id });
      expect(await auth.authenticate(created.token, t0 + 20)).toMatchObject({ kind: 'token', id: created.id });
      expect(lookups).toHaveLength(1);
      // A change made by another process (here: behind the service's back) applies once the entry is older than the TTL.
      await db.knex('api_token').where({ id: created.id }).update({ roles: JSON.stringify(['it_admin']) });
      expect((await auth.authenticate(created.token, t0 + 30))?.roles).toEqual(['hr_admin']);
      expect((await auth.authenticate(created.token, t0 + 10 + auth.config.principalCacheMs))?.roles).toEqual(['it_admin']);
      // Revocation through this process: refused at once (the entry just cached would still be fresh).
      await auth.revokeApiToken(created.id, admin, client);
      expect(await auth.authenticate(created.token, t0 + 20 + auth.config.principalCacheMs)).toBeNull();

      await auth.createUser({ email: 'cached@example.test', password: 'cached-password-1', roles: ['hr_admin'] }, system);
      const user = (await db.knex('user').where({ email: 'cached@example.test' }).first()) as { id: number };
      const s1 = await auth.signIn('cached@example.test', 'cached-password-1', client);
      const s2 = await auth.signIn('cached@example.test', 'cached-password-1', client);
      const p1 = await auth.authenticate(s1.token);
      expect(p1).toMatchObject({ kind: 'user', roles: ['hr_admin'] });
      await auth.authenticate(s2.token);
      await auth.signOut(p1!, client);
      expect(await auth.authenticate(s1.token)).toBeNull();
      expect(await auth.authenticate(s2.token)).toMatchObject({ roles: ['hr_admin'] });
      await auth.updateUser(user.id, { roles: ['executive'] }, system);
      expect(await auth.authenticate(s2.token)).toMatchObject({ roles: ['executive'] });
      await auth.updateUser(user.id, { status: 'disabled' }, system);
      expect(await auth.authenticate(s2.token)).toBeNull();
    } finally {
      db.knex.off('query', onQuery);
    }
  });
});
