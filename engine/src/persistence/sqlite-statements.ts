/**
 * Prepared-statement cache for the embedded database. knex's better-sqlite3 dialect prepares a new
 * statement for every query (`connection.prepare(sql)`), which was 14 % of the API's CPU on the
 * event → run path (engine/docs/performance.md). The engine's statements repeat with different
 * bindings, so the statements are kept per connection, keyed by their SQL text, in a small LRU.
 *
 * Safe to reuse: `all()` and `run()` finish synchronously (a statement is only "busy" while an
 * iterator is open, which knex never does), SQLite re-prepares a statement itself after a schema
 * change, and statements are per connection (a transaction's queries run on its connection, so a
 * cached statement takes part in the transaction like a fresh one). Queries that ask for
 * `safeIntegers` keep the uncached path (that option is a sticky flag on the statement).
 */
import type { Knex } from '@mikro-orm/mysql';

interface Statement {
  reader: boolean;
  all(bindings: unknown[]): unknown;
  run(bindings: unknown[]): { lastInsertRowid: number | bigint; changes: number };
}

interface Connection {
  prepare(sql: string): Statement;
}

interface QueryObject {
  sql?: string;
  bindings?: unknown[];
  options?: unknown;
  response?: unknown;
  context?: unknown;
}

interface DialectPrototype {
  _query(connection: Connection, obj: QueryObject): Promise<QueryObject>;
  _formatBindings(bindings: unknown[] | undefined): unknown[];
  _optSafeIntegers(options: unknown): boolean | undefined;
  [PATCHED]?: true;
}

/** Statements per connection; beyond this the least recently used one is dropped. */
export const STATEMENT_CACHE_SIZE = 256;
/**
 * Total SQL text kept per connection: a compiled statement's memory grows with its text, and bulk
 * inserts (thousands of rows per statement) are worth caching only while they repeat, so the
 * least recently used statements are dropped beyond this budget too. A statement longer than the
 * whole budget is never cached.
 */
export const STATEMENT_CACHE_CHARS = 1024 * 1024;
const PATCHED = Symbol.for('coachflow.sqliteStatementCache');

interface Entry {
  statement: Statement;
  /** The cache's clock at the last use (least recently used = smallest). */
  used: number;
}

interface Cache {
  statements: Map<string, Entry>;
  chars: number;
  clock: number;
}

const caches = new WeakMap<Connection, Cache>();

/**
 * The cached statement for `sql` on `connection` (prepared on first use). A hit only stamps the
 * entry with the cache's clock — no Map delete and set per statement (every statement of the hot
 * path is a hit; the re-insertion churned the Map's table); the least recently used entries are
 * found by a scan, on the rare insert beyond the bounds.
 */
export function preparedStatement(connection: Connection, sql: string): Statement {
  let cache = caches.get(connection);
  if (!cache) caches.set(connection, (cache = { statements: new Map(), chars: 0, clock: 0 }));
  const { statements } = cache;
  const hit = statements.get(sql);
  if (hit) {
    hit.used = ++cache.clock;
    return hit.statement;
  }
  const statement = connection.prepare(sql);
  if (sql.length <= STATEMENT_CACHE_CHARS) {
    statements.set(sql, { statement, used: ++cache.clock });
    cache.chars += sql.length;
    while (statements.size > STATEMENT_CACHE_SIZE || cache.chars > STATEMENT_CACHE_CHARS) {
      let oldest: string | null = null;
      let oldestUse = Infinity;
      for (const [key, entry] of statements) {
        if (entry.used < oldestUse) {
          oldestUse = entry.used;
          oldest = key;
        }
      }
      if (oldest === null) break;
      statements.delete(oldest);
      cache.chars -= oldest.length;
    }
  }
  return statement;
}

/** How many statements are cached for a connection (tests). */
export function cachedStatementCount(connection: object): number {
  return caches.get(connection as Connection)?.statements.size ?? 0;
}

/**
 * Makes the knex client of an SQLite database (and the transaction clients knex derives from its
 * prototype) reuse prepared statements. Idempotent; a no-op for other dialects.
 */
export function useStatementCache(knex: Knex): void {
  const proto = Object.getPrototypeOf((knex as unknown as { client: object }).client) as DialectPrototype;
  if (proto[PATCHED] || typeof proto._query !== 'function' || typeof proto._formatBindings !== 'function') return;
  const uncached = proto._query;
  proto._query = async function (this: DialectPrototype, connection: Connection, obj: QueryObject): Promise<QueryObject> {
    if (!obj.sql || !connection || typeof connection.prepare !== 'function' || this._optSafeIntegers(obj.options) !== undefined) {
      return uncached.call(this, connection, obj);
    }
    const statement = preparedStatement(connection, obj.sql);
    const bindings = this._formatBindings(obj.bindings);
    if (statement.reader) {
      obj.response = statement.all(bindings);
      return obj;
    }
    const response = statement.run(bindings);
    obj.response = response;
    obj.context = { lastID: response.lastInsertRowid, changes: response.changes };
    return obj;
  };
  proto[PATCHED] = true;
}
