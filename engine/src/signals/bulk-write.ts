/**
 * Multi-row upserts as one `INSERT … VALUES (…), (…)` per chunk, for SQLite (`ON CONFLICT … DO
 * UPDATE`) and MySQL/MariaDB (`ON DUPLICATE KEY UPDATE`). Knex's own multi-row insert on SQLite
 * builds a compound SELECT, which is slower and capped at 500 rows.
 *
 * Inside an SQLite transaction the statements skip knex altogether: a fixed-size multi-row
 * statement (SQLITE_ROWS_PER_STATEMENT rows) and a single-row one, each prepared once per
 * connection (persistence/sqlite-statements.ts), run on the transaction's connection. The SQL text
 * therefore never depends on the batch size (knex.raw with a new 2,000-row text per batch size and
 * knex's binding formatter over every value were a sixth of the KPI import's CPU). Elsewhere
 * (MySQL, or not in a transaction) the chunks go through knex.raw.
 */
import type { Knex } from '@mikro-orm/mysql';
import { preparedStatement } from '../persistence/sqlite-statements.js';

/** Bound parameters per statement (SQLite allows 32 766). */
const MAX_PARAMS = 30_000;
/** Rows per multi-row statement on the direct SQLite path (the rest go one by one). */
export const SQLITE_ROWS_PER_STATEMENT = 100;

type Connection = Parameters<typeof preparedStatement>[0];

/** What the direct path needs of a knex transaction's client (knex's own type does not list it). */
type TrxClient = { transacting?: boolean; dialect?: string; acquireConnection(): Promise<Connection>; emit(event: string, payload: unknown): boolean };

const bindValue = (v: unknown): unknown => (v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v);

/** The raw connection of an SQLite transaction, or null (MySQL, or not inside a transaction). */
async function sqliteTransaction(db: Knex): Promise<{ client: TrxClient; connection: Connection } | null> {
  const client = (db as unknown as { client?: TrxClient }).client;
  if (!client?.transacting || client.dialect !== 'sqlite3') return null;
  const connection = await client.acquireConnection();
  return typeof connection?.prepare === 'function' ? { client, connection } : null;
}

export async function bulkUpsert(
  db: Knex,
  driver: 'sqlite' | 'mysql',
  table: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly unknown[]>,
  conflict: readonly string[],
  update: readonly string[],
  maxRows = 2000,
): Promise<void> {
  if (rows.length === 0) return;
  const q = (name: string) => `\`${name}\``;
  const tuple = `(${columns.map(() => '?').join(',')})`;
  const head = `insert into ${q(table)} (${columns.map(q).join(',')}) values `;
  const tail =
    driver === 'sqlite'
      ? ` on conflict (${conflict.map(q).join(',')}) do ${update.length ? `update set ${update.map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')}` : 'nothing'}`
      : update.length
        ? ` on duplicate key update ${update.map((c) => `${q(c)} = values(${q(c)})`).join(', ')}`
        : ` on duplicate key update ${q(conflict[0] as string)} = ${q(conflict[0] as string)}`;
  const sqlOf = (n: number) => head + new Array(n).fill(tuple).join(',') + tail;
  const bindingsOf = (chunk: ReadonlyArray<readonly unknown[]>): unknown[] => {
    const bindings: unknown[] = [];
    for (const r of chunk) for (let c = 0; c < columns.length; c++) bindings.push(bindValue(r[c]));
    return bindings;
  };

  const direct = driver === 'sqlite' ? await sqliteTransaction(db) : null;
  if (direct) {
    const per = Math.max(1, Math.min(SQLITE_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMS / columns.length)));
    const full = rows.length - (rows.length % per);
    if (full > 0) {
      const sql = sqlOf(per);
      const statement = preparedStatement(direct.connection, sql);
      direct.client.emit('query', { sql, bindings: [], method: 'insert', rows: full });
      for (let i = 0; i < full; i += per) statement.run(bindingsOf(rows.slice(i, i + per)));
    }
    if (full < rows.length) {
      const sql = sqlOf(1);
      const statement = preparedStatement(direct.connection, sql);
      direct.client.emit('query', { sql, bindings: [], method: 'insert', rows: rows.length - full });
      for (let i = full; i < rows.length; i++) statement.run(bindingsOf([rows[i] as readonly unknown[]]));
    }
    return;
  }

  const per = Math.max(1, Math.min(maxRows, Math.floor(MAX_PARAMS / columns.length)));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    await db.raw(sqlOf(chunk.length), bindingsOf(chunk) as Knex.RawBinding[]);
  }
}
