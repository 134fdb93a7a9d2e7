import { ConnectorError, defineAction, type ActionContext, type ActionDefinition } from '@coachflow/connector-sdk';
import { parseAllowlist, type Allowlist } from '../client/allowlist.js';
import { readLimited } from '../client/read-limited.js';
import { checkTarget, systemLookup, type HostLookup } from '../client/target-guard.js';

export interface SendRequestInput {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  url: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else is sent as JSON. */
  body?: unknown;
  /** Statuses that count as success (default: any 2xx). */
  expectStatus?: number | number[];
}

export interface SendRequestOutput {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the response says JSON, else text. */
  body: unknown;
}

export interface SendRequestOptions {
  lookup?: HostLookup;
  maxResponseBytes?: number;
  maxRedirects?: number;
}

export const MAX_RESPONSE_BYTES = 1024 * 1024;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];

function allowlistOf(ctx: ActionContext): Allowlist {
  try {
    return parseAllowlist(ctx.credentials.allowlist);
  } catch (e) {
    throw ConnectorError.nonRetryable('CREDENTIALS_INVALID', e instanceof Error ? e.message : String(e));
  }
}

function validate(input: SendRequestInput): URL {
  if (!METHODS.includes(input.method)) throw ConnectorError.nonRetryable('INVALID_INPUT', `method must be one of ${METHODS.join(', ')}`);
  try {
    return new URL(input.url);
  } catch {
    throw ConnectorError.nonRetryable('INVALID_INPUT', 'url is not a valid absolute URL');
  }
}

async function send(ctx: ActionContext, url: URL, method: string, headers: Headers, body: string | undefined): Promise<Response> {
  try {
    return await ctx.fetch(url, { method, headers, body, redirect: 'manual', signal: ctx.signal });
  } catch (e) {
    if (ctx.signal.aborted) throw ConnectorError.retryable('TIMEOUT', `${method} ${url.host} did not answer in time`);
    throw ConnectorError.retryable('NETWORK', `${method} ${url.host} failed: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`);
  }
}

/**
 * Builds the action; the connector uses the system resolver, tests pass a stub to check the guard
 * on hostnames without touching the network.
 */
export function createSendRequest(options: SendRequestOptions = {}): ActionDefinition<SendRequestInput, SendRequestOutput> {
  const lookup = options.lookup ?? systemLookup;
  const maxBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const maxRedirects = options.maxRedirects ?? 5;
  return defineAction<SendRequestInput, SendRequestOutput>({
    displayName: { 'zh-CN': '发送 HTTP 请求', en: 'Send HTTP request' },
    description: { 'zh-CN': '调用外部 HTTP 接口（默认禁止访问内网地址）', en: 'Call an external HTTP API (internal addresses are refused unless allowlisted)' },
    input: {
      type: 'object',
      required: ['method', 'url'],
      properties: {
        method: { type: 'string', enum: METHODS, default: 'POST' },
        url: { type: 'string', format: 'uri', title: 'URL' },
        headers: { type: 'object', additionalProperties: { type: 'string' } },
        body: { title: 'Body (text, or JSON for anything else)' },
        expectStatus: { oneOf: [{ type: 'integer' }, { type: 'array', items: { type: 'integer' } }], title: 'Expected status (default 2xx)' },
      },
    },
    output: { type: 'object', properties: { status: { type: 'integer' }, headers: { type: 'object' }, body: {} } },
    sends: ['url', 'headers', 'body'],
    async run(ctx, input) {
      let url = validate(input);
      const allowlist = allowlistOf(ctx);
      let method = input.method;
      const headers = new Headers(input.headers ?? {});
      let body: string | undefined;
      if (input.body !== undefined && method !== 'GET' && method !== 'HEAD') {
        body = typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
        if (typeof input.body !== 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
      }
      // Lets receivers that support it recognise a retry of the same step.
      if (!headers.has('idempotency-key')) headers.set('idempotency-key', ctx.idempotencyKey);

      let res: Response | undefined;
      for (let hop = 0; ; hop++) {
        await checkTarget(url, allowlist, lookup);
        res = await send(ctx, url, method, headers, body);
        const location = res.headers.get('location');
        if (![301, 302, 303, 307, 308].includes(res.status) || !location) break;
        await res.body?.cancel();
        if (hop >= maxRedirects) throw ConnectorError.nonRetryable('TOO_MANY_REDIRECTS', `more than ${maxRedirects} redirects`);
        const next = new URL(location, url);
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
          headers.delete('content-type');
        }
        // Never carry credentials to another origin.
        if (next.origin !== url.origin) {
          headers.delete('authorization');
          headers.delete('cookie');
        }
        ctx.logger.info('http: following redirect', { status: res.status, to: next.origin });
        url = next;
      }

      let raw: Buffer;
      try {
        raw = await readLimited(res, maxBytes);
      } catch (e) {
        if (ctx.signal.aborted) throw ConnectorError.retryable('TIMEOUT', `${method} ${url.host}: the answer did not finish in time`);
        throw e;
      }
      const text = raw.toString('utf8');
      const isJson = /[/+]json\b/i.test(res.headers.get('content-type') ?? '');
      let parsed: unknown = text;
      if (isJson && text !== '') {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text;
        }
      }
      const out: SendRequestOutput = { status: res.status, headers: Object.fromEntries(res.headers.entries()), body: parsed };
      const expected = input.expectStatus === undefined ? undefined : Array.isArray(input.expectStatus) ? input.expectStatus : [input.expectStatus];
      const ok = expected ? expected.includes(res.status) : res.status >= 200 && res.status < 300;
      if (ok) return out;
      const msg = `${method} ${url.host}${url.pathname} answered ${res.status}${expected ? ` (expected ${expected.join(' or ')})` : ''}`;
      if (res.status === 429 || res.status === 408 || res.status >= 500) throw ConnectorError.retryable(`HTTP_${res.status}`, msg);
      throw ConnectorError.nonRetryable(`HTTP_${res.status}`, msg);
    },
  });
}

export const sendRequest = createSendRequest();
