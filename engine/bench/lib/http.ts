/** A small JSON client over node:http with a keep-alive agent; only ever talks to 127.0.0.1. */
import { Agent, request } from 'node:http';

export interface Answer<T = any> {
  status: number;
  body: T;
  /** Milliseconds from sending the request to the end of the response body. */
  ms: number;
  bytes: number;
}

export class Http {
  readonly agent: Agent;
  /** Sent as `Authorization: Bearer <token>` when set. */
  token: string | null = null;
  constructor(
    readonly port: number,
    readonly host = '127.0.0.1',
    maxSockets = 8,
  ) {
    if (host !== '127.0.0.1' && host !== 'localhost') throw new Error(`benchmarks only talk to 127.0.0.1, not ${host}`);
    // Idle sockets are dropped after 4 s, before the engine's keep-alive timeout (5 s) closes them
    // under a request that reuses one.
    this.agent = new Agent({ keepAlive: true, maxSockets, timeout: 4000 });
  }

  get baseUrl(): string {
    return `http://${this.host}:${this.port}`;
  }

  async call<T = any>(method: string, path: string, body?: unknown, timeoutMs = 120_000): Promise<Answer<T>> {
    try {
      return await this.#call<T>(method, path, body, timeoutMs);
    } catch (e) {
      // A kept-alive socket the server closed as we reused it: the request never reached the server.
      if ((e as { reused?: boolean }).reused) return this.#call<T>(method, path, body, timeoutMs);
      throw e;
    }
  }

  #call<T>(method: string, path: string, body: unknown, timeoutMs: number): Promise<Answer<T>> {
    const payload = body === undefined ? null : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    return new Promise((ok, fail) => {
      const started = performance.now();
      const req = request(
        {
          host: this.host,
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: {
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
            ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const ms = performance.now() - started;
            const buf = Buffer.concat(chunks);
            const text = buf.toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : null;
            } catch {
              /* not JSON */
            }
            ok({ status: res.statusCode ?? 0, body: parsed as T, ms, bytes: buf.length });
          });
          res.on('error', fail);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (req.reusedSocket && (e.code === 'ECONNRESET' || e.message === 'socket hang up')) Object.assign(e, { reused: true });
        fail(e);
      });
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** Calls and throws unless the status is one of `expect`. */
  async must<T = any>(method: string, path: string, body?: unknown, expect: number[] = [200, 201, 202]): Promise<T> {
    const a = await this.call<T>(method, path, body);
    if (!expect.includes(a.status)) throw new Error(`${method} ${path} answered ${a.status}: ${JSON.stringify(a.body).slice(0, 500)}`);
    return a.body;
  }

  close(): void {
    this.agent.destroy();
  }
}
