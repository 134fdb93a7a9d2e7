/**
 * Misbehaving HTTP clients at the socket level, for the slow-client and many-connection limits:
 * a client that sends its headers a byte at a time and never finishes them, one that sends
 * complete headers and then trickles a body it never finishes, one that connects and says
 * nothing, and a crowd of idle connections.
 */
import { connect, type Socket } from 'node:net';

export interface SlowClientResult {
  kind: string;
  /** Milliseconds from connecting until the server closed the connection (null: still open at the deadline). */
  closedAfterMs: number | null;
  /** Bytes the client managed to send before being cut off. */
  bytesSent: number;
  /** The start of what the server answered (e.g. "HTTP/1.1 408 Request Timeout"). */
  answer: string;
}

/**
 * Opens a connection to 127.0.0.1:port and feeds it `prefix` immediately, then `trickle` one byte
 * every `everyMs` (cycling), until the server closes the connection or `deadlineMs` passes.
 */
export function slowClient(kind: string, port: number, opts: { prefix?: string; trickle?: string; everyMs?: number; deadlineMs: number }): Promise<SlowClientResult> {
  return new Promise((resolve) => {
    const started = Date.now();
    let bytesSent = 0;
    let answer = '';
    let timer: NodeJS.Timeout | null = null;
    let done = false;
    const socket = connect(port, '127.0.0.1');
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      if (timer) clearInterval(timer);
      clearTimeout(deadline);
      socket.destroy();
      resolve({ kind, closedAfterMs: closed ? Date.now() - started : null, bytesSent, answer: answer.split('\r\n')[0] ?? '' });
    };
    const deadline = setTimeout(() => finish(false), opts.deadlineMs);
    socket.on('data', (d) => (answer += d.toString('latin1')));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.on('connect', () => {
      if (opts.prefix) {
        socket.write(opts.prefix);
        bytesSent += Buffer.byteLength(opts.prefix);
      }
      const trickle = opts.trickle;
      if (!trickle) return;
      let i = 0;
      timer = setInterval(() => {
        if (socket.destroyed) return;
        socket.write(trickle[i++ % trickle.length] as string);
        bytesSent++;
      }, opts.everyMs ?? 500);
    });
  });
}

/** Headers sent a byte every 500 ms, never finished. */
export const slowHeaders = (port: number, deadlineMs: number) =>
  slowClient('headers byte by byte', port, { trickle: 'POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Slow: ' + 'a'.repeat(500), everyMs: 500, deadlineMs });

/** Complete headers announcing 100 000 bytes, then a body byte every 500 ms, never finished. */
export const slowBody = (port: number, deadlineMs: number) =>
  slowClient('body byte by byte', port, {
    prefix: 'POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"type":"kpi.deviation","idempotencyKey":"slow","payload":{"x":"',
    trickle: 'a',
    everyMs: 500,
    deadlineMs,
  });

/** Connects and sends nothing. */
export const silentClient = (port: number, deadlineMs: number) => slowClient('connected, silent', port, { deadlineMs });

/** Opens `n` idle connections (in batches); resolves with the sockets that connected. */
export async function openIdleSockets(port: number, n: number, batch = 200): Promise<{ sockets: Socket[]; failed: number; closedEarly: () => number }> {
  const sockets: Socket[] = [];
  let failed = 0;
  let closed = 0;
  for (let i = 0; i < n; i += batch) {
    const results = await Promise.all(
      Array.from({ length: Math.min(batch, n - i) }, () =>
        new Promise<Socket | null>((ok) => {
          const s = connect(port, '127.0.0.1');
          s.once('connect', () => ok(s));
          s.once('error', () => ok(null));
          s.on('close', () => closed++);
          s.on('error', () => {});
        }),
      ),
    );
    for (const s of results) (s ? sockets.push(s) : failed++);
  }
  return { sockets, failed, closedEarly: () => closed };
}
