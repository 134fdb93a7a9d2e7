import { describe, expect, it } from 'vitest';
import { PrincipalCache } from './principal-cache.js';
import type { Principal } from './roles.js';

const p = (id: number): Principal => ({ kind: 'token', id, name: `t${id}`, email: null, employeeId: null, roles: ['hr_admin'], locale: 'en', groups: null, sessionId: null });

describe('PrincipalCache', () => {
  it('keeps a principal for its TTL, never past the token expiry', () => {
    const c = new PrincipalCache(3000);
    c.set('a', p(1), null, 1000);
    expect(c.get('a', 3999)?.id).toBe(1);
    expect(c.get('a', 4000)).toBeNull();
    c.set('b', p(2), 2500, 1000); // the token itself expires first
    expect(c.get('b', 2499)?.id).toBe(2);
    expect(c.get('b', 2500)).toBeNull();
    c.set('c', p(3), 1000, 1000); // already expired: not kept
    expect(c.size).toBe(0);
  });

  it('drops the oldest entries beyond its size, and everything on clear', () => {
    const c = new PrincipalCache(60_000, 3);
    for (let i = 1; i <= 5; i++) c.set(`k${i}`, p(i), null, 0);
    expect(c.size).toBe(3);
    expect(c.get('k1', 1)).toBeNull();
    expect(c.get('k2', 1)).toBeNull();
    expect(c.get('k5', 1)?.id).toBe(5);
    c.clear();
    expect(c.get('k5', 1)).toBeNull();
  });

  it('keeps nothing with a TTL of 0 (COACHFLOW_AUTH_CACHE_MS=0)', () => {
    const c = new PrincipalCache(0);
    c.set('a', p(1), null, 0);
    expect(c.get('a', 0)).toBeNull();
  });
});
