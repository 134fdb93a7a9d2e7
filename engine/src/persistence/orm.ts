/**
 * Opens MikroORM on the configured database (SQLite embedded default, or MySQL/MariaDB via mysql2)
 * and exposes its knex instance: the engine's data access uses explicit SQL through knex for the
 * hot paths (conditional updates, batched inserts, row locks), and MikroORM for schema and migrations.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MikroORM, type IMigrator, type Options } from '@mikro-orm/core';
import { BetterSqliteDriver } from '@mikro-orm/better-sqlite';
import { MySqlDriver } from '@mikro-orm/mysql';
import type { Knex } from '@mikro-orm/mysql';
import type { DbConfig } from '../config.js';
import { ALL_ENTITIES } from './entities/index.js';
import { useStatementCache } from './sqlite-statements.js';
import { startCheckpointer, type Checkpointer } from './sqlite-checkpointer.js';

export interface Database {
  orm: MikroORM;
  knex: Knex;
  driver: DbConfig['driver'];
  close(): Promise<void>;
}

export function ormOptions(db: DbConfig): Options {
  const common = {
    entities: ALL_ENTITIES,
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
      migrations: { transactional: true, snapshot: false },
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
    migrations: { transactional: false, snapshot: false },
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
    // WAL checkpoints on a worker thread, not inside a request's commit (sqlite-checkpointer.ts).
    let checkpointer: Checkpointer | null = null;
    if (db.path !== ':memory:' && db.checkpointThread !== false) {
      const setAutomatic = async (pages: number): Promise<void> => void (await knex.raw(`PRAGMA wal_autocheckpoint = ${Math.floor(pages)}`));
      await setAutomatic(0);
      checkpointer = startCheckpointer(db.path, setAutomatic, { onError: (err) => process.stderr.write(`${JSON.stringify({ level: 'warn', msg: 'WAL checkpoint thread failed; SQLite checkpoints in the commit again', err: String(err) })}\n`) });
    }
    return {
      orm,
      knex,
      driver: db.driver,
      close: async () => {
        await checkpointer?.stop();
        await orm.close(true);
      },
    };
  }
  return { orm, knex, driver: db.driver, close: () => orm.close(true) };
}

/**
 * The Migrator with this platform's migrations. Loaded on demand: the migrations module (umzug and
 * its CLI dependencies) and the migration classes are a noticeable share of start-up, and a
 * started engine whose database is up to date never needs them.
 */
export async function loadMigrator(database: Database): Promise<IMigrator> {
  const migrationsList = database.driver === 'sqlite'
    ? (await import('./migrations/sqlite/index.js')).SQLITE_MIGRATIONS
    : (await import('./migrations/mysql/index.js')).MYSQL_MIGRATIONS;
  const { config } = database.orm;
  config.set('migrations', { ...config.get('migrations'), migrationsList });
  const { Migrator } = await import('@mikro-orm/migrations');
  Migrator.register(database.orm);
  return database.orm.getMigrator();
}

/** The migrations table MikroORM keeps (its default name). */
const MIGRATIONS_TABLE = 'mikro_orm_migrations';

/**
 * Names of the migrations shipped for a platform, from the file names in its folder (each file is
 * `<Name>.ts` or `<Name>.js` and registers under that name in the folder's index.ts).
 */
function shippedMigrationNames(driver: DbConfig['driver']): string[] {
  const dir = fileURLToPath(new URL(`./migrations/${driver}/`, import.meta.url));
  return readdirSync(dir)
    .filter((f) => /^Migration\w+\.(ts|js)$/.test(f) && !/\.d\.ts$/.test(f))
    .map((f) => f.replace(/\.(ts|js)$/, ''));
}

/** Whether every shipped migration is recorded as applied (one query; false when unsure). */
export async function upToDate(database: Database): Promise<boolean> {
  try {
    const applied = new Set(((await database.knex(MIGRATIONS_TABLE).select('name')) as Array<{ name: string }>).map((r) => String(r.name).replace(/\.(ts|js)$/, '')));
    return shippedMigrationNames(database.driver).every((n) => applied.has(n));
  } catch {
    return false; // no migrations table yet (a fresh database), or an unreadable folder: let the Migrator decide
  }
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(database: Database): Promise<string[]> {
  if (await upToDate(database)) return [];
  const migrator = await loadMigrator(database);
  const applied = await migrator.up();
  return applied.map((m) => m.name);
}
