import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { request } from '@/api/http';
import { SESSION_STORAGE_KEY, useSessionStore } from '@/stores/session.store';
import { fail, FakeEngine, meUser, reply } from './support/fake-engine';

describe('session store', () => {
  let engine: FakeEngine;
  let left: string[];

  beforeEach(() => {
    sessionStorage.clear();
    setActivePinia(createPinia());
    engine = new FakeEngine();
    vi.stubGlobal('fetch', engine.fetch);
    left = [];
  });
  afterEach(() => vi.unstubAllGlobals());

  function store() {
    const s = useSessionStore();
    s.onLeave((reason) => left.push(reason));
    return s;
  }

  it('signs in: keeps the token in sessionStorage, loads the user and sends the bearer token', async () => {
    engine
      .on('POST /api/v1/auth/sign-in', { token: 'cf_s_abc', expiresAt: new Date(Date.now() + 3_600_000).toISOString(), user: {} })
      .on('GET /api/v1/auth/me', meUser())
      .on('GET /api/v1/inbox', { tasks: [], approvals: [], counts: {} });
    const s = store();
    const user = await s.signIn(' han@coachflow.test ', 'secret-password');
    expect(engine.callsTo('POST /api/v1/auth/sign-in')[0]?.body).toEqual({ email: 'han@coachflow.test', password: 'secret-password' });
    expect(engine.callsTo('POST /api/v1/auth/sign-in')[0]?.headers.authorization).toBeUndefined();
    expect(user.employeeId).toBe('E9001');
    expect(s.isSignedIn).toBe(true);
    expect(s.roles).toEqual(['manager', 'employee']);
    expect(s.hasRole('hr_admin', 'manager')).toBe(true);
    expect(s.hasRole('it_admin')).toBe(false);
    expect(JSON.parse(sessionStorage.getItem(SESSION_STORAGE_KEY) ?? '{}').token).toBe('cf_s_abc');
    await request(s.apiContext, 'GET', '/inbox');
    expect(engine.callsTo('GET /api/v1/inbox')[0]?.headers.authorization).toBe('Bearer cf_s_abc');
  });

  it('a wrong password is a 401 for the page, not an expired session', async () => {
    engine.on('POST /api/v1/auth/sign-in', fail(401, 'INVALID_CREDENTIALS', 'wrong email or password'));
    const s = store();
    await expect(s.signIn('x@y.z', 'nope')).rejects.toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    expect(left).toEqual([]);
    expect(s.token).toBeNull();
  });

  it('reports the wait of a rate-limited sign-in (429 Retry-After)', async () => {
    engine.on('POST /api/v1/auth/sign-in', fail(429, 'TOO_MANY_SIGN_IN_ATTEMPTS', 'too many', { retryAfterSeconds: 42 }, { 'Retry-After': '42' }));
    await expect(store().signIn('x@y.z', 'nope')).rejects.toMatchObject({ status: 429, retryAfter: 42 });
  });

  it('restores a stored session once and drops a token the engine refuses', async () => {
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ token: 'cf_s_old', expiresAt: new Date(Date.now() + 60_000).toISOString() }));
    engine.on('GET /api/v1/auth/me', meUser({ roles: ['hr_admin'] }));
    const s = store();
    expect(await Promise.all([s.restore(), s.restore()])).toEqual([true, true]);
    expect(engine.callsTo('GET /api/v1/auth/me')).toHaveLength(1);
    expect(engine.callsTo('GET /api/v1/auth/me')[0]?.headers.authorization).toBe('Bearer cf_s_old');
    expect(s.roles).toEqual(['hr_admin']);

    setActivePinia(createPinia());
    engine.on('GET /api/v1/auth/me', fail(401, 'INVALID_TOKEN', 'expired'));
    const again = store();
    expect(await again.restore()).toBe(false);
    expect(again.token).toBeNull();
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('ignores a stored token past its expiry', () => {
    sessionStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify({ token: 'cf_s_old', expiresAt: new Date(Date.now() - 1000).toISOString() }));
    expect(store().token).toBeNull();
  });

  it('a 401 on any call ends the session and leaves for sign-in once', async () => {
    engine
      .on('POST /api/v1/auth/sign-in', { token: 't1', expiresAt: null, user: {} })
      .on('GET /api/v1/auth/me', meUser())
      .on('GET /api/v1/runs', fail(401, 'INVALID_TOKEN', 'the token is unknown, expired or revoked'));
    const s = store();
    await s.signIn('han@coachflow.test', 'pw');
    await expect(request(s.apiContext, 'GET', '/runs')).rejects.toMatchObject({ status: 401 });
    await expect(request(s.apiContext, 'GET', '/runs')).rejects.toMatchObject({ status: 401 });
    expect(left).toEqual(['expired']);
    expect(s.token).toBeNull();
    expect(s.user).toBeNull();
  });

  it('signs out on the engine, forgets the token and leaves', async () => {
    engine
      .on('POST /api/v1/auth/sign-in', { token: 't2', expiresAt: null, user: {} })
      .on('GET /api/v1/auth/me', meUser())
      .on('POST /api/v1/auth/sign-out', reply(204));
    const s = store();
    await s.signIn('han@coachflow.test', 'pw');
    await s.signOut();
    expect(engine.callsTo('POST /api/v1/auth/sign-out')[0]?.headers.authorization).toBe('Bearer t2');
    expect(s.token).toBeNull();
    expect(sessionStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    expect(left).toEqual(['signedOut']);
  });

  it('saves the language on the account, best effort', async () => {
    engine
      .on('POST /api/v1/auth/sign-in', { token: 't3', expiresAt: null, user: {} })
      .on('GET /api/v1/auth/me', meUser())
      .on('PUT /api/v1/auth/me', (c) => ({ ...meUser(), ...(c.body as object) }));
    const s = store();
    await s.signIn('han@coachflow.test', 'pw');
    await s.saveLocale('en');
    await s.saveLocale('en');
    expect(engine.callsTo('PUT /api/v1/auth/me').map((c) => c.body)).toEqual([{ locale: 'en' }]);
    expect(s.user?.locale).toBe('en');
  });
});

describe('signing out with requests in flight', () => {
  afterEach(() => vi.unstubAllGlobals());
  it('waits for them before ending the session, so none comes back 401', async () => {
    sessionStorage.clear();
    setActivePinia(createPinia());
    const order: string[] = [];
    let release: () => void = () => undefined;
    const engine = new FakeEngine()
      .on('POST /api/v1/auth/sign-in', { token: 't4', expiresAt: null, user: {} })
      .on('GET /api/v1/auth/me', meUser())
      .on('POST /api/v1/auth/sign-out', () => (order.push('sign-out'), reply(204)));
    vi.stubGlobal('fetch', async (input: string, init?: RequestInit) => {
      if (String(input).endsWith('/digest')) {
        await new Promise<void>((r) => (release = r));
        order.push('digest answered');
        return new Response('{}');
      }
      return engine.fetch(input, init);
    });
    const s = useSessionStore();
    s.onLeave(() => order.push('left'));
    await s.signIn('han@coachflow.test', 'pw');
    const slow = request(s.apiContext, 'GET', '/digest');
    const out = s.signOut();
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual([]);
    release();
    await Promise.all([slow, out]);
    expect(order).toEqual(['digest answered', 'sign-out', 'left']);
  });
});
