import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, isInScope, listScopeOf, pageOf } from './list-scope.js';

describe('scoped list helpers', () => {
  it('round-trips cursors and refuses any other string with a 400', () => {
    expect(decodeCursor<[string, string]>(encodeCursor(['2026-03-13', 'rec-23']), ['string', 'string'])).toEqual(['2026-03-13', 'rec-23']);
    expect(decodeCursor<[number, string]>(encodeCursor([1764160000000, 'p']), ['number', 'string'])).toEqual([1764160000000, 'p']);
    for (const bad of ['', 'bm90LWpzb24', encodeCursor(['a']), encodeCursor([1, 'x']), encodeCursor(['a', 'b', 'c']), Buffer.from('{"a":1}').toString('base64url')]) {
      expect(() => decodeCursor<[string, string]>(bad, ['string', 'string'])).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR', status: 400 }));
    }
  });

  it('cuts a page and gives a cursor only when more rows exist', () => {
    expect(pageOf([1, 2, 3], 2, (n) => [n])).toEqual({ items: [1, 2], nextCursor: encodeCursor([2]) });
    expect(pageOf([1, 2], 2, (n) => [n])).toEqual({ items: [1, 2], nextCursor: null });
  });

  it('scopes: everything at reach all; own id (and the line at team reach); nothing without a linked person', async () => {
    const principal = { employeeId: 'M1' } as never;
    const reports = async () => new Set(['A1', 'A3']);
    expect(await listScopeOf({ reach: 'all', principal, reports })).toBeNull();
    const team = await listScopeOf({ reach: 'team', principal, reports });
    expect(team).toEqual({ me: 'M1', line: ['A1', 'A3'] });
    expect(await listScopeOf({ reach: 'self', principal, reports })).toEqual({ me: 'M1', line: [] });
    expect([isInScope(team, 'A3'), isInScope(team, 'M1'), isInScope(team, 'B1'), isInScope(team, 'B1', 'M1'), isInScope(team, null)]).toEqual([true, true, false, true, false]);
    expect(isInScope({ me: null, line: [] }, 'A1')).toBe(false);
    expect(isInScope(null, 'anyone')).toBe(true);
  });
});
