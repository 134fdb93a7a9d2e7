import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRow, insertRows, nextAutoincrementId, selectIn, updateWhere } from './fast-sql.js';
import { sqliteTransaction } from './sqlite-transaction.js';
import { isUniqueViolation } from './json.js';
import { createConnection } from 'mysql2/promise';
import { parseDbUrl } from '../config.js';
import { openDatabase, type Database } from './orm.js';

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coachflow-fastsql-'));
  db = await openDatabase({ driver: 'sqlite', path: join(dir, 'db.sqlite') });
  await db.knex.raw('create table t (id integer primary key autoincrement, k text unique, flag integer, at bigint, note text)');
});

afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('fast-sql', () => {
  it('inserts and updates inside an SQLite transaction on its connection, binding like knex, and reports each statement', async () => {
    const seen: string[] = [];
    const at = new Date(1_700_000_000_000);
    const ids = await db.knex.transaction(async (trx) => {
      trx.on('query', (q: { sql: string }) => seen.push(q.sql));
      const a = await insertRow(trx, 't', { k: 'a', flag: true, at, note: undefined });
      const b = await insertRow(trx, 't', { k: 'b', flag: false, at: 5, note: 'x' });
      await insertRows(trx, 't', [{ k: 'c', flag: null, at: 1, note: null }, { k: 'd', flag: 1, at: 2, note: 'y' }]);
      expect(await updateWhere(trx, 't', 'id', b, { note: 'changed', flag: true })).toBe(1);
      expect(await updateWhere(trx, 't', 'id', 999, { note: 'nobody' })).toBe(0);
      return [a, b];
    });
    expect(ids[1]).toBe((ids[0] as number) + 1);
    const rows = (await db.knex('t').orderBy('id').select('k', 'flag', 'at', 'note')) as Array<Record<string, unknown>>;
    expect(rows).toEqual([
      { k: 'a', flag: 1, at: 1_700_000_000_000, note: null },
      { k: 'b', flag: 1, at: 5, note: 'changed' },
      { k: 'c', flag: null, at: 1, note: null },
      { k: 'd', flag: 1, at: 2, note: 'y' },
    ]);
    expect(seen.filter((s) => /^insert into `t`/.test(s))).toHaveLength(3);
    expect(seen).toContain('insert into `t` (`k`, `flag`, `at`, `note`) values (?, ?, ?, ?), (?, ?, ?, ?)');
    expect(seen.filter((s) => /^update `t` set `note` = \?, `flag` = \? where `id` = \?$/.test(s))).toHaveLength(1);
    expect(seen.filter((s) => /^update `t` set `note` = \? where `id` = \?$/.test(s))).toHaveLength(1);
  });

  it('rolls back with the transaction and raises unique violations the engine recognises', async () => {
    let error: unknown;
    await db.knex
      .transaction(async (trx) => {
        await insertRow(trx, 't', { k: 'rolled', flag: 0, at: 0 });
        await insertRow(trx, 't', { k: 'a', flag: 0, at: 0 });
      })
      .catch((e) => (error = e));
    expect(isUniqueViolation(error)).toBe(true);
    expect(await db.knex('t').where({ k: 'rolled' }).first()).toBeUndefined();
  });

  it('inserts rows whose columns differ through knex, like a knex multi-row insert', async () => {
    await db.knex.transaction((trx) => insertRows(trx, 't', [{ k: 'm1', flag: 1 }, { at: 9, k: 'm2' }]));
    expect(await db.knex('t').whereIn('k', ['m1', 'm2']).orderBy('k').select('k', 'flag', 'at')).toEqual([{ k: 'm1', flag: 1, at: null }, { k: 'm2', flag: null, at: 9 }]);
  });

  it('goes through knex outside a transaction', async () => {
    const id = await insertRow(db.knex, 't', { k: 'plain', flag: 1, at: 3 });
    expect(await updateWhere(db.knex, 't', 'id', id, { note: 'via knex' })).toBe(1);
    expect(await db.knex('t').where({ id }).first('note')).toEqual({ note: 'via knex' });
  });

  it('tells the id SQLite gives the next row of an autoincrement table, also after the newest rows were deleted', async () => {
    await db.knex.raw('create table seqd (id integer primary key autoincrement, v text)');
    // Empty and never used: 1, as SQLite would give.
    expect(await sqliteTransaction(db.knex, (trx) => nextAutoincrementId(trx, 'seqd'))).toBe(1);
    for (const v of ['a', 'b', 'c']) await db.knex('seqd').insert({ v });
    await db.knex('seqd').where('id', '>=', 2).delete(); // max(id) 1, sqlite_sequence 3: SQLite never reuses 2 or 3
    const taken = await db.knex.transaction(async (trx) => {
      const id = await nextAutoincrementId(trx, 'seqd');
      await insertRow(trx, 'seqd', { id, v: 'explicit' });
      return id;
    });
    expect(taken).toBe(4);
    // SQLite's own next id follows the explicit one (its sequence moved with it).
    expect(await insertRow(db.knex, 'seqd', { v: 'automatic' })).toBe(5);
    await expect(nextAutoincrementId(db.knex, 'seqd')).rejects.toThrow(/transaction on the embedded database/);
  });

  it('refuses identifiers that are not plain names', async () => {
    await expect(db.knex.transaction((trx) => insertRow(trx, 't; drop table t', { k: 'x' }))).rejects.toThrow(/unsafe identifier/);
  });

  it('selects by a list of values on the transaction connection, in lists of 500, as knex would answer', async () => {
    const keys = Array.from({ length: 1203 }, (_, i) => `s${i}`);
    await db.knex.transaction((trx) => insertRows(trx, 't', keys.map((k, i) => ({ k, flag: i % 2, at: i, note: null }))));
    const wanted = [...keys.filter((_, i) => i % 2 === 0), 'nobody'];
    const seen: string[] = [];
    const [fast, all] = await db.knex.transaction(async (trx) => {
      trx.on('query', (q: { sql: string }) => seen.push(q.sql));
      return [await selectIn(trx, 't', 'k', wanted, ['k', 'at']), await selectIn(trx, 't', 'k', ['s1', 's3'])];
    });
    const viaKnex = await selectIn(db.knex, 't', 'k', wanted, ['k', 'at']);
    const byKey = (rows: Array<Record<string, unknown>>) => [...rows].sort((a, b) => Number(a.at) - Number(b.at));
    expect(fast).toHaveLength(602);
    expect(byKey(fast)).toEqual(byKey(viaKnex));
    expect(byKey(fast)[1]).toEqual({ k: 's2', at: 2 });
    expect(byKey(all).map((r) => [r.k, r.flag, r.note])).toEqual([['s1', 1, null], ['s3', 1, null]]);
    expect(seen.filter((s) => s.startsWith('select `k`, `at` from `t` where `k` in ('))).toHaveLength(2);
    expect(seen).toContain('select * from `t` where `k` in (?, ?)');
    expect(await selectIn(db.knex, 't', 'k', [])).toEqual([]);
  });
});

