import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './orm.js';
import { cachedStatementCount, preparedStatement, STATEMENT_CACHE_CHARS, STATEMENT_CACHE_SIZE } from './sqlite-statements.js';

let dir: string;
let db: Database;
let connection: object;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coachflow-stmt-'));
  db = await openDatabase({ driver: 'sqlite', path: join(dir, 'db.sqlite') });
  await db.knex.raw('create table t (id integer primary key autoincrement, v text)');
  connection = await (db.knex.client as unknown as { acquireConnection(): Promise<object> }).acquireConnection();
  await (db.knex.client as unknown as { releaseConnection(c: object): Promise<void> }).releaseConnection(connection);
});

afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('SQLite prepared-statement cache', () => {
  it('prepares a repeated query once and still binds, inserts and returns ids', async () => {
    const before = cachedStatementCount(connection);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(Number((await db.knex('t').insert({ v: `x${i}` }))[0]));
    expect(ids).toEqual([ids[0], (ids[0] as number) + 1, (ids[0] as number) + 2, (ids[0] as number) + 3, (ids[0] as number) + 4]);
    for (let i = 0; i < 5; i++) expect(await db.knex('t').where({ id: ids[i] }).first('v')).toEqual({ v: `x${i}` });
    expect(cachedStatementCount(connection) - before).toBe(2); // one insert, one select
    expect(await db.knex('t').where({ v: 'x1' }).update({ v: 'y1' })).toBe(1);
  });

  it('cached statements take part in transactions (rolled back with them)', async () => {
    await db.knex('t').insert({ v: 'kept' });
    await expect(
      db.knex.transaction(async (trx) => {
        await trx('t').insert({ v: 'gone' });
        expect(await trx('t').where({ v: 'gone' }).first('v')).toEqual({ v: 'gone' });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await db.knex('t').where({ v: 'gone' }).first('v')).toBeUndefined();
    expect(await db.knex('t').where({ v: 'kept' }).first('v')).toEqual({ v: 'kept' });
  });

  it('keeps a query correct after the schema changes under a cached statement', async () => {
    await db.knex('t').select('*').limit(1);
    await db.knex.raw('alter table t add column w text');
    const [row] = (await db.knex('t').select('*').limit(1)) as Array<Record<string, unknown>>;
    expect(Object.keys(row ?? {})).toContain('w');
  });

  it('bounds the cache, dropping the least recently used statement', () => {
    const conn = connection as Parameters<typeof preparedStatement>[0];
    const hot = preparedStatement(conn, 'select 0 as hot');
    const evicted = preparedStatement(conn, 'select 1 as n');
    for (let i = 2; i <= STATEMENT_CACHE_SIZE + 10; i++) {
      preparedStatement(conn, `select ${i} as n`);
      if (i % 50 === 0) preparedStatement(conn, 'select 0 as hot');
    }
    expect(cachedStatementCount(connection)).toBe(STATEMENT_CACHE_SIZE);
    expect(preparedStatement(conn, 'select 0 as hot')).toBe(hot);
    expect(preparedStatement(conn, 'select 1 as n')).not.toBe(evicted);
  });

  it('bounds the SQL text it keeps: long statements push out the oldest, and one longer than the budget is not kept', () => {
    const conn = connection as Parameters<typeof preparedStatement>[0];
    const long = (i: number): string => `select ${i} as n where 1 in (${Array.from({ length: Math.floor(STATEMENT_CACHE_CHARS / 8) }, () => '1').join(',')})`;
    const first = preparedStatement(conn, long(1));
    preparedStatement(conn, long(2));
    preparedStatement(conn, long(3));
    preparedStatement(conn, long(4));
    preparedStatement(conn, long(5));
    expect(cachedStatementCount(connection)).toBeLessThan(STATEMENT_CACHE_SIZE);
    expect(preparedStatement(conn, long(5))).toBe(preparedStatement(conn, long(5)));
    expect(preparedStatement(conn, long(1))).not.toBe(first);
    const huge = `select 1 as n where 1 in (${Array.from({ length: STATEMENT_CACHE_CHARS / 2 + 10 }, () => '1').join(',')})`;
    expect(preparedStatement(conn, huge)).not.toBe(preparedStatement(conn, huge));
  });
});
