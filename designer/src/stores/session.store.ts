/**
 * The signed-in person: the bearer token (sessionStorage, so it ends with the tab) and the user from
 * GET /auth/me (roles, linked employee, locale), and the `ApiContext` every store passes to `api/*`
 * (it sends `Authorization: Bearer <token>` and turns a 401 into "signed out").
 *
 * The designer only SHOWS what a role may do (navigation, route guards, buttons); the engine is the
 * authority and refuses anything else (403/404), whatever the UI shows.
 */
import type { Role } from '@coachflow/model';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { getMe, signIn as signInApi, signOut as signOutApi, updateMe } from '@/api/auth.api';
import type { ApiContext } from '@/api/http';
import { isApiError } from '@/api/http';
import type { AppLocaleCode, MeUser } from '@/api/people.types';

export const SESSION_STORAGE_KEY = 'coachflow.session';

interface StoredSession {
  token: string;
  expiresAt: string | null;
}

function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

function readStored(now = Date.now()): StoredSession | null {
  try {
    const raw = storage()?.getItem(SESSION_STORAGE_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof s.token !== 'string' || !s.token) return null;
    if (typeof s.expiresAt === 'string' && Date.parse(s.expiresAt) <= now) return null;
    return { token: s.token, expiresAt: typeof s.expiresAt === 'string' ? s.expiresAt : null };
  } catch {
    return null;
  }
}

/** Why the session ended: the person signed out, or the engine no longer accepts the token. */
export type SignedOutReason = 'signedOut' | 'expired';

/** Where the app goes when the session ends (a full page load, so no other user's data stays in memory). */
export type LeaveHandler = (reason: SignedOutReason) => void;

function defaultLeave(reason: SignedOutReason): void {
  const here = `${location.pathname}${location.search}`;
  const redirect = reason === 'expired' && !here.startsWith('/sign-in') ? `&redirect=${encodeURIComponent(here)}` : '';
  location.assign(`/sign-in${reason === 'expired' ? `?expired=1${redirect}` : ''}`);
}

export const useSessionStore = defineStore('session', () => {
  const stored = readStored();
  const token = ref<string | null>(stored?.token ?? null);
  const expiresAt = ref<string | null>(stored?.expiresAt ?? null);
  const user = ref<MeUser | null>(null);
  /** Base URL of the engine API (same origin in production, proxied by vite in dev). */
  const apiBaseUrl = ref('/api/v1');
  let leave: LeaveHandler = defaultLeave;
  let restoring: Promise<boolean> | null = null;
  let ended = false;
  /** Requests in flight: signing out waits for them (briefly), so none comes back 401 after the token is gone. */
  const inFlight = new Set<Promise<unknown>>();
  function track(p: Promise<unknown>): void {
    inFlight.add(p);
    const done = () => inFlight.delete(p);
    p.then(done, done);
  }

  const roles = computed<Role[]>(() => user.value?.roles ?? []);
  const employeeId = computed(() => user.value?.employeeId ?? null);
  const isSignedIn = computed(() => token.value !== null && user.value !== null);
  const displayName = computed(() => user.value?.employee?.name ?? user.value?.name ?? user.value?.email ?? '');

  function hasRole(...wanted: Role[]): boolean {
    return wanted.some((r) => roles.value.includes(r));
  }

  /** What every store passes to `api/*`. */
  const apiContext = computed<ApiContext>(() => ({
    baseUrl: apiBaseUrl.value,
    headers: (): Record<string, string> => (token.value ? { Authorization: `Bearer ${token.value}` } : {}),
    onUnauthorized: () => expire(),
    track,
  }));

  function persist(): void {
    try {
      if (token.value) storage()?.setItem(SESSION_STORAGE_KEY, JSON.stringify({ token: token.value, expiresAt: expiresAt.value }));
      else storage()?.removeItem(SESSION_STORAGE_KEY);
    } catch {
      // storage unavailable (privacy mode): the session lasts until the page reloads
    }
  }

  function clear(): void {
    token.value = null;
    expiresAt.value = null;
    user.value = null;
    restoring = null;
    persist();
  }

  /** Replaces what happens when the session ends (tests; the default reloads the app at /sign-in). */
  function onLeave(handler: LeaveHandler): void {
    leave = handler;
  }

  /**
   * Signs in: 401 INVALID_CREDENTIALS (wrong email or password) and 429 (too many attempts, with
   * `retryAfter`) are thrown as `ApiError` for the page to show.
   */
  async function signIn(email: string, password: string): Promise<MeUser> {
    const result = await signInApi({ baseUrl: apiBaseUrl.value }, email.trim(), password);
    token.value = result.token;
    expiresAt.value = result.expiresAt;
    ended = false;
    persist();
    const me = await getMe(apiContext.value);
    if (me.kind !== 'user') {
      clear();
      throw new Error('not a user session');
    }
    user.value = me;
    return me;
  }

  /**
   * Loads the user of a stored token once (the router guard awaits it). False when there is no
   * token or the engine no longer accepts it (the token is dropped).
   */
  function restore(): Promise<boolean> {
    if (user.value) return Promise.resolve(true);
    if (!token.value) return Promise.resolve(false);
    restoring ??= getMe(apiContext.value)
      .then((me) => {
        if (me.kind !== 'user') throw new Error('not a user session');
        user.value = me;
        return true;
      })
      .catch((e: unknown) => {
        // Unreachable engine: keep the token (a later reload may work); refused token: drop it.
        if (!isApiError(e) || e.status !== 0) clear();
        restoring = null;
        return false;
      });
    return restoring;
  }

  /** Ends the session on the engine (best effort) and leaves for the sign-in page. */
  async function signOut(settleMs = 3000): Promise<void> {
    if (inFlight.size) await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, settleMs))]);
    if (token.value) await signOutApi(apiContext.value).catch(() => undefined);
    clear();
    ended = true;
    leave('signedOut');
  }

  /** The engine answered 401 to a signed-in call: the token expired or was revoked. */
  function expire(): void {
    if (ended) return;
    const had = token.value !== null;
    clear();
    if (had) {
      ended = true;
      leave('expired');
    }
  }

  /** Saves the language choice on the account (best effort: the local choice applies anyway). */
  async function saveLocale(locale: AppLocaleCode): Promise<void> {
    if (!user.value || user.value.locale === locale) return;
    try {
      await updateMe(apiContext.value, { locale });
      user.value = { ...user.value, locale };
    } catch {
      // not important enough to bother the person
    }
  }

  return { token, expiresAt, user, apiBaseUrl, roles, employeeId, isSignedIn, displayName, apiContext, hasRole, signIn, restore, signOut, expire, saveLocale, onLeave, clear };
});