const MYSQL_URL = process.env.COACHFLOW_TEST_MYSQL_URL;

/** The same calls inside a MariaDB transaction run on the transaction's mysql2 connection (the test command always sets COACHFLOW_TEST_MYSQL_URL). */
if (MYSQL_URL) describe('fast-sql on MariaDB', () => {
  const dbName = `cf_fastsql_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  let my: Database;
  beforeAll(async () => {
    const conn = await createConnection(MYSQL_URL as string);
    await conn.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4`);
    await conn.end();
    my = await openDatabase(parseDbUrl(`${MYSQL_URL}/${dbName}`, tmpdir()));
    await my.knex.raw('create table t (id int auto_increment primary key, k varchar(50) unique, flag tinyint null, at bigint null, note text null)');
  });
  afterAll(async () => {
    await my?.close();
    const conn = await createConnection(MYSQL_URL as string);
    await conn.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
    await conn.end();
  });

  it('inserts, updates and selects on the transaction connection, reports each statement, answers like knex', async () => {
    const seen: string[] = [];
    const viaKnex: string[] = []; // knex stamps the queries it runs itself
    const [a, b, rows] = await my.knex.transaction(async (trx) => {
      trx.on('query', (q: { sql: string; __knexQueryUid?: string }) => {
        seen.push(q.sql);
        if (q.__knexQueryUid) viaKnex.push(q.sql);
      });
      const a = await insertRow(trx, 't', { k: 'a', flag: true, at: 1_700_000_000_000, note: undefined });
      const b = await insertRow(trx, 't', { k: 'b', flag: false, at: 5, note: 'x' });
      await insertRows(trx, 't', Array.from({ length: 150 }, (_, i) => ({ k: `r${i}`, flag: i % 2, at: i, note: null })));
      expect(await updateWhere(trx, 't', 'id', b, { note: 'changed', flag: true })).toBe(1);
      expect(await updateWhere(trx, 't', 'id', 99_999, { note: 'nobody' })).toBe(0);
      return [a, b, await selectIn(trx, 't', 'k', ['a', 'b', 'r149', 'nobody'], ['k', 'flag', 'at', 'note'])];
    });
    expect(b).toBe(a + 1);
    const byK = Object.fromEntries((rows as Array<Record<string, unknown>>).map((r) => [r.k, { ...r }]));
    expect(byK).toEqual({
      a: { k: 'a', flag: 1, at: 1_700_000_000_000, note: null },
      b: { k: 'b', flag: 1, at: 5, note: 'changed' },
      r149: { k: 'r149', flag: 1, at: 149, note: null },
    });
    expect(await my.knex('t').count({ n: '*' }).first()).toEqual({ n: 152 });
    expect(seen.filter((q) => q.startsWith('insert into `t` (`k`, `flag`, `at`, `note`) values (?, ?, ?, ?), ')).length).toBe(2);
    expect(seen).toContain('select `k`, `flag`, `at`, `note` from `t` where `k` in (?, ?, ?, ?)');
    expect(viaKnex).toEqual([]); // all on the connection, none built and run by knex
  });

  it('rolls back with the transaction and raises unique violations the engine recognises', async () => {
    let error: unknown;
    await my.knex
      .transaction(async (trx) => {
        await insertRow(trx, 't', { k: 'rolled', flag: 0, at: 0 });
        await insertRow(trx, 't', { k: 'a', flag: 0, at: 0 });
      })
      .catch((e) => (error = e));
    expect(isUniqueViolation(error)).toBe(true);
    expect(await my.knex('t').where({ k: 'rolled' }).first()).toBeUndefined();
  });
});
