/**
 * A fake external system for engine tests: it applies each call once per idempotency key (as a
 * real system with idempotency keys does) and counts every delivery, so a test can tell "applied
 * twice" (a bug) from "delivered twice after a crash, recognised by its key" (the contract).
 * It can fail the first N deliveries of each key (retry tests) or be down (outage tests).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecorderStats {
  /** Deliveries per idempotency key (retries and crash re-deliveries included). */
  deliveries: Record<string, number>;
  /** Times each key was applied (must be 1). */
  applied: Record<string, number>;
  /** The input of each applied call. */
  inputs: Record<string, unknown>;
  /** When each delivery of a key arrived (epoch ms), in order: retry spacing. */
  deliveredAt: Record<string, number[]>;
}

export interface RecorderOptions {
  /** Answer 503 to the first N deliveries of each key. */
  failFirst?: number;
  /** Delay every answer by this many milliseconds. */
  delayMs?: number;
}

export class RecorderFake {
  readonly stats: RecorderStats = { deliveries: {}, applied: {}, inputs: {}, deliveredAt: {} };
  options: RecorderOptions;
  down = false;
  #server: Server | null = null;

  constructor(options: RecorderOptions = {}) {
    this.options = options;
  }

  get url(): string {
    const addr = this.#server?.address() as AddressInfo | null;
    if (!addr) throw new Error('recorder not started');
    return `http://127.0.0.1:${addr.port}`;
  }

  async start(port = 0): Promise<this> {
    this.#server = createServer((req, res) => {
      void this.#handle(req).then(
        ({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        },
        () => {
          res.writeHead(500);
          res.end();
        },
      );
    });
    await new Promise<void>((ok) => this.#server?.listen(port, '127.0.0.1', ok));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((ok) => (this.#server ? this.#server.close(() => ok()) : ok()));
    this.#server?.closeAllConnections();
  }

  async #handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    if (req.method === 'GET' && req.url === '/stats') return { status: 200, body: this.stats };
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (this.options.delayMs) await new Promise((r) => setTimeout(r, this.options.delayMs));
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || key === '') return { status: 400, body: { error: 'Idempotency-Key header required' } };
    const n = (this.stats.deliveries[key] = (this.stats.deliveries[key] ?? 0) + 1);
    (this.stats.deliveredAt[key] ??= []).push(Date.now());
    if (this.down) return { status: 503, body: { error: 'down' } };
    if (this.options.failFirst && n <= this.options.failFirst) return { status: 503, body: { error: 'try again' } };
    if (!this.stats.applied[key]) {
      this.stats.applied[key] = 1;
      this.stats.inputs[key] = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
      return { status: 201, body: { id: `rec-${Object.keys(this.stats.applied).length}`, key } };
    }
    // A repeat of an applied key is answered with the original result, not applied again.
    return { status: 200, body: { id: `rec-dup`, key, duplicate: true } };
  }
}

/** Starts a recorder as a standalone process: `node --import tsx recorder.fake.ts <port>` (crash tests). */
if (process.argv[1]?.endsWith('recorder.fake.ts')) {
  const fake = await new RecorderFake().start(Number(process.argv[2] ?? 0));
  process.stdout.write(`${fake.url}\n`);
}
