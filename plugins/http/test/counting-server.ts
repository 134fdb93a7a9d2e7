/** A loopback test server that counts every request it receives (to prove "no request left"). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Hit {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export class CountingServer {
  readonly hits: Hit[] = [];
  #server: Server | null = null;

  get port(): number {
    return (this.#server?.address() as AddressInfo).port;
  }
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.#server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const hit = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      this.hits.push(hit);
      const u = new URL(hit.url, 'http://x');
      if (u.pathname === '/echo') {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'x-test': 'yes' });
        return res.end(JSON.stringify({ method: hit.method, body: hit.body, idempotencyKey: req.headers['idempotency-key'] ?? null, authorization: req.headers.authorization ?? null }));
      }
      if (u.pathname === '/redirect') {
        res.writeHead(Number(u.searchParams.get('status') ?? 302), { location: u.searchParams.get('to') ?? '/echo' });
        return res.end();
      }
      if (u.pathname === '/loop') {
        res.writeHead(302, { location: '/loop' });
        return res.end();
      }
      if (u.pathname.startsWith('/status/')) {
        res.writeHead(Number(u.pathname.slice(8)), { 'content-type': 'text/plain' });
        return res.end('status body');
      }
      if (u.pathname === '/big') {
        // Streamed without content-length: the limit must hold while reading.
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const chunk = Buffer.alloc(64 * 1024, 120);
        for (let i = 0; i < 40 && !res.destroyed; i++) res.write(chunk);
        return res.end();
      }
      if (u.pathname === '/big-declared') {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(2 * 1024 * 1024) });
        return res.end(Buffer.alloc(2 * 1024 * 1024, 120));
      }
      if (u.pathname === '/hang') return; // never answers
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('hello');
    });
    await new Promise<void>((ok) => this.#server?.listen(0, '127.0.0.1', ok));
    return this;
  }

  async stop(): Promise<void> {
    const s = this.#server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((ok) => s.close(() => ok()));
  }
}
