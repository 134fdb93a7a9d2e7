/**
 * A short cache of authenticated principals, so a client sending many requests does not cost a
 * token lookup (query building, a read that waits for the single SQLite connection) per request —
 * on the event route that lookup was a fifth of the API's CPU (engine/docs/performance.md).
 *
 * What keeps it honest:
 * - only valid tokens are cached (an unknown token always goes to the database, so guessing
 *   cannot fill the cache), keyed by the token's SHA-256, at most `maxEntries` (oldest dropped);
 * - an entry is used for `ttlMs` at most, and never past the token's own expiry;
 * - every change this process makes to users, sessions or tokens (AuthService) clears the cache,
 *   so a revocation, sign-out, disabled user or role change through this process takes effect at
 *   once; one made through another process (a second API process, the CLI) within `ttlMs`.
 * `ttlMs` 0 turns the cache off (COACHFLOW_AUTH_CACHE_MS).
 */
import type { Principal } from './roles.js';

interface Entry {
  principal: Principal;
  /** Until when the entry may be used: min(cached at + ttl, the token's expiry). */
  until: number;
}

export class PrincipalCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    readonly ttlMs: number,
    readonly maxEntries = 10_000,
  ) {}

  get(tokenHash: string, now: number): Principal | null {
    const e = this.#entries.get(tokenHash);
    if (!e) return null;
    if (e.until <= now) {
      this.#entries.delete(tokenHash);
      return null;
    }
    return e.principal;
  }

  /** Keeps a principal the database just confirmed; `tokenExpiresAt` null = the token does not expire. */
  set(tokenHash: string, principal: Principal, tokenExpiresAt: number | null, now: number): void {
    if (this.ttlMs <= 0) return;
    const until = Math.min(now + this.ttlMs, tokenExpiresAt ?? Infinity);
    if (until <= now) return;
    this.#entries.delete(tokenHash);
    this.#entries.set(tokenHash, { principal, until });
    while (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  /** Forgets everything (after any change to users, sessions or tokens). */
  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }
}
