/**
 * The few statements of the event → run hot path (writes: event, run, steps, task, the run's new
 * state; reads: stored idempotency keys, the people named, the workflow's guard row) without
 * knex's query building when they run inside a transaction: the SQL text is built once per table and
 * column set and run directly on the transaction's connection — on SQLite as a statement prepared
 * once per connection (sqlite-statements.ts), on MySQL with mysql2's `query` (what knex's MySQL
 * dialect calls, with the connection's own settings). Outside a transaction the same call goes
 * through knex. Values are bound as knex binds them for SQLite (Date → epoch ms, boolean → 0/1,
 * undefined → null). A `query` event is still emitted for each statement (SQL traces, tests).
 */
import type { Knex } from '@mikro-orm/mysql';
import { insertedId } from './json.js';
import { preparedStatement } from './sqlite-statements.js';

type Row = Record<string, unknown>;
type Connection = Parameters<typeof preparedStatement>[0];

interface TrxClient {
  transacting?: boolean;
  dialect?: string;
  acquireConnection(): Promise<Connection>;
  emit(event: string, payload: unknown): boolean;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/i;

interface Text {
  kind: 'insert' | 'update' | 'select';
  columns: string[];
  extra: string;
  rows: number;
  sql: string;
}
/** Statement texts per table: a table has a handful of shapes, found by comparing without building a key string. */
const texts = new Map<string, Text[]>();
let textCount = 0;

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function quote(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`fast-sql: unsafe identifier ${JSON.stringify(name)}`);
  return `\`${name}\``;
}

/**
 * `insert` of `rows` rows (one statement text per row count), `update … where <extra> = ?`, or
 * `select <columns> from … where <extra> in (?, …)` with `rows` values.
 */
function sqlFor(kind: 'insert' | 'update' | 'select', table: string, columns: string[], extra = '', rows = 1): string {
  let list = texts.get(table);
  if (list) {
    for (const t of list) if (t.kind === kind && t.rows === rows && t.extra === extra && sameColumns(t.columns, columns)) return t.sql;
  }
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const sql = kind === 'insert'
    ? `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${Array.from({ length: rows }, () => tuple).join(', ')}`
    : kind === 'update'
      ? `update ${quote(table)} set ${columns.map((c) => `${quote(c)} = ?`).join(', ')} where ${quote(extra)} = ?`
      : `select ${columns.length ? columns.map(quote).join(', ') : '*'} from ${quote(table)} where ${quote(extra)} in (${Array.from({ length: rows }, () => '?').join(', ')})`;
  if (textCount >= 1000) {
    texts.clear();
    textCount = 0;
    list = undefined;
  }
  if (!list) texts.set(table, (list = []));
  list.push({ kind, columns: [...columns], extra, rows, sql });
  textCount++;
  return sql;
}

function bind(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.valueOf();
  if (typeof value === 'boolean') return Number(value);
  return value;
}

interface MysqlConnection {
  query(options: { sql: string }, bindings: unknown[], callback: (err: Error | null, result: unknown) => void): void;
}

type Target = { kind: 'sqlite'; client: TrxClient; connection: Connection } | { kind: 'mysql'; client: TrxClient; connection: MysqlConnection };

/** The connection of the transaction `db` is (SQLite or MySQL), or null (not in a transaction). */
async function trxTarget(db: Knex): Promise<Target | null> {
  const client = (db as unknown as { client?: TrxClient }).client;
  if (!client?.transacting) return null;
  if (client.dialect === 'sqlite3') {
    const connection = await client.acquireConnection();
    return typeof connection?.prepare === 'function' ? { kind: 'sqlite', client, connection } : null;
  }
  if (client.dialect === 'mysql') {
    const connection = (await client.acquireConnection()) as unknown as MysqlConnection;
    return typeof connection?.query === 'function' ? { kind: 'mysql', client, connection } : null;
  }
  return null;
}

function mysqlQuery(connection: MysqlConnection, sql: string, bindings: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => connection.query({ sql }, bindings, (err, result) => (err ? reject(err) : resolve(result))));
}

/** Runs a write; its new row id (inserts) and how many rows it changed (MySQL: matched, as through knex). */
async function run(target: Target, sql: string, bindings: unknown[]): Promise<{ lastInsertRowid: number | bigint; changes: number }> {
  target.client.emit('query', { sql, bindings, method: sql.slice(0, 6) });
  if (target.kind === 'sqlite') return preparedStatement(target.connection, sql).run(bindings);
  const r = (await mysqlQuery(target.connection, sql, bindings)) as { insertId: number; affectedRows: number };
  return { lastInsertRowid: r.insertId, changes: r.affectedRows };
}

