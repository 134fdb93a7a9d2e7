/**
 * A fake Feishu / Lark Approval v4 server (CONTRACTS.md 2.1), node:http only.
 *
 * - Token: `POST /open-apis/auth/v3/tenant_access_token/internal`; same token while ≥ 30 min is
 *   left, a new one (both valid) when less; `invalidateTokens()` = early invalidation (99991663).
 * - `POST /open-apis/approval/v4/instances`: `form` must be a JSON **string**; control ids/types
 *   checked against the definition (1390001); `uuid` reuse → 60012; inactive definition → 1390015.
 * - `GET /open-apis/approval/v4/instances/:code`, `GET /open-apis/approval/v4/instances?approval_code&start_time&end_time`
 *   (batch instance ids, paged), `POST /open-apis/approval/v4/approvals/:code/subscribe` (1390007 repeat, 1390002 unknown).
 * - `rateLimited` → HTTP 429 code 99991400 with `x-ogw-ratelimit-*`; `serverError` → 1395001.
 * - `sendEvent()` POSTs a v1.0 `approval_instance` callback, encrypted and signed like Feishu
 *   (AES-256-CBC, key sha256(encryptKey), base64(iv ‖ ct); X-Lark-Signature), with the REVERTED
 *   int64 `operate_time` quirk, duplicate (same uuid) and drop switches.
 */
import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FeishuInstanceStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELED' | 'DELETED';
export type FeishuEventStatus = FeishuInstanceStatus | 'REVERTED' | 'OVERTIME_CLOSE' | 'OVERTIME_RECOVER';

export interface FeishuDefinition {
  name: string;
  active: boolean;
  widgets: { id: string; type: string; required?: boolean }[];
}

export interface FeishuInstance {
  instance_code: string;
  approval_code: string;
  approval_name: string;
  user_id: string;
  open_id: string;
  department_id: string;
  serial_number: string;
  uuid: string;
  form: string;
  status: FeishuInstanceStatus;
  start_time: string;
  end_time: string;
  task_list: { id: string; user_id: string; open_id: string; status: string; node_id: string; node_name: string; custom_node_id: string; type: string; start_time: string; end_time: string }[];
  timeline: { type: string; create_time: string; user_id: string; open_id: string; ext: string }[];
  comment_list: unknown[];
}

export interface FeishuCall {
  method: string;
  path: string;
  authorization?: string;
  body: string;
  httpStatus: number;
  code: number;
}

export interface EventDelivery {
  eventUuid: string;
  rawBody: string;
  headers: Record<string, string>;
  /** HTTP status our receiver answered, or 'dropped' / 'failed'. */
  outcome: number | 'dropped' | 'failed';
}

type Reply = { status: number; body: Record<string, unknown>; headers?: Record<string, string> };

const ok = (data: unknown = {}): Reply => ({ status: 200, body: { code: 0, msg: 'success', data } });
const fail = (code: number, msg: string, status = 400): Reply => ({ status, body: { code, msg } });
const TTL_MARGIN_S = 30 * 60;

export class FeishuFake {
  readonly apps = new Map<string, string>([['cli_test', 'secret_test']]);
  readonly definitions = new Map<string, FeishuDefinition>([
    [
      'APPROVAL-ROTATION',
      {
        name: 'Rotation request',
        active: true,
        widgets: [
          { id: 'widget_target', type: 'input', required: true },
          { id: 'widget_reason', type: 'textarea', required: true },
          { id: 'widget_date', type: 'date' },
        ],
      },
    ],
    ['APPROVAL-INACTIVE', { name: 'Old', active: false, widgets: [] }],
  ]);
  readonly instances = new Map<string, FeishuInstance>();
  readonly subscriptions = new Set<string>();
  readonly calls: FeishuCall[] = [];
  readonly deliveries: EventDelivery[] = [];
  /** Lifetime of issued tokens in seconds (Feishu: 7200). */
  tokenTtlSeconds = 7200;
  encryptKey = 'feishu-encrypt-key';
  verificationToken = 'feishu-verification-token';
  rateLimited = false;
  rateLimitResetSeconds = 3;
  serverError = false;
  #tokens = new Map<string, { appId: string; expiresAt: number }>();
  #current = new Map<string, string>();
  #seq = 0;
  #server: Server | null = null;

