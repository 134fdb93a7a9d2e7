import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertRow, selectIn } from './fast-sql.js';
import { openDatabase, type Database } from './orm.js';
import { isSqlite, sqliteTransaction, sqliteTransactionWithRetry } from './sqlite-transaction.js';

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coachflow-sqlite-trx-'));
  db = await openDatabase({ driver: 'sqlite', path: join(dir, 'db.sqlite') });
  await db.knex.raw('create table t (id integer primary key autoincrement, k text unique, note text)');
});

afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const keys = async (): Promise<string[]> => ((await db.knex('t').orderBy('id').select('k')) as Array<{ k: string }>).map((r) => r.k);

describe('sqliteTransaction', () => {
  it('applies to the embedded database only', () => {
    expect(isSqlite(db.knex)).toBe(true);
  });

  it('commits what the builder handle and fast-sql wrote, and reports BEGIN and COMMIT as queries', async () => {
    const seen: string[] = [];
    const listener = (q: { sql: string }): void => void seen.push(q.sql);
    db.knex.on('query', listener);
    const id = await sqliteTransaction(db.knex, async (trx) => {
      await trx('t').insert({ k: 'a', note: 'builder' });
      const b = await insertRow(trx, 't', { k: 'b', note: 'fast-sql' });
      // Reads inside see the transaction's own writes.
      expect((await selectIn(trx, 't', 'k', ['a', 'b'], ['k'])).map((r) => r.k).sort()).toEqual(['a', 'b']);
      expect(await trx('t').where({ k: 'a' }).first('note')).toEqual({ note: 'builder' });
      return b;
    });
    db.knex.removeListener('query', listener);
    expect(id).toBeGreaterThan(0);
    expect(await keys()).toEqual(['a', 'b']);
    expect(seen[0]).toBe('BEGIN');
    expect(seen[seen.length - 1]).toBe('COMMIT');
  });

  it('rolls back everything when the work throws, rethrows, and leaves the connection usable', async () => {
    await expect(
      sqliteTransaction(db.knex, async (trx) => {
        await trx('t').insert({ k: 'c' });
        await insertRow(trx, 't', { k: 'a' }); // unique violation
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect(await keys()).toEqual(['a', 'b']);
    await expect(sqliteTransaction(db.knex, async () => {
      throw new Error('boom');
    })).rejects.toThrow('boom');
    await db.knex('t').insert({ k: 'd' });
    expect(await keys()).toEqual(['a', 'b', 'd']);
  });

  it('holds the connection: a query from outside waits until the commit and never runs inside the transaction', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const inside = sqliteTransaction(db.knex, async (trx) => {
      await trx('t').insert({ k: 'e' });
      await gate;
      await trx('t').where({ k: 'e' }).update({ note: 'done' });
    });
    // Started while the transaction is open: it must not see (or join) the uncommitted row.
    const outside = db.knex('t').where({ k: 'e' }).first('note');
    let outsideDone = false;
    void outside.then(() => (outsideDone = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(outsideDone).toBe(false);
    release();
    await inside;
    expect(await outside).toEqual({ note: 'done' });
  });

  it('runs reading raw statements on the connection and refuses writing ones', async () => {
    const seen = await sqliteTransaction(db.knex, async (trx) => {
      await trx('t').insert({ k: 'f' });
      return trx.raw('select k from t where k = ?', ['f']);
    });
    expect(seen).toEqual([{ k: 'f' }]); // the transaction's own write, as knex's SQLite dialect answers a raw select
    await expect(
      sqliteTransaction(db.knex, async (trx) => {
        await trx('t').insert({ k: 'g' });
        await trx.raw("insert into t (k) values ('h')");
      }),
    ).rejects.toThrow(TypeError);
    expect(await keys()).toEqual(['a', 'b', 'd', 'e', 'f']);
  });

  it('runs a nested transaction as a savepoint: undone alone when it throws, kept when it succeeds', async () => {
    await sqliteTransaction(db.knex, async (trx) => {
      await trx('t').insert({ k: 'sp-outer' });
      await expect(
        trx.transaction(async (sp) => {
          await insertRow(sp, 't', { k: 'sp-undone' });
          await insertRow(sp, 't', { k: 'a' }); // unique violation inside the savepoint
        }),
      ).rejects.toThrow(/UNIQUE/);
      expect(await trx.transaction(async (sp) => insertRow(sp, 't', { k: 'sp-kept' }))).toBeGreaterThan(0);
    });
    const now = await keys();
    expect(now).toContain('sp-outer');
    expect(now).toContain('sp-kept');
    expect(now).not.toContain('sp-undone');
  });

  it('with retry: runs the work again after SQLite reported the database busy', async () => {
    let attempts = 0;
    const out = await sqliteTransactionWithRetry(db.knex, async (trx) => {
      attempts++;
      await trx('t').insert({ k: `retry-${attempts}` });
      if (attempts < 3) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      return attempts;
    });
    expect(out).toBe(3);
    expect((await keys()).filter((k) => k.startsWith('retry-'))).toEqual(['retry-3']); // the failed attempts left nothing
  });
});
