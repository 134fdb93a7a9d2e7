/**
 * Starts the real engine for a benchmark, as separate processes exactly as an operator would:
 * - embedded: `engine start` on a fresh SQLite file in a temporary data dir (in-process queue);
 * - production: a fresh MariaDB database, `engine migrate`, `engine start` (API) and N
 *   `engine worker` processes on Bull/Redis with a private queue prefix.
 * The engine processes are pinned to core 0 (the load generator gets core 1).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, deleteRedisPrefix, dropDatabase, REDIS_URL } from './db.js';
import { Http } from './http.js';
import { cpuSeconds, FatalError, freePort, runToEnd, spawnEngine, stopProcess, tail, waitUntil, type Spawned } from './proc.js';

export const SERVER_CORE = 0;
/** The benchmark connector module (bench-echo), loaded by every engine process the harness starts. */
const ECHO_CONNECTOR = fileURLToPath(new URL('./echo.connector.ts', import.meta.url));
/** The first administrator the engine creates on first start (COACHFLOW_BOOTSTRAP_ADMIN), when sign-in exists. */
const ADMIN_EMAIL = 'bench-admin@bench.local';
const ADMIN_PASSWORD = `Bench-${randomBytes(12).toString('hex')}`;
export const CLIENT_CORE = 1;

export interface EngineOptions {
  name: string;
  logDir: string;
  /** Extra environment for every engine process. */
  env?: Record<string, string>;
  /** Node flags for the API process (e.g. --cpu-prof). */
  apiNodeArgs?: string[];
  /** Extra arguments of `engine start`. */
  startArgs?: string[];
  core?: number | null;
  readyTimeoutMs?: number;
  /** Sign in and create an API token once ready (default true). */
  authenticate?: boolean;
}

export class EngineInstance {
  readonly http: Http;
  api: Spawned | null = null;
  readonly workers: Spawned[] = [];
  #cleanups: Array<() => Promise<void> | void> = [];

  private constructor(
    readonly mode: 'embedded' | 'production',
    readonly port: number,
    readonly env: Record<string, string>,
    readonly opts: EngineOptions,
    readonly dataDir: string,
    readonly sqlitePath: string | null,
    readonly dbName: string | null,
  ) {
    this.http = new Http(port, '127.0.0.1', 64);
  }

  /** `engine start` on a fresh SQLite file; resolves when /readyz answers 200. */
  static async embedded(opts: EngineOptions): Promise<EngineInstance> {
    const dataDir = mkdtempSync(join(tmpdir(), `cf-bench-${opts.name}-`));
    const sqlitePath = join(dataDir, 'engine.sqlite');
    const port = await freePort();
    const env = { COACHFLOW_DATA_DIR: dataDir, COACHFLOW_DB: `sqlite:${sqlitePath}`, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', REDIS_URL: '', COACHFLOW_BOOTSTRAP_ADMIN: `${ADMIN_EMAIL}:${ADMIN_PASSWORD}`, COACHFLOW_CONNECTORS: ECHO_CONNECTOR, ...opts.env };
    const inst = new EngineInstance('embedded', port, env, opts, dataDir, sqlitePath, null);
    inst.#cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    try {
      await inst.startApi();
    } catch (e) {
      await inst.stop();
      throw e;
    }
    return inst;
  }

