/** Stands in for the engine's callback route: handleDingtalkCallback, dedupe by eventId, reply "success". */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isConnectorError } from '@coachflow/connector-sdk';
import { handleDingtalkCallback, type DingtalkCallbackResult } from '../src/index.js';

export interface Receiver {
  url: string;
  results: DingtalkCallbackResult[];
  applied: string[];
  rejected: string[];
  close(): Promise<void>;
}

export async function startReceiver(credentials: Record<string, string>): Promise<Receiver> {
  const results: DingtalkCallbackResult[] = [];
  const applied: string[] = [];
  const rejected: string[] = [];
  const seen = new Set<string>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    try {
      const query = new URL(req.url ?? '/', 'http://x').searchParams;
      const r = handleDingtalkCallback({ query, rawBody: Buffer.concat(chunks) }, credentials);
      results.push(r);
      if (r.kind === 'event' && !seen.has(r.eventId)) {
        seen.add(r.eventId);
        applied.push(`${r.instanceId}:${r.outcome}`);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(r.reply));
    } catch (e) {
      rejected.push(isConnectorError(e) ? e.code : String(e));
      res.writeHead(401).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callbacks/dingtalk`,
    results,
    applied,
    rejected,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
