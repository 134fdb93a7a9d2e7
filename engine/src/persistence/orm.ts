/**
 * Opens MikroORM on the configured database (SQLite embedded default, or MySQL/MariaDB via mysql2)
 * and exposes its knex instance: the engine's data access uses explicit SQL through knex for the
 * hot paths (conditional updates, batched inserts, row locks), and MikroORM for schema and migrations.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/core';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { MySqlDriver } from '@mikro-orm/mysql';
import { Migrator } from '@mikro-orm/migrations';
import type { Knex } from '@mikro-orm/mysql';
import type { DbConfig } from '../config.js';
import { ALL_ENTITIES } from './entities/index.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js';
import { MYSQL_MIGRATIONS } from './migrations/mysql/index.js';
import { useStatementCache } from './sqlite-statements.js';

export interface Database {
  orm: MikroORM;
  knex: Knex;
  driver: DbConfig['driver'];
  close(): Promise<void>;
}

export function ormOptions(db: DbConfig): Options {
  const common = {
    entities: ALL_ENTITIES,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    debug: false,
    allowGlobalContext: true,
  };
  if (db.driver === 'sqlite') {
    if (db.path !== ':memory:') mkdirSync(dirname(db.path), { recursive: true });
    return {
      ...common,
      driver: BetterSqliteDriver,
      dbName: db.path,
      migrations: { migrationsList: SQLITE_MIGRATIONS, transactional: true, snapshot: false },
    } as Options;
  }
  return {
    ...common,
    driver: MySqlDriver,
    host: db.host,
    port: db.port,
    user: db.user,
    password: db.password,
    dbName: db.dbName,
    pool: { min: 0, max: db.poolMax, acquireTimeoutMillis: 15000, createTimeoutMillis: 5000, createRetryIntervalMillis: 200 },
    driverOptions: { connection: { supportBigNumbers: true, bigNumberStrings: false, connectTimeout: 5000 } },
    migrations: { migrationsList: MYSQL_MIGRATIONS, transactional: false, snapshot: false },
  } as Options;
}

/** Connects; does not migrate (call `migrate` — the CLI and `start` do). */
export async function openDatabase(db: DbConfig): Promise<Database> {
  const orm = await MikroORM.init(ormOptions(db));
  const connection = orm.em.getConnection() as unknown as { getKnex(): Knex };
  const knex = connection.getKnex();
  if (db.driver === 'sqlite') {
    await knex.raw('PRAGMA journal_mode = WAL');
    await knex.raw('PRAGMA synchronous = NORMAL');
    await knex.raw('PRAGMA busy_timeout = 5000');
    await knex.raw('PRAGMA foreign_keys = OFF');
    useStatementCache(knex);
  }
  return { orm, knex, driver: db.driver, close: () => orm.close(true) };
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(database: Database): Promise<string[]> {
  const migrator = database.orm.getMigrator();
  const applied = await migrator.up();
  return applied.map((m) => m.name);
}
