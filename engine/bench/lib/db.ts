/**
 * Databases of the benchmarks: fresh MariaDB databases (created and dropped here), Redis key
 * clean-up for a private queue prefix, and a read-only view of an embedded SQLite file.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createConnection, type Connection } from 'mysql2/promise';
import { Redis } from 'ioredis';
import { ENGINE_DIR } from './proc.js';

function local(url: string, what: string): string {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`${what} must be on 127.0.0.1 (got ${host})`);
  return url.replace(/\/+$/, '');
}

/** Server URL without a database (the user must be allowed to create databases). */
export const MYSQL_URL = local(process.env.COACHFLOW_BENCH_MYSQL_URL ?? process.env.COACHFLOW_TEST_MYSQL_URL ?? 'mysql://app:app@127.0.0.1:3306', 'MariaDB');
export const REDIS_URL = local(process.env.COACHFLOW_BENCH_REDIS_URL ?? process.env.COACHFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', 'Redis');

export async function mysqlServer(): Promise<Connection> {
  return createConnection({ uri: `${MYSQL_URL}/`, multipleStatements: false, supportBigNumbers: true, bigNumberStrings: false });
}

export async function mysqlDb(dbName: string): Promise<Connection> {
  return createConnection({ uri: `${MYSQL_URL}/${dbName}`, supportBigNumbers: true, bigNumberStrings: false });
}

export async function createDatabase(dbName: string): Promise<string> {
  const c = await mysqlServer();
  try {
    await c.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4`);
  } finally {
    await c.end();
  }
  return `${MYSQL_URL}/${dbName}`;
}

export async function dropDatabase(dbName: string): Promise<void> {
  const c = await mysqlServer();
  try {
    await c.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
  } finally {
    await c.end();
  }
}

/** Deletes every Redis key under a queue prefix (Bull keys are `<prefix>:<queue>:…`). */
export async function deleteRedisPrefix(prefix: string): Promise<number> {
  if (!/^[a-z0-9_]+$/i.test(prefix) || prefix.length < 8) throw new Error(`refusing to delete Redis keys for prefix "${prefix}"`);
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  let n = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) n += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return n;
}

interface SqliteStatement {
  get(...args: unknown[]): any;
  all(...args: unknown[]): any[];
}
export interface SqliteDb {
  prepare(sql: string): SqliteStatement;
  pragma(sql: string): unknown;
  close(): void;
}

/** better-sqlite3, resolved through the engine's MikroORM driver (not a direct dependency). */
export function openSqliteReadonly(path: string): SqliteDb {
  const viaDriver = createRequire(createRequire(join(ENGINE_DIR, 'package.json')).resolve('@mikro-orm/better-sqlite'));
  const Database = viaDriver('better-sqlite3') as new (file: string, opts: { readonly: boolean; fileMustExist: boolean }) => SqliteDb;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}
