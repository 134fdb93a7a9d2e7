/**
 * A transaction on the embedded database without knex's transaction object, for the event → run
 * hot path (one transaction per group-commit batch).
 *
 * `knex.transaction` builds a complete knex instance per transaction (`makeKnex`: some 150 bound
 * methods, event forwarding) — about 3 % of the API's CPU on the reference workflow, and worse for
 * the garbage collector: those objects end up in the old generation, and everything the batch
 * references from them (events, run states, steps) is kept alive through the scavenges with them
 * and promoted too. A batch of one event left ≈ 24 KB of old-generation garbage, a batch of ten
 * ≈ 4 KB per event (`bench/ingest-cpu.ts` under `--trace-gc`; engine/docs/performance.md), and
 * the mark-compacts that collect it are the longest pauses of the API.
 *
 * Here the pool's connection is taken exactly as knex's transaction takes it (other queries wait
 * in the pool until it is released), `BEGIN` / `COMMIT` / `ROLLBACK` run on it directly, and the
 * work gets a small handle that behaves as a transaction for the engine's code: `handle(table)` is
 * a knex query builder bound to the connection (`.connection()`), `handle.client` says
 * `transacting` and hands out that connection (persistence/fast-sql.ts runs its statements on it),
 * `handle.raw(sql, bindings)` runs a reading statement (e.g. a PRAGMA) and answers its rows as
 * knex's SQLite dialect does, `handle.transaction(work)` runs `work` in a savepoint (undone alone
 * when it throws, as knex's nested transactions). Anything else a transaction has (writing raw
 * statements, …) is deliberately absent: code that needs it fails, the transaction is rolled back,
 * and the caller's fallback (e.g. each event in its own `knex.transaction`) takes over.
 */
import type { Knex } from '@mikro-orm/mysql';
import { retryingConflicts } from './transactions.js';
import { preparedStatement } from './sqlite-statements.js';

interface SqliteConnection {
  exec(sql: string): unknown;
  readonly inTransaction: boolean;
  prepare(sql: string): unknown;
}

interface PoolClient {
  dialect?: string;
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
  emit(event: string, payload: unknown): boolean;
}

/** Whether `knex` runs on the embedded database (better-sqlite3), i.e. {@link sqliteTransaction} applies. */
export function isSqlite(knex: Knex): boolean {
  return (knex as unknown as { client?: PoolClient }).client?.dialect === 'sqlite3';
}

function handleFor(knex: Knex, client: PoolClient, connection: SqliteConnection): Knex {
  const bound = Object.create(client, {
    transacting: { value: true },
    acquireConnection: { value: () => Promise.resolve(connection) },
    releaseConnection: { value: () => Promise.resolve() },
  }) as PoolClient;
  const handle = ((table: string) => knex(table).connection(connection)) as unknown as Knex & { client: PoolClient };
  Object.defineProperty(handle, 'client', { value: bound });
  let savepoints = 0;
  Object.defineProperty(handle, 'transaction', {
    // A nested transaction is a savepoint, as in knex: its work is undone alone when it throws.
    value: async <T>(work: (trx: Knex) => Promise<T>): Promise<T> => {
      const name = `cf_sp_${++savepoints}`;
      statement(client, connection, `SAVEPOINT ${name}`);
      try {
        const result = await work(handle);
        statement(client, connection, `RELEASE ${name}`);
        return result;
      } catch (e) {
        if (connection.inTransaction) {
          statement(client, connection, `ROLLBACK TO ${name}`);
          statement(client, connection, `RELEASE ${name}`);
        }
        throw e;
      }
    },
  });
  Object.defineProperty(handle, 'raw', {
    value: async (sql: string, bindings: unknown[] = []): Promise<unknown[]> => {
      const statement = preparedStatement(connection as unknown as Parameters<typeof preparedStatement>[0], sql);
      if (!statement.reader) throw new TypeError('the embedded transaction handle runs reading raw statements only');
      client.emit('query', { sql, bindings, method: 'raw' });
      return statement.all(bindings) as unknown[];
    },
  });
  return handle;
}

function statement(client: PoolClient, connection: SqliteConnection, sql: string): void {
  client.emit('query', { sql, bindings: [], method: sql.toLowerCase() });
  connection.exec(sql);
}

/**
 * Runs `work` in a transaction of the embedded database (see the file's comment). Commits when
 * `work` resolves, rolls back and rethrows when it rejects or the commit fails.
 */
export async function sqliteTransaction<T>(knex: Knex, work: (trx: Knex) => Promise<T>): Promise<T> {
  const client = (knex as unknown as { client: PoolClient }).client;
  const connection = (await client.acquireConnection()) as SqliteConnection;
  try {
    statement(client, connection, 'BEGIN');
    try {
      const result = await work(handleFor(knex, client, connection));
      statement(client, connection, 'COMMIT');
      return result;
    } catch (e) {
      if (connection.inTransaction) statement(client, connection, 'ROLLBACK');
      throw e;
    }
  } finally {
    await client.releaseConnection(connection);
  }
}

/**
 * {@link sqliteTransaction} retried a few times with a short back-off when SQLite reports the
 * database busy (another process writing), as `transactionWithRetry` does with `knex.transaction`.
 */
export function sqliteTransactionWithRetry<T>(knex: Knex, work: (trx: Knex) => Promise<T>, attempts = 8): Promise<T> {
  return retryingConflicts(() => sqliteTransaction(knex, work), attempts);
}
