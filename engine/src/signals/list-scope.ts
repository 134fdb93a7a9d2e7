/**
 * Scoped, keyset-paginated lists of HR signals (coaching records, PIPs, goals). A scoped caller's
 * reach (their own id; with `team` reach also their reporting line) goes into the query itself, so
 * a page holds `limit` items whenever that many exist for the caller — filtering a page after the
 * query would return short or empty pages. The router's `listItem` filter stays as a safety net.
 */
import { UserError } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import type { AuthContext } from '../auth/access.js';

/** Whom a scoped caller may see; `null` stands for everything (reach `all`). */
export interface ListScope {
  /** The caller's employee id; null for an account linked to nobody (sees nothing). */
  me: string | null;
  /** Their direct and indirect reports (team reach), else empty. */
  line: string[];
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

export async function listScopeOf(auth: Pick<AuthContext, 'reach' | 'principal' | 'reports'>): Promise<ListScope | null> {
  if (auth.reach === 'all') return null;
  const me = auth.principal?.employeeId ?? null;
  return { me, line: auth.reach === 'team' && me ? [...(await auth.reports())] : [] };
}

/** Keeps rows about someone in the scope (`about` column) or acted on by the caller (`actor` column). */
export function whereInScope(q: Knex.QueryBuilder, scope: ListScope | null | undefined, about: string, actor?: string): void {
  if (!scope) return;
  const me = scope.me;
  if (!me) {
    q.whereRaw('1 = 0');
    return;
  }
  q.where((w) => {
    w.whereIn(about, [me, ...scope.line]);
    if (actor) w.orWhere(actor, me);
  });
}

/** The same test in memory (for lists computed from a tree). */
export function isInScope(scope: ListScope | null | undefined, about: string | null, actor?: string | null): boolean {
  if (!scope) return true;
  if (!scope.me) return false;
  return (about !== null && (about === scope.me || scope.line.includes(about))) || (actor !== undefined && actor === scope.me);
}

/** An opaque cursor over the sort key of the last item of a page. */
export function encodeCursor(key: Array<string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor} with `shape` as the types of its parts; 400 otherwise. */
export function decodeCursor<T extends Array<string | number>>(cursor: string, shape: { [K in keyof T]: T[K] extends number ? 'number' : 'string' }): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const ok = Array.isArray(parsed) && parsed.length === shape.length && parsed.every((v, i) => typeof v === shape[i] && (typeof v !== 'number' || Number.isFinite(v)));
  if (!ok) throw UserError.badRequest('INVALID_CURSOR', 'cursor is not one this list returned (pass nextCursor as it came)');
  return parsed as T;
}

/** Cuts a query result fetched with `limit + 1` rows into a page, the cursor made from the last item. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (item: T) => Array<string | number>): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

/** Keyset condition for a `(first desc, second desc)` order: rows strictly after `(a, b)`. */
export function whereBefore(q: Knex.QueryBuilder, first: string, second: string, a: string | number, b: string | number): void {
  q.where((w) => {
    w.where(first, '<', a).orWhere((x) => x.where(first, '=', a).andWhere(second, '<', b));
  });
}

/** Query-string field of a scoped paginated list's cursor. */
export const CURSOR_PARAM = { type: 'string' as const, pattern: '^[A-Za-z0-9_-]{1,400}$', description: 'nextCursor of the previous page' };

/**
 * What a list route passes on from its query string: the page size (`limit`, default and maximum),
 * the cursor, the caller's scope, and the filters among `filters` that are set.
 */
export async function listQueryOf<K extends string>(
  query: Record<string, string | undefined>,
  auth: Pick<AuthContext, 'reach' | 'principal' | 'reports'>,
  page: { limit: number; max: number },
  filters: readonly K[],
): Promise<{ limit: number; cursor?: string; scope: ListScope | null } & Partial<Record<K, string>>> {
  const out: Record<string, unknown> = { limit: Math.min(Math.max(Number(query.limit ?? page.limit), 1), page.max), scope: await listScopeOf(auth) };
  for (const key of ['cursor', ...filters]) if (query[key]) out[key] = query[key];
  return out as { limit: number; cursor?: string; scope: ListScope | null } & Partial<Record<K, string>>;
}
