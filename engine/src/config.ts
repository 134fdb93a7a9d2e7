/**
 * Engine configuration, read once from the environment. Every setting has a default that gives
 * the embedded mode (SQLite file + in-process queue); production sets COACHFLOW_DB to a mysql://
 * URL and REDIS_URL.
 */
import { resolve } from 'node:path';

export type DbConfig =
  | {
      driver: 'sqlite';
      path: string;
      /** WAL checkpoints on a worker thread (persistence/sqlite-checkpointer.ts); COACHFLOW_SQLITE_CHECKPOINT_THREAD=off leaves them to SQLite's commits. */
      checkpointThread?: boolean;
    }
  | { driver: 'mysql'; host: string; port: number; user: string; password: string; dbName: string; poolMax: number };

export interface EngineConfig {
  db: DbConfig;
  /** Bull on Redis when set; the in-process queue otherwise. */
  redisUrl: string | null;
  /** Queue name prefix (lets several test suites share one Redis). */
  queuePrefix: string;
  port: number;
  host: string;
  dataDir: string;
  /** Directory of the built designer served at `/`, when it exists. */
  staticDir: string | null;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  /** Finished runs older than this are pruned. */
  retentionDays: number;
  /** How often the recovery sweep (timers, lost jobs) runs. */
  sweepIntervalMs: number;
  /** Work older than this without progress is considered lost and re-enqueued. */
  staleAfterMs: number;
  /** Jobs processed in parallel by one worker process. */
  workerConcurrency: number;
  maxBodyBytes: number;
  maxRunSteps: number;
  /** Extra connector modules to load (comma-separated paths or package names). */
  connectorModules: string[];
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`invalid number in environment: ${value}`);
  return n;
}

/** Parses `mysql://user:pass@host:port/db` or `sqlite:/path/file.sqlite` (or a bare path). */
export function parseDbUrl(url: string, dataDir: string): DbConfig {
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) {
    const u = new URL(url);
    return {
      driver: 'mysql',
      host: u.hostname || '127.0.0.1',
      port: u.port ? Number(u.port) : 3306,
      user: decodeURIComponent(u.username || 'root'),
      password: decodeURIComponent(u.password || ''),
      dbName: u.pathname.replace(/^\//, '') || 'coachflow',
      poolMax: int(u.searchParams.get('pool') ?? undefined, 10),
    };
  }
  const path = url.replace(/^sqlite:/, '');
  return {
    driver: 'sqlite',
    path: path === ':memory:' ? path : resolve(dataDir, path),
    checkpointThread: process.env.COACHFLOW_SQLITE_CHECKPOINT_THREAD !== 'off',
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): EngineConfig {
  const dataDir = resolve(env.COACHFLOW_DATA_DIR ?? '.data');
  const level = env.LOG_LEVEL ?? 'info';
  const logLevel = (['debug', 'info', 'warn', 'error', 'silent'] as const).find((l) => l === level) ?? 'info';
  return {
    db: parseDbUrl(env.COACHFLOW_DB ?? 'sqlite:coachflow.sqlite', dataDir),
    redisUrl: env.REDIS_URL ? env.REDIS_URL : null,
    queuePrefix: env.COACHFLOW_QUEUE_PREFIX ?? 'coachflow',
    port: int(env.PORT, 3000),
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    staticDir: env.STATIC_DIR ? resolve(env.STATIC_DIR) : null,
    logLevel,
    retentionDays: int(env.COACHFLOW_RETENTION_DAYS, 90),
    sweepIntervalMs: int(env.COACHFLOW_SWEEP_MS, 1000),
    staleAfterMs: int(env.COACHFLOW_STALE_MS, 5000),
    workerConcurrency: int(env.COACHFLOW_WORKER_CONCURRENCY, 8),
    maxBodyBytes: int(env.COACHFLOW_MAX_BODY_BYTES, 1024 * 1024),
    maxRunSteps: int(env.COACHFLOW_MAX_RUN_STEPS, 500),
    connectorModules: (env.COACHFLOW_CONNECTORS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
  };
}