  get url(): string {
    const addr = this.#server?.address() as AddressInfo | null;
    if (!addr) throw new Error('feishu fake not started');
    return `http://127.0.0.1:${addr.port}`;
  }

  get tokenRequests(): number {
    return this.calls.filter((c) => c.path.endsWith('/tenant_access_token/internal')).length;
  }

  async start(port = 0): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server?.listen(port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const s = this.#server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
    this.#server = null;
  }

  /** Early invalidation: every issued token stops working (API calls answer 99991663). */
  invalidateTokens(): void {
    this.#tokens.clear();
    this.#current.clear();
  }

  /**
   * Moves an instance to `status` (if it is an instance status) and POSTs the v1.0 approval_instance
   * callback to `url`. `duplicate` delivers the same body twice; `drop` changes state but sends nothing.
   */
  async sendEvent(url: string, instanceCode: string, status: FeishuEventStatus, opts: { encrypt?: boolean; duplicate?: boolean; drop?: boolean; badSignature?: boolean } = {}): Promise<EventDelivery[]> {
    const inst = this.instances.get(instanceCode);
    if (!inst) throw new Error(`no instance ${instanceCode}`);
    const now = Date.now();
    if (['PENDING', 'APPROVED', 'REJECTED', 'CANCELED', 'DELETED'].includes(status)) {
      inst.status = status as FeishuInstanceStatus;
      if (status !== 'PENDING') inst.end_time = String(now);
      for (const t of inst.task_list) if (t.status === 'PENDING' && (status === 'APPROVED' || status === 'REJECTED')) Object.assign(t, { status, end_time: String(now) });
      const type = { APPROVED: 'PASS', REJECTED: 'REJECT', CANCELED: 'CANCEL', DELETED: 'DELETE', PENDING: 'START' }[status as FeishuInstanceStatus];
      inst.timeline.push({ type, create_time: String(now), user_id: 'approver_1', open_id: 'ou_approver_1', ext: '{}' });
    }
    const eventUuid = randomBytes(16).toString('hex');
    const envelope = {
      ts: `${Math.floor(now / 1000)}.${String(now % 1000).padStart(3, '0')}7171`,
      uuid: eventUuid,
      token: this.verificationToken,
      type: 'event_callback',
      event: {
        app_id: [...this.apps.keys()][0],
        tenant_key: 'tenant_test',
        type: 'approval_instance',
        approval_code: inst.approval_code,
        instance_code: instanceCode,
        status,
        // Quirk [V56]: for REVERTED, operate_time is an int64, not a string.
        operate_time: status === 'REVERTED' ? now : String(now),
        instance_operate_time: String(now),
        uuid: inst.uuid,
      },
    };
    return this.#deliver(url, envelope, eventUuid, opts);
  }

  /** Sends the URL-verification challenge the way Feishu does when the URL is configured. */
  async sendChallenge(url: string, opts: { encrypt?: boolean } = {}): Promise<{ status: number; body: string }> {
    const challenge = randomUUID();
    const d = await this.#deliver(url, { challenge, token: this.verificationToken, type: 'url_verification' }, challenge, { encrypt: opts.encrypt, unsigned: true });
    return { status: typeof d[0]?.outcome === 'number' ? d[0].outcome : 0, body: this.lastResponseBody };
  }

  lastResponseBody = '';

  encrypt(plain: string): string {
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-cbc', createHash('sha256').update(this.encryptKey).digest(), iv);
    return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
  }

