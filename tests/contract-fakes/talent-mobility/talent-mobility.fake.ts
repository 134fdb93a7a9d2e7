/**
 * A fake internal talent marketplace implementing plugins/talent-mobility/openapi.yaml, node:http only.
 * Bearer auth; Idempotency-Key on POSTs (201 first, 200 same resource on repeat, 422 on a changed
 * body); 429 + Retry-After; status changes (`setStatus`) POST signed webhooks to `webhookUrl`.
 * Switches: `mode` ('ok' | 'unavailable' | 'rateLimited'), `dropWebhooks`, `duplicateWebhooks`.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RotationStatus = 'submitted' | 'under_review' | 'approved' | 'rejected' | 'cancelled';

export interface RotationRequest {
  id: string;
  status: RotationStatus;
  employeeRef: string;
  source: 'coaching' | 'hr';
  targetRole?: string;
  targetOrg?: string;
  opportunityId?: string;
  rationale: string;
  requestedBy: string;
  approvalRef?: string;
  effectiveDate?: string;
  evidenceRef?: string;
  createdAt: string;
  updatedAt: string;
}

export interface TalentCall {
  method: string;
  path: string;
  idempotencyKey?: string;
  status: number;
}

export interface WebhookDelivery {
  eventId: string;
  body: string;
  /** HTTP status the subscriber answered, or 'dropped' / 'failed'. */
  outcome: number | 'dropped' | 'failed';
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

const err = (status: number, code: string, message: string, headers?: Record<string, string>): Reply => ({ status, body: { error: { code, message } }, headers });
const FIELDS = ['employeeRef', 'source', 'targetRole', 'targetOrg', 'opportunityId', 'rationale', 'requestedBy', 'approvalRef', 'effectiveDate', 'evidenceRef'] as const;

export class TalentMobilityFake {
  readonly tokens = new Set(['talent-token']);
  readonly requests = new Map<string, RotationRequest>();
  readonly calls: TalentCall[] = [];
  readonly webhooks: WebhookDelivery[] = [];
  mode: 'ok' | 'unavailable' | 'rateLimited' = 'ok';
  retryAfterSeconds = 2;
  webhookUrl: string | null = null;
  webhookSecret = 'whsec-test';
  dropWebhooks = false;
  duplicateWebhooks = false;
  #keys = new Map<string, { bodyHash: string; id: string }>();
  #seq = 0;
  #server: Server | null = null;

  get url(): string {
    const addr = this.#server?.address() as AddressInfo | null;
    if (!addr) throw new Error('talent-mobility fake not started');
    return `http://127.0.0.1:${addr.port}/api/v1`;
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

  /** Moves a request to a new status (as a reviewer would) and delivers the webhook. */
  async setStatus(id: string, status: RotationStatus): Promise<WebhookDelivery[]> {
    const r = this.requests.get(id);
    if (!r) throw new Error(`no rotation request ${id}`);
    r.status = status;
    r.updatedAt = new Date(Math.max(Date.now(), Date.parse(r.updatedAt) + 1)).toISOString();
    const body = JSON.stringify({ eventId: `evt_${randomUUID()}`, type: 'rotation_request.status_changed', data: { id, status, updatedAt: r.updatedAt } });
    const out = [await this.deliver(body)];
    if (this.duplicateWebhooks) out.push(await this.deliver(body));
    return out;
  }

  /** Signs and POSTs one webhook body to `webhookUrl` (at-least-once: callers may redeliver). */
  async deliver(body: string): Promise<WebhookDelivery> {
    const eventId = (JSON.parse(body) as { eventId: string }).eventId;
    const record: WebhookDelivery = { eventId, body, outcome: 'dropped' };
    this.webhooks.push(record);
    if (this.dropWebhooks || !this.webhookUrl) return record;
    try {
      const res = await fetch(this.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-event-id': eventId, 'x-signature': `sha256=${createHmac('sha256', this.webhookSecret).update(body).digest('hex')}` },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      record.outcome = res.status;
    } catch {
      record.outcome = 'failed';
    }
    return record;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://talent.local');
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
    const reply = this.#route(req, url.pathname, raw, key);
    this.calls.push({ method: req.method ?? '', path: url.pathname, idempotencyKey: key, status: reply.status });
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  }

  #route(req: IncomingMessage, path: string, raw: string, key: string | undefined): Reply {
    if (this.mode === 'unavailable') return err(503, 'unavailable', 'try again later');
    if (this.mode === 'rateLimited') return err(429, 'rate_limited', 'too many requests', { 'retry-after': String(this.retryAfterSeconds) });
    const token = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!token || !this.tokens.has(token)) return err(401, 'unauthorized', 'bearer token missing or invalid');
    if (path === '/api/v1/rotation-requests' && req.method === 'POST') return this.#create(raw, key);
    const m = /^\/api\/v1\/rotation-requests\/([^/]+)(\/cancel)?$/.exec(path);
    if (!m?.[1]) return err(404, 'not_found', 'no such route');
    const r = this.requests.get(decodeURIComponent(m[1]));
    if (m[2] && req.method === 'POST') {
      if (!key) return err(400, 'validation_failed', 'Idempotency-Key header required');
      if (!r) return err(404, 'not_found', 'no such rotation request');
      if (r.status === 'cancelled') return { status: 200, body: r };
      if (r.status === 'approved' || r.status === 'rejected') return err(409, 'invalid_state', `the request is already ${r.status}`);
      r.status = 'cancelled';
      r.updatedAt = new Date().toISOString();
      return { status: 200, body: r };
    }
    if (!m[2] && req.method === 'GET') return r ? { status: 200, body: r } : err(404, 'not_found', 'no such rotation request');
    return err(405, 'method_not_allowed', 'method not allowed');
  }

  #create(raw: string, key: string | undefined): Reply {
    if (!key) return err(400, 'validation_failed', 'Idempotency-Key header required');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return err(400, 'validation_failed', 'body must be JSON');
    }
    const bodyHash = createHash('sha256').update(raw).digest('hex');
    const seen = this.#keys.get(key);
    if (seen) {
      if (seen.bodyHash !== bodyHash) return err(422, 'idempotency_key_mismatch', 'this Idempotency-Key was used with a different body');
      return { status: 200, body: this.requests.get(seen.id) };
    }
    const str = (k: string): boolean => typeof body[k] === 'string' && (body[k] as string).length > 0;
    const missing = ['employeeRef', 'rationale', 'requestedBy'].filter((k) => !str(k));
    if (missing.length) return err(400, 'validation_failed', `missing ${missing.join(', ')}`);
    if (body.source !== 'coaching' && body.source !== 'hr') return err(400, 'validation_failed', 'source must be coaching or hr');
    if (!str('targetRole') && !str('targetOrg') && !str('opportunityId')) return err(400, 'validation_failed', 'one of targetRole, targetOrg, opportunityId is required');
    if (body.effectiveDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(body.effectiveDate))) return err(400, 'validation_failed', 'effectiveDate must be YYYY-MM-DD');
    const unknown = Object.keys(body).filter((k) => !(FIELDS as readonly string[]).includes(k));
    if (unknown.length) return err(400, 'validation_failed', `unknown fields ${unknown.join(', ')}`);
    const now = new Date().toISOString();
    const id = `rr_${++this.#seq}`;
    const r = { ...(body as Omit<RotationRequest, 'id' | 'status' | 'createdAt' | 'updatedAt'>), id, status: 'submitted' as const, createdAt: now, updatedAt: now };
    this.requests.set(id, r);
    this.#keys.set(key, { bodyHash, id });
    return { status: 201, body: r };
  }
}