  /**
   * A fresh MariaDB database, migrated, then the API (no worker) and `workers` worker processes on
   * Bull/Redis; with `queue: 'in-process'` no Redis: the API consumes its own jobs.
   */
  static async production(opts: EngineOptions & { workers: number; workerEnv?: Record<string, string>; queue?: 'redis' | 'in-process' }): Promise<EngineInstance> {
    const dataDir = mkdtempSync(join(tmpdir(), `cf-bench-${opts.name}-`));
    const id = `${opts.name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}_${Date.now() % 1e7}`;
    const dbName = `cfbench_${id}`.slice(0, 60);
    const prefix = `cfbench_${id}`;
    const port = await freePort();
    const dbUrl = await createDatabase(dbName);
    const env = {
      COACHFLOW_DATA_DIR: dataDir,
      COACHFLOW_DB: dbUrl,
      REDIS_URL: opts.queue === 'in-process' ? '' : REDIS_URL,
      COACHFLOW_QUEUE_PREFIX: prefix,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      COACHFLOW_BOOTSTRAP_ADMIN: `${ADMIN_EMAIL}:${ADMIN_PASSWORD}`,
      COACHFLOW_CONNECTORS: ECHO_CONNECTOR,
      ...opts.env,
    };
    const inst = new EngineInstance('production', port, env, opts, dataDir, null, dbName);
    inst.#cleanups.push(() => dropDatabase(dbName));
    if (opts.queue !== 'in-process') {
      inst.#cleanups.push(async () => {
        await deleteRedisPrefix(prefix);
      });
    }
    inst.#cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    try {
      await runToEnd(spawnEngine(['migrate'], { name: `${opts.name}-migrate`, core: null, env, logPath: join(opts.logDir, `${opts.name}-migrate.log`) }), 120_000);
      await inst.startApi();
      await Promise.all(Array.from({ length: opts.workers }, () => inst.addWorkerReady(opts.workerEnv)));
    } catch (e) {
      await inst.stop();
      throw e;
    }
    return inst;
  }

  get queuePrefix(): string | null {
    return this.env.COACHFLOW_QUEUE_PREFIX ?? null;
  }

  /** Milliseconds from spawning the last API process to its first 200 from /readyz. */
  readyMs = Number.NaN;
  /** CPU time the API process had used when it became ready (ms; the start-up cost without waiting for a core). */
  readyCpuMs = Number.NaN;

  async startApi(): Promise<void> {
    mkdirSync(this.opts.logDir, { recursive: true });
    const t0 = performance.now();
    this.api = spawnEngine(['start', ...(this.opts.startArgs ?? [])], {
      name: `${this.opts.name}-api`,
      core: this.opts.core === undefined ? SERVER_CORE : this.opts.core,
      env: this.env,
      logPath: join(this.opts.logDir, `${this.opts.name}-api.log`),
      nodeArgs: this.opts.apiNodeArgs ?? [],
    });
    const api = this.api;
    await waitUntil(
      `${this.opts.name} /readyz`,
      async () => {
        if (api.exitCode() !== undefined) throw new FatalError(`engine exited ${String(api.exitCode())}${api.logPath ? `: ${tail(api.logPath, 800)}` : ''}`);
        return (await this.http.call('GET', '/readyz', undefined, 2000)).status === 200;
      },
      this.opts.readyTimeoutMs ?? 180_000,
      20,
    );
    this.readyMs = performance.now() - t0;
    this.readyCpuMs = (cpuSeconds(api.pid) ?? Number.NaN) * 1000;
    if (this.opts.authenticate !== false) await this.authenticate();
  }

  /** Stops the API process (SIGTERM, drain) and starts it again on the same database. */
  async restartApi(): Promise<void> {
    if (this.api) await stopProcess(this.api, 30_000);
    await this.startApi();
  }
  /** How the benchmark authenticates: 'none' (no sign-in in this engine), 'api-token' or 'session'. */
  auth: 'none' | 'api-token' | 'session' = 'none';
  /** The bootstrap administrator's sign-in token (what the designer keeps in sessionStorage). */
  sessionToken: string | null = null;

  /**
   * When the engine has sign-in: signs in as the bootstrap administrator and creates an API token
   * (what a system posting events uses); every later call carries it.
   */
  async authenticate(): Promise<void> {
    if (this.http.token) return;
    const signIn = await this.http.call<{ token?: string }>('POST', '/api/v1/auth/sign-in', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    if (signIn.status === 404 || signIn.status === 405) {
      this.auth = 'none';
      return;
    }
    if (signIn.status !== 200 || !signIn.body?.token) throw new Error(`sign-in as the bootstrap admin answered ${signIn.status}: ${JSON.stringify(signIn.body).slice(0, 300)}`);
    this.http.token = signIn.body.token;
    this.sessionToken = signIn.body.token;
    this.auth = 'session';
    const api = await this.http.call<{ token?: string }>('POST', '/api/v1/tokens', { name: `bench ${this.opts.name}`, roles: ['hr_admin', 'it_admin'] });
    if (api.status === 201 && api.body?.token) {
      this.http.token = api.body.token;
      this.auth = 'api-token';
    }
  }

  addWorker(extraEnv: Record<string, string> = {}): Spawned {
    const i = this.workers.length;
    const w = spawnEngine(['worker'], {
      name: `${this.opts.name}-worker${i}`,
      core: this.opts.core === undefined ? SERVER_CORE : this.opts.core,
      env: { ...this.env, ...extraEnv },
      logPath: join(this.opts.logDir, `${this.opts.name}-worker${i}.log`),
    });
    this.workers.push(w);
    return w;
  }

  /** Starts a worker and waits until it serves its metrics port (it consumes jobs by then). */
  async addWorkerReady(extraEnv: Record<string, string> = {}): Promise<Spawned> {
    const port = await freePort();
    const w = this.addWorker({ ...extraEnv, WORKER_METRICS_PORT: String(port) });
    const probe = new Http(port);
    try {
      await waitUntil(
        `${w.name} ready`,
        async () => {
          if (w.exitCode() !== undefined) throw new FatalError(`${w.name} exited ${String(w.exitCode())}${w.logPath ? `: ${tail(w.logPath, 800)}` : ''}`);
          return (await probe.call('GET', '/metrics', undefined, 2000)).status === 200;
        },
        this.opts.readyTimeoutMs ?? 180_000,
        50,
      );
    } finally {
      probe.close();
    }
    return w;
  }

  /** Stops every process (SIGTERM: drain), then drops the database, the Redis keys and the data dir. */
  async stop(): Promise<void> {
    const procs = [this.api, ...this.workers].filter((p): p is Spawned => p !== null);
    await Promise.all(procs.map((p) => stopProcess(p, 30_000)));
    this.http.close();
    for (const c of this.#cleanups.reverse()) {
      try {
        await c();
      } catch (e) {
        process.stderr.write(`clean-up of ${this.opts.name} failed: ${(e as Error).message}\n`);
      }
    }
    this.#cleanups = [];
  }
}
