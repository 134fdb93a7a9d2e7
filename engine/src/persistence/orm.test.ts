import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, upToDate, type Database } from './orm.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js';

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coachflow-orm-'));
  db = await openDatabase({ driver: 'sqlite', path: join(dir, 'db.sqlite') });
});

afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('migrate', () => {
  it('applies every registered migration on a fresh database, then finds nothing pending with one query', async () => {
    expect(await upToDate(db)).toBe(false);
    const applied = await migrate(db);
    expect(applied).toEqual(SQLITE_MIGRATIONS.map((m) => m.name));
    expect(await upToDate(db)).toBe(true);
    expect(await migrate(db)).toEqual([]);
  });

  it('is not up to date while a shipped migration is missing from the migrations table', async () => {
    const last = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1]?.name as string;
    const row = (await db.knex('mikro_orm_migrations').where({ name: last }).first()) as Record<string, unknown>;
    await db.knex('mikro_orm_migrations').where({ name: last }).delete();
    expect(await upToDate(db)).toBe(false);
    await db.knex('mikro_orm_migrations').insert(row);
    expect(await upToDate(db)).toBe(true);
  });
});
