/**
 * Starts the real engine as separate processes for integration tests:
 * - embedded: one `engine start` on a fresh SQLite file (in-process queue);
 * - production: a fresh MariaDB database, `engine migrate`, one `engine start` (API) and N
 *   `engine worker` processes on Bull/Redis with a private queue prefix.
 * Processes can be SIGKILLed and restarted; their logs go to test-artifacts/logs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createWriteStream, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'mysql2/promise';
import { MODE, MYSQL_URL, REDIS_URL, type TestMode } from './env.js';
import { waitFor } from './wait.js';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, '../..');
const ENGINE_BIN = join(REPO, 'engine/bin/engine.mjs');
export const RECORDER_CONNECTOR = join(REPO, 'tests/fixtures/connectors/recorder.connector.ts');
const LOG_DIR = join(REPO, 'tests/test-artifacts/logs');

/** The admin every cluster starts with (COACHFLOW_BOOTSTRAP_ADMIN: hr_admin + it_admin); `api()` signs in as them by default. */
export const TEST_ADMIN = { email: 'admin@coachflow.test', password: 'admin-password-1' };

let nextPort = 3400 + Math.floor(Math.random() * 500);
/**
 * Ports fetch() refuses to connect to ("bad ports" of the Fetch standard; undici answers
 * `TypeError: fetch failed`, cause `bad port`). 3659 is in the range above: a cluster that drew it
 * started fine and was never reachable.
 */
const FETCH_BAD_PORTS = new Set([3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080]);
/** True when nothing listens on 127.0.0.1:port (a leftover engine, or another suite on the machine). */
function portFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const probe = createServer();
    probe.once('error', () => ok(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => ok(true)));
  });
}

/**
 * The next port for an engine: never a bad port, never one something already listens on — an engine
 * that cannot bind exits, but a ready probe sent before it does would be answered by the other
 * process, and the test would talk to the wrong engine.
 */
async function takePort(): Promise<number> {
  for (;;) {
    const port = nextPort++;
    if (!FETCH_BAD_PORTS.has(port) && (await portFree(port))) return port;
  }
}

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ClusterOptions {
  mode?: TestMode;
  workers?: number;
  env?: Record<string, string>;
  name: string;
}

interface Proc {
  role: 'api' | 'worker';
  index: number;
  child: ChildProcess | null;
  /** How the last spawned process ended (kept for the error of a failed ready wait). */
  exit?: { code: number | null; signal: NodeJS.Signals | null; at: string };
}

class ProcessExited extends Error {}

export class EngineCluster {
  readonly mode: TestMode;
  readonly port: number;
  readonly baseUrl: string;
  readonly env: Record<string, string>;
  readonly dbUrl: string;
  /** Bearer token `api()` sends unless the call names its own `authorization` (null: none). */
  token: string | null = null;
  #procs: Proc[] = [];
  #name: string;
  #dbName: string | null = null;

  private constructor(options: ClusterOptions, env: Record<string, string>, dbUrl: string, dbName: string | null, port: number) {
    this.mode = options.mode ?? MODE;
    this.port = port;
    this.#name = options.name;
    this.baseUrl = `http://127.0.0.1:${this.port}`;
    this.env = env;
    this.dbUrl = dbUrl;
    this.#dbName = dbName;
  }

