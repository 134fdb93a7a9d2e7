/** Stands in for the engine's callback route: handleFeishuCallback, dedupe by eventId, answer fast. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isConnectorError } from '@coachflow/connector-sdk';
import { handleFeishuCallback, type FeishuCallbackResult } from '../src/index.js';

export interface Receiver {
  url: string;
  results: FeishuCallbackResult[];
  applied: string[];
  rejected: string[];
  close(): Promise<void>;
}

export async function startReceiver(credentials: Record<string, string>): Promise<Receiver> {
  const results: FeishuCallbackResult[] = [];
  const applied: string[] = [];
  const rejected: string[] = [];
  const seen = new Set<string>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    try {
      const r = handleFeishuCallback({ headers: req.headers, rawBody: Buffer.concat(chunks) }, credentials);
      results.push(r);
      if (r.kind === 'challenge') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(r.body));
      }
      if (r.kind === 'event' && !seen.has(r.eventId)) {
        seen.add(r.eventId);
        applied.push(`${r.instanceCode}:${r.outcome}`);
      }
      res.writeHead(200).end('{}');
    } catch (e) {
      rejected.push(isConnectorError(e) ? e.code : String(e));
      res.writeHead(401).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks/feishu`,
    results,
    applied,
    rejected,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