  async #deliver(url: string, payload: unknown, eventUuid: string, opts: { encrypt?: boolean; duplicate?: boolean; drop?: boolean; badSignature?: boolean; unsigned?: boolean }): Promise<EventDelivery[]> {
    const encrypt = opts.encrypt ?? true;
    const rawBody = encrypt ? JSON.stringify({ encrypt: this.encrypt(JSON.stringify(payload)) }) : JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (encrypt && !opts.unsigned) {
      const ts = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(8).toString('hex');
      headers['x-lark-request-timestamp'] = ts;
      headers['x-lark-request-nonce'] = nonce;
      headers['x-lark-signature'] = createHash('sha256').update(ts + nonce + (opts.badSignature ? 'wrong-key' : this.encryptKey) + rawBody).digest('hex');
    }
    const out: EventDelivery[] = [];
    for (let i = 0; i < (opts.duplicate ? 2 : 1); i++) {
      const d: EventDelivery = { eventUuid, rawBody, headers, outcome: 'dropped' };
      this.deliveries.push(d);
      out.push(d);
      if (opts.drop) continue;
      try {
        const res = await fetch(url, { method: 'POST', headers, body: rawBody, signal: AbortSignal.timeout(3000) });
        this.lastResponseBody = await res.text();
        d.outcome = res.status;
      } catch {
        d.outcome = 'failed';
      }
    }
    return out;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://feishu.local');
    const reply = this.#route(req, url, raw);
    this.calls.push({ method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization, body: raw, httpStatus: reply.status, code: Number(reply.body.code) });
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
    res.end(JSON.stringify(reply.body));
  }

  #route(req: IncomingMessage, url: URL, raw: string): Reply {
    if (this.rateLimited) {
      return { status: 429, body: { code: 99991400, msg: 'request trigger frequency limit' }, headers: { 'x-ogw-ratelimit-limit': '100', 'x-ogw-ratelimit-reset': String(this.rateLimitResetSeconds) } };
    }
    let body: Record<string, unknown> = {};
    if (raw) {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return fail(1390001, 'param is invalid: body is not JSON');
      }
    }
    if (url.pathname === '/open-apis/auth/v3/tenant_access_token/internal' && req.method === 'POST') return this.#token(body);
    const auth = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!auth) return fail(99991661, 'Missing access token for authorization. Please make a request with token attached.');
    const tok = this.#tokens.get(auth);
    if (!tok || tok.expiresAt <= Date.now()) return fail(99991663, 'Invalid access token for authorization. Please make a request with token attached.');
    if (this.serverError) return fail(1395001, 'server error, please retry');
    const p = url.pathname;
    if (p === '/open-apis/approval/v4/instances' && req.method === 'POST') return this.#create(body);
    if (p === '/open-apis/approval/v4/instances' && req.method === 'GET') return this.#list(url);
    let m = /^\/open-apis\/approval\/v4\/instances\/([^/]+)$/.exec(p);
    if (m?.[1] && req.method === 'GET') {
      const inst = this.instances.get(decodeURIComponent(m[1]));
      if (!inst) return fail(1390001, 'param is invalid: instance not found');
      const { instance_code: _c, ...rest } = inst;
      return ok({ ...rest, instance_code: inst.instance_code });
    }
    m = /^\/open-apis\/approval\/v4\/approvals\/([^/]+)\/subscribe$/.exec(p);
    if (m?.[1] && req.method === 'POST') {
      const code = decodeURIComponent(m[1]);
      if (!this.definitions.has(code)) return fail(1390002, 'approval code not found');
      if (this.subscriptions.has(code)) return fail(1390007, 'subscription existed');
      this.subscriptions.add(code);
      return ok({});
    }
    return fail(404, 'not found', 404);
  }

  #token(body: Record<string, unknown>): Reply {
    const appId = String(body.app_id ?? '');
    if (!this.apps.has(appId) || this.apps.get(appId) !== body.app_secret) return fail(10014, 'app secret invalid');
    const now = Date.now();
    const current = this.#current.get(appId);
    const info = current ? this.#tokens.get(current) : undefined;
    if (current && info && info.expiresAt - now >= TTL_MARGIN_S * 1000) {
      return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: current, expire: Math.floor((info.expiresAt - now) / 1000) } };
    }
    // Less than 30 min left (or none): a new token; the old one stays valid until it expires.
    const token = `t-${randomBytes(12).toString('hex')}`;
    this.#tokens.set(token, { appId, expiresAt: now + this.tokenTtlSeconds * 1000 });
    this.#current.set(appId, token);
    return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: token, expire: this.tokenTtlSeconds } };
  }

  #create(body: Record<string, unknown>): Reply {
    const code = String(body.approval_code ?? '');
    const def = this.definitions.get(code);
    if (!def) return fail(1390002, 'approval code not found');
    if (!def.active) return fail(1390015, 'approval is not active');
    const userId = typeof body.user_id === 'string' ? body.user_id : '';
    const openId = typeof body.open_id === 'string' ? body.open_id : '';
    if (!userId && !openId) return fail(1390001, 'param is invalid: user_id or open_id required');
    if (typeof body.form !== 'string') return fail(1390001, 'param is invalid: form must be a string');
    let form: unknown;
    try {
      form = JSON.parse(body.form);
    } catch {
      return fail(1390001, 'param is invalid: form is not a JSON array string');
    }
    if (!Array.isArray(form)) return fail(1390001, 'param is invalid: form is not a JSON array string');
    for (const c of form as { id?: unknown; type?: unknown; value?: unknown }[]) {
      const w = def.widgets.find((x) => x.id === c?.id);
      if (!w) return fail(1390001, `param is invalid: unknown control id ${String(c?.id)}`);
      if (w.type !== c.type) return fail(1390001, `param is invalid: control ${w.id} has type ${w.type}`);
    }
    for (const w of def.widgets) if (w.required && !(form as { id?: unknown }[]).some((c) => c?.id === w.id)) return fail(1390001, `param is invalid: required control ${w.id} missing`);
    if (typeof body.title === 'string' && !body.title.startsWith('@i18n@')) return fail(1390001, 'param is invalid: title must be an @i18n@ key');
    const uuid = typeof body.uuid === 'string' ? body.uuid : '';
    if (uuid.length > 64) return fail(1390001, 'param is invalid: uuid longer than 64');
    if (uuid && [...this.instances.values()].some((i) => i.uuid === uuid && i.approval_code === code)) return fail(60012, 'uuid has been used');
    const now = String(Date.now());
    const instanceCode = randomUUID().toUpperCase();
    this.instances.set(instanceCode, {
      instance_code: instanceCode,
      approval_code: code,
      approval_name: def.name,
      user_id: userId,
      open_id: openId || `ou_${userId}`,
      department_id: typeof body.department_id === 'string' ? body.department_id : '',
      serial_number: String(202500000 + ++this.#seq),
      uuid,
      form: body.form,
      status: 'PENDING',
      start_time: now,
      end_time: '0',
      task_list: [{ id: `task_${this.#seq}`, user_id: 'approver_1', open_id: 'ou_approver_1', status: 'PENDING', node_id: 'node_1', node_name: 'Skip-level manager', custom_node_id: '', type: 'AND', start_time: now, end_time: '0' }],
      timeline: [{ type: 'START', create_time: now, user_id: userId, open_id: openId, ext: '{}' }],
      comment_list: [],
    });
    return ok({ instance_code: instanceCode });
  }

  /** Batch instance ids of a definition started in [start_time, end_time] (ms), 100 per page. */
  #list(url: URL): Reply {
    const code = url.searchParams.get('approval_code') ?? '';
    if (!this.definitions.has(code)) return fail(1390002, 'approval code not found');
    const start = Number(url.searchParams.get('start_time'));
    const end = Number(url.searchParams.get('end_time'));
    if (!Number.isFinite(start) || !Number.isFinite(end)) return fail(1390001, 'param is invalid: start_time and end_time required');
    const pageSize = Math.min(100, Number(url.searchParams.get('page_size') ?? 100));
    const offset = Number(url.searchParams.get('page_token') || 0);
    const all = [...this.instances.values()].filter((i) => i.approval_code === code && Number(i.start_time) >= start && Number(i.start_time) <= end).map((i) => i.instance_code);
    const page = all.slice(offset, offset + pageSize);
    const hasMore = offset + pageSize < all.length;
    return ok({ instance_code_list: page, page_token: hasMore ? String(offset + pageSize) : '', has_more: hasMore });
  }
}
