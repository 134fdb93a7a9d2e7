/**
 * A private MariaDB server for tests that stop, kill and restart the database (the shared server
 * must never be touched). `PrivateMariaDb.create()` initialises a data directory in a temporary
 * folder with `mariadb-install-db`, starts `mariadbd` on a free port bound to 127.0.0.1 and creates
 * an `app`/`app` user allowed to create databases. `stop('SIGTERM' | 'SIGKILL')` and `start()` can
 * be called any number of times; the data directory survives them. `destroy()` removes everything.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { REPO } from './engine-cluster.js';
import { waitFor } from './wait.js';

const LOG_DIR = join(REPO, 'tests/test-artifacts/logs');

function binary(name: string): string {
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin']) if (existsSync(join(dir, name))) return join(dir, name);
  return name;
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return await new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export class PrivateMariaDb {
  #child: ChildProcess | null = null;
  #exited: Promise<void> | null = null;
  readonly socket: string;
  readonly dataDir: string;
  readonly user = 'app';
  readonly password = 'app';

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly name: string,
  ) {
    this.socket = join(dir, 'mysqld.sock');
    this.dataDir = join(dir, 'data');
  }

  /** Initialises a fresh data directory, starts the server and creates the app user. */
  static async create(name = 'private-mariadb'): Promise<PrivateMariaDb> {
    const dir = mkdtempSync(join(tmpdir(), 'coachflow-mariadb-'));
    const db = new PrivateMariaDb(dir, await freePort(), name);
    const asRoot = process.getuid?.() === 0;
    const init = spawnSync(
      binary('mariadb-install-db'),
      ['--no-defaults', `--datadir=${db.dataDir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...(asRoot ? ['--user=root'] : [])],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (init.status !== 0) throw new Error(`mariadb-install-db failed (${init.status}): ${init.stderr || init.stdout}`);
    await db.start();
    const root = await createConnection({ socketPath: db.socket, user: 'root' });
    for (const host of ['127.0.0.1', 'localhost', '::1']) {
      await root.query(`CREATE USER IF NOT EXISTS 'app'@'${host}' IDENTIFIED BY 'app'`);
      await root.query(`GRANT ALL PRIVILEGES ON *.* TO 'app'@'${host}' WITH GRANT OPTION`);
    }
    await root.end();
    return db;
  }

  /** `mysql://app:app@127.0.0.1:<port>` (+ `/<database>`). */
  url(database?: string): string {
    return `mysql://${this.user}:${this.password}@127.0.0.1:${this.port}${database ? `/${database}` : ''}`;
  }

  get running(): boolean {
    return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  async createDatabase(database: string): Promise<void> {
    const conn = await createConnection({ host: '127.0.0.1', port: this.port, user: this.user, password: this.password });
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4`);
    await conn.end();
  }

  /** Starts mariadbd on the existing data directory (crash recovery after a SIGKILL included) and waits until it answers. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.running) return;
    mkdirSync(LOG_DIR, { recursive: true });
    const asRoot = process.getuid?.() === 0;
    const child = spawn(
      binary('mariadbd'),
      [
        '--no-defaults',
        `--datadir=${this.dataDir}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${this.socket}`,
        `--pid-file=${join(this.dir, 'mysqld.pid')}`,
        '--skip-name-resolve',
        '--skip-log-bin',
        '--innodb-buffer-pool-size=64M',
        '--innodb-log-file-size=16M',
        '--max-connections=500',
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
        ...(asRoot ? ['--user=root'] : []),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const log = createWriteStream(resolve(LOG_DIR, `${this.name}-mariadbd.log`), { flags: 'a' });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.#child = child;
    this.#exited = new Promise<void>((ok) => child.once('exit', () => ok()));
    await waitFor(
      `private MariaDB on port ${this.port}`,
      async () => {
        if (child.exitCode !== null) throw new Error(`mariadbd exited with ${child.exitCode}; see ${this.name}-mariadbd.log`);
        const conn = await createConnection({ socketPath: this.socket, user: 'root', connectTimeout: 1000 });
        await conn.query('SELECT 1');
        await conn.end();
        return true;
      },
      timeoutMs,
      100,
    );
  }

  /** SIGTERM: a clean shutdown (connections are closed by the server); SIGKILL: a crash. Resolves when the process is gone. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    child.kill(signal);
    await this.#exited;
    this.#child = null;
  }

  async destroy(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