/** Runs a read; its rows. */
async function read(target: Target, sql: string, bindings: unknown[]): Promise<Row[]> {
  target.client.emit('query', { sql, bindings, method: 'select' });
  if (target.kind === 'sqlite') return preparedStatement(target.connection, sql).all(bindings) as Row[];
  return (await mysqlQuery(target.connection, sql, bindings)) as Row[];
}

/** Values per `in (…)` list of {@link selectIn} (one statement text per list length up to this). */
const VALUES_PER_SELECT = 500;

/**
 * Rows of `table` whose `column` is one of `values` (`columns`: the columns to read, empty for all),
 * in lists of at most 500; through knex outside a transaction. No values, no query.
 */
export async function selectIn(db: Knex, table: string, column: string, values: readonly unknown[], columns: string[] = []): Promise<Row[]> {
  if (values.length === 0) return [];
  const target = await trxTarget(db);
  const out: Row[] = [];
  for (let i = 0; i < values.length; i += VALUES_PER_SELECT) {
    const chunk = values.slice(i, i + VALUES_PER_SELECT);
    if (!target) {
      const q = db(table).whereIn(column, chunk as readonly string[]);
      out.push(...((await (columns.length ? q.select(columns) : q)) as Row[]));
      continue;
    }
    out.push(...(await read(target, sqlFor('select', table, columns, column, chunk.length), chunk.map(bind))));
  }
  return out;
}

/** Inserts one row; returns its id. */
export async function insertRow(db: Knex, table: string, row: Row): Promise<number> {
  const target = await trxTarget(db);
  if (!target) return insertedId(await db(table).insert(row));
  const columns = Object.keys(row);
  return Number((await run(target, sqlFor('insert', table, columns), columns.map((c) => bind(row[c])))).lastInsertRowid);
}

/** Rows per multi-row insert on SQLite (well below its 32,766 bound variables for tables of ≤ 100 columns). */
export const ROWS_PER_INSERT = 100;

/** Inserts rows as multi-row inserts (through knex when the rows do not all have the same columns in the same order). */
export async function insertRows(db: Knex, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as Row);
  const sameColumns = rows.every((r) => {
    const keys = Object.keys(r);
    return keys.length === columns.length && keys.every((c, i) => c === columns[i]);
  });
  const target = sameColumns ? await trxTarget(db) : null;
  if (!target) {
    await db(table).insert(rows);
    return;
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    const bindings: unknown[] = [];
    for (const row of chunk) for (const c of columns) bindings.push(bind(row[c]));
    await run(target, sqlFor('insert', table, columns, '', chunk.length), bindings);
  }
}

/** Updates the row whose `key` column equals `id`; returns the number of rows changed. */
export async function updateWhere(db: Knex, table: string, key: string, id: number | string, patch: Row): Promise<number> {
  const target = await trxTarget(db);
  if (!target) return Number(await db(table).where({ [key]: id }).update(patch));
  const columns = Object.keys(patch);
  return (await run(target, sqlFor('update', table, columns, key), [...columns.map((c) => bind(patch[c])), id])).changes;
}

/**
 * The id SQLite would give the next row of `table` (an `integer primary key autoincrement`): the
 * larger of its `sqlite_sequence` entry and the largest id stored, plus one — SQLite's own rule.
 * Only inside a transaction on the embedded database (anything else throws): inserting the row with
 * that id, later in the same transaction, then takes the number SQLite would have taken, and nobody
 * else can write in between. The event → run path uses it to store a run once, with its final
 * state, instead of inserting it empty and updating it after the core ran (engine/docs/performance.md).
 */
export async function nextAutoincrementId(db: Knex, table: string): Promise<number> {
  const target = await trxTarget(db);
  if (target?.kind !== 'sqlite') throw new Error('fast-sql: nextAutoincrementId needs a transaction on the embedded database');
  const name = quote(table);
  const sql = `select max(coalesce((select seq from sqlite_sequence where name = ?), 0), coalesce((select max(id) from ${name}), 0)) + 1 as id`;
  const rows = await read(target, sql, [table]);
  return Number(rows[0]?.id);
}
