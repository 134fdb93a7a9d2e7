/**
 * A fake xAPI Learning Record Store (CONTRACTS.md 2.5), node:http only.
 *
 * - Every request must carry `X-Experience-API-Version` 1.0.x (missing or ≥ 1.1.0 → 400); every
 *   response carries `X-Experience-API-Version: 1.0.3`.
 * - Basic auth against `accounts`.
 * - `POST /statements`: one statement or an array → 200 with the stored ids in order; duplicate ids
 *   inside one batch → 400; an id already stored with different content → 409 (same content → 200);
 *   the batch is atomic.
 * - `PUT /statements?statementId=` → 204 (same conflict rules); `GET /statements?statementId=` → 200/404.
 * Switches: `mode` = 'ok' | 'unavailable' (503) | 'rateLimited' (429);
 * `conflictOnAnyDuplicate` makes a repeat of a stored id answer 409 even with the same content
 * (some LRSs do), so the connector's fallback can be tested.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Statement = Record<string, unknown>;

export interface LrsCall {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  status: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Canonical JSON without the properties the LRS sets itself, for "same content" comparison. */
function canonical(s: Statement): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : typeof v === 'object' && v !== null ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  const { stored: _s, authority: _a, version: _v, ...rest } = s;
  return JSON.stringify(sort(rest));
}

export class LrsFake {
  readonly accounts = new Map<string, string>([['lrs-user', 'lrs-pass']]);
  /** Stored statements by id (with the LRS-set `stored`, `timestamp`, `authority`, `version`). */
  readonly statements = new Map<string, Statement>();
  readonly calls: LrsCall[] = [];
  mode: 'ok' | 'unavailable' | 'rateLimited' = 'ok';
  conflictOnAnyDuplicate = false;
  #submitted = new Map<string, string>();
  #server: Server | null = null;

  get url(): string {
    const addr = this.#server?.address() as AddressInfo | null;
    if (!addr) throw new Error('lrs fake not started');
    return `http://127.0.0.1:${addr.port}/xapi`;
  }

  async start(port = 0): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((ok) => this.#server?.listen(port, '127.0.0.1', ok));
    return this;
  }

  async stop(): Promise<void> {
    const s = this.#server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((ok) => s.close(() => ok()));
    this.#server = null;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://lrs.local');
    const { status, payload } = this.#route(req, url, body);
    this.calls.push({ method: req.method ?? '', path: url.pathname + url.search, headers: req.headers, body, status });
    const headers: Record<string, string> = { 'x-experience-api-version': '1.0.3' };
    if (status === 429) headers['retry-after'] = '1';
    if (payload === undefined) {
      res.writeHead(status, headers);
      return void res.end();
    }
    res.writeHead(status, { ...headers, 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  }

  #route(req: IncomingMessage, url: URL, body: string): { status: number; payload?: unknown } {
    if (this.mode === 'unavailable') return { status: 503, payload: { error: 'unavailable' } };
    if (this.mode === 'rateLimited') return { status: 429, payload: { error: 'too many requests' } };
    const version = req.headers['x-experience-api-version'];
    if (typeof version !== 'string' || !/^1\.0(\.\d+)?$/.test(version)) return { status: 400, payload: { error: 'X-Experience-API-Version 1.0.x header required' } };
    const auth = /^Basic (.+)$/.exec(String(req.headers.authorization ?? ''));
    const [user, pass] = auth?.[1] ? Buffer.from(auth[1], 'base64').toString('utf8').split(':') : [];
    if (!user || this.accounts.get(user) !== pass) return { status: 401, payload: { error: 'unauthorized' } };
    if (url.pathname !== '/xapi/statements') return { status: 404, payload: { error: 'not found' } };
    const statementId = url.searchParams.get('statementId');
    if (req.method === 'GET') {
      const s = statementId ? this.statements.get(statementId) : undefined;
      return s ? { status: 200, payload: s } : { status: 404, payload: { error: 'no such statement' } };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return { status: 400, payload: { error: 'invalid JSON' } };
    }
    if (req.method === 'PUT') {
      if (!statementId || !UUID.test(statementId) || Array.isArray(parsed) || typeof parsed !== 'object' || parsed === null) return { status: 400, payload: { error: 'statementId and one statement required' } };
      const s = parsed as Statement;
      if (s.id !== undefined && s.id !== statementId) return { status: 400, payload: { error: 'id does not match statementId' } };
      const r = this.#store([{ ...s, id: statementId }]);
      return 'error' in r ? r.error : { status: 204 };
    }
    if (req.method === 'POST') {
      const list = (Array.isArray(parsed) ? parsed : [parsed]) as Statement[];
      const r = this.#store(list);
      return 'error' in r ? r.error : { status: 200, payload: r.ids };
    }
    return { status: 405, payload: { error: 'method not allowed' } };
  }

  #store(list: Statement[]): { ids: string[] } | { error: { status: number; payload: unknown } } {
    const seen = new Set<string>();
    for (const s of list) {
      if (typeof s !== 'object' || s === null) return { error: { status: 400, payload: { error: 'statement must be an object' } } };
      const verb = s.verb as { id?: unknown } | undefined;
      if (!s.actor || typeof verb?.id !== 'string' || !s.object) return { error: { status: 400, payload: { error: 'actor, verb.id and object are required' } } };
      if (s.id !== undefined) {
        if (typeof s.id !== 'string' || !UUID.test(s.id)) return { error: { status: 400, payload: { error: 'id must be a UUID' } } };
        if (seen.has(s.id)) return { error: { status: 400, payload: { error: `duplicate id ${s.id} in batch` } } };
        seen.add(s.id);
        const before = this.#submitted.get(s.id);
        if (before !== undefined && (before !== canonical(s) || this.conflictOnAnyDuplicate)) return { error: { status: 409, payload: { error: `statement ${s.id} already exists` } } };
      }
    }
    const ids: string[] = [];
    for (const s of list) {
      const id = typeof s.id === 'string' ? s.id : randomUUID();
      ids.push(id);
      if (this.#submitted.has(id)) continue;
      this.#submitted.set(id, canonical({ ...s, id }));
      const now = new Date().toISOString();
      this.statements.set(id, { ...s, id, timestamp: s.timestamp ?? now, stored: now, version: '1.0.3', authority: { objectType: 'Agent', account: { homePage: 'http://lrs.local', name: 'lrs-user' } } });
    }
    return { ids };
  }
}
