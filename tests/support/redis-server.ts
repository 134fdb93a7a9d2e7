/** A private redis-server on its own port, for tests that stop and restart Redis. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { waitFor } from './wait.js';

export class PrivateRedis {
  #child: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.#child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor('redis to accept connections', () => this.#reachable(), 10_000, 50);
  }

  /** SIGKILL: everything in Redis is lost (no persistence), like a crashed or replaced instance. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
    child.kill('SIGKILL');
    await exited;
    this.#child = null;
  }

  #reachable(): Promise<boolean> {
    return new Promise((ok) => {
      const s = createConnection(this.port, '127.0.0.1');
      s.once('connect', () => {
        s.end();
        ok(true);
      });
      s.once('error', () => ok(false));
    });
  }
}