  static async start(options: ClusterOptions): Promise<EngineCluster> {
    const mode = options.mode ?? MODE;
    const id = `${options.name.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}_${Date.now() % 1e6}`;
    let dbUrl: string;
    let dbName: string | null = null;
    const extra: Record<string, string> = {};
    if (mode === 'production') {
      dbName = `cf_${id}`.slice(0, 60);
      const conn = await createConnection(`${MYSQL_URL}/`);
      await conn.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4`);
      await conn.end();
      dbUrl = `${MYSQL_URL}/${dbName}`;
      extra.REDIS_URL = REDIS_URL;
      extra.COACHFLOW_QUEUE_PREFIX = `cf_${id}`;
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'coachflow-test-'));
      dbUrl = `sqlite:${join(dir, 'test.sqlite')}`;
    }
    const env: Record<string, string> = {
      COACHFLOW_DB: dbUrl,
      // Each cluster keeps its own secret key file and installed plugins, and never reaches a registry.
      COACHFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'coachflow-data-')),
      COACHFLOW_PLUGIN_REGISTRY: 'off',
      COACHFLOW_CONNECTORS: RECORDER_CONNECTOR,
      COACHFLOW_SWEEP_MS: '300',
      COACHFLOW_STALE_MS: '1500',
      LOG_LEVEL: 'info',
      COACHFLOW_BOOTSTRAP_ADMIN: `${TEST_ADMIN.email}:${TEST_ADMIN.password}`,
      ...extra,
      ...options.env,
    };
    const cluster = new EngineCluster({ ...options, mode }, env, dbUrl, dbName, await takePort());
    if (mode === 'production') {
      await cluster.#run(['migrate']);
      cluster.#procs.push({ role: 'api', index: 0, child: null });
      for (let i = 0; i < (options.workers ?? 2); i++) cluster.#procs.push({ role: 'worker', index: i, child: null });
    } else {
      cluster.#procs.push({ role: 'api', index: 0, child: null });
    }
    for (const p of cluster.#procs) cluster.#spawn(p);
    await cluster.waitReady();
    cluster.token = await cluster.signIn(TEST_ADMIN.email, TEST_ADMIN.password);
    return cluster;
  }

  #spawn(p: Proc): void {
    mkdirSync(LOG_DIR, { recursive: true });
    const args = p.role === 'api' ? ['start'] : ['worker'];
    const child = spawn(process.execPath, [ENGINE_BIN, ...args], {
      cwd: REPO,
      env: { ...process.env, ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(join(LOG_DIR, `${this.#name}-${p.role}${p.index}.log`), { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    p.child = child;
    p.exit = undefined;
    child.once('exit', (code, signal) => {
      if (p.child === child) p.exit = { code, signal, at: new Date().toISOString() };
    });
  }

  /** Runs `engine <args>` with the cluster's environment (e.g. `users create …`); resolves with its stdout. */
  cli(args: string[]): Promise<string> {
    return this.#run(args);
  }

  /** Signs in and returns the bearer token. */
  async signIn(email: string, password: string): Promise<string> {
    const res = await this.api<{ token: string }>('POST', '/api/v1/auth/sign-in', { email, password }, { authorization: '' });
    if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token;
  }

  /** `api()` as someone else (a token, or null for no token at all). */
  as(token: string | null): Pick<EngineCluster, 'api'> {
    return { api: (method, path, body, headers = {}) => this.api(method, path, body, { authorization: token ? `Bearer ${token}` : '', ...headers }) };
  }

  async #run(args: string[]): Promise<string> {
    return new Promise<string>((ok, fail) => {
      const child = spawn(process.execPath, [ENGINE_BIN, ...args], { cwd: REPO, env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout?.on('data', (d) => (out += String(d)));
      child.stderr?.on('data', (d) => (out += String(d)));
      child.on('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`engine ${args.join(' ')} exited ${code}: ${out}`))));
    });
  }

  /**
   * Waits for /readyz; fails at once, with how it ended, when the API process exits meanwhile, and
   * otherwise names the last connection error (its cause, not only undici's "fetch failed").
   */
  async waitReady(timeoutMs = 90_000): Promise<void> {
    const api = this.#procs.find((p) => p.role === 'api');
    await waitFor('engine ready', async () => {
      if (api?.exit) throw new ProcessExited(`the API process exited before it was ready: ${JSON.stringify(api.exit)} (log: ${join(LOG_DIR, `${this.#name}-api${api.index}.log`)})`);
      return (await fetch(`${this.baseUrl}/readyz`)).status === 200;
    }, timeoutMs, 150, (e) => e instanceof ProcessExited);
    if (api?.exit) throw new ProcessExited(`the API process exited while another process answered on port ${this.port}: ${JSON.stringify(api.exit)}`);
  }

  workers(): number {
    return this.#procs.filter((p) => p.role === 'worker').length;
  }

  /** SIGKILLs a process (no drain, no cleanup: a crash). */
  async kill(role: 'api' | 'worker', index = 0): Promise<void> {
    const p = this.#procs.find((x) => x.role === role && x.index === index);
    if (!p?.child || p.child.exitCode !== null) return;
    const child = p.child;
    const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
    child.kill('SIGKILL');
    await exited;
    p.child = null;
  }

  async restart(role: 'api' | 'worker', index = 0): Promise<void> {
    const p = this.#procs.find((x) => x.role === role && x.index === index);
    if (!p) throw new Error(`no ${role} ${index}`);
    if (p.child && p.child.exitCode === null) await this.kill(role, index);
    this.#spawn(p);
    if (role === 'api') await this.waitReady();
  }

  /** Sends SIGTERM and resolves with the exit code (graceful drain). */
  async terminate(role: 'api' | 'worker', index = 0): Promise<number | null> {
    const p = this.#procs.find((x) => x.role === role && x.index === index);
    if (!p?.child || p.child.exitCode !== null) return null;
    const child = p.child;
    const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
    child.kill('SIGTERM');
    const code = await exited;
    p.child = null;
    return code;
  }

  async api<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const auth = Object.keys(headers).some((h) => h.toLowerCase() === 'authorization') ? {} : this.token ? { authorization: `Bearer ${this.token}` } : {};
    const sent = Object.fromEntries(Object.entries({ ...auth, ...headers }).filter(([k, v]) => !(k.toLowerCase() === 'authorization' && v === '')));
    const init: RequestInit = { method, headers: sent };
    if (body !== undefined) {
      init.body = typeof body === 'string' || body instanceof Uint8Array ? (body as string) : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${this.baseUrl}${path}`, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON (metrics) */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  async stop(): Promise<void> {
    await Promise.all(this.#procs.map((p) => (p.child && p.child.exitCode === null ? this.terminate(p.role, p.index) : null)));
    if (this.#dbName) {
      const conn = await createConnection(`${MYSQL_URL}/`);
      await conn.query(`DROP DATABASE IF EXISTS \`${this.#dbName}\``);
      await conn.end();
    }
  }
}
