import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConnectorError } from '@coachflow/connector-sdk';
import httpConnector, { checkTarget, classifyAddress, createSendRequest, parseAllowlist, type HostLookup } from '../src/index.js';
import { CountingServer } from './counting-server.js';
import { makeCtx } from './ctx.js';

const sendRequest = httpConnector.actions.sendRequest;
let server: CountingServer;
let other: CountingServer;

beforeEach(async () => {
  server = await new CountingServer().start();
  other = await new CountingServer().start();
});
afterEach(async () => {
  await server.stop();
  await other.stop();
});

async function failure(p: Promise<unknown>): Promise<{ code: string; retryable: boolean; message: string }> {
  try {
    await p;
  } catch (e) {
    if (isConnectorError(e)) return { code: e.code, retryable: e.retryable, message: e.message };
    throw e;
  }
  throw new Error('expected the action to fail');
}

/** A ctx whose fetch must never be called (private-range checks must not touch the network). */
function noNetworkCtx(credentials: Record<string, string> = {}) {
  const t = makeCtx(credentials);
  let calls = 0;
  t.ctx.fetch = (async () => {
    calls++;
    throw new Error('no request may leave in this test');
  }) as typeof fetch;
  return { ctx: t.ctx, calls: () => calls };
}

/** A resolver stub: names map to fixed addresses, anything else is ENOTFOUND. */
function stubLookup(table: Record<string, string[]>): HostLookup {
  return async (host) => {
    const found = table[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found;
  };
}

describe('address classifier (pure)', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.10.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['172.32.0.1', 'public'],
    ['8.8.8.8', 'public'],
    ['2001:4860:4860::8888', 'public'],
  ])('%s is %s', (ip, cls) => {
    expect(classifyAddress(ip)).toBe(cls);
  });
});

describe('allowlist', () => {
  it('parses host:port and CIDR entries and rejects junk', () => {
    expect(parseAllowlist('intranet.local:8443, 10.20.0.0/16 ,[::1]:8080')).toMatchObject({ hostPorts: [{ host: 'intranet.local', port: 8443 }, { host: '::1', port: 8080 }], cidrs: [{ prefix: 16 }] });
    expect(() => parseAllowlist('intranet.local')).toThrow(/host:port/);
    expect(() => parseAllowlist('10.0.0.0/99')).toThrow(/CIDR/);
  });
  it('a hostname entry allows that host on that port only', async () => {
    const list = parseAllowlist('hr.intranet:8443');
    const lookup = stubLookup({ 'hr.intranet': ['10.0.0.7'] });
    await expect(checkTarget(new URL('https://hr.intranet:8443/x'), list, lookup)).resolves.toEqual(['10.0.0.7']);
    await expect(checkTarget(new URL('https://hr.intranet/x'), list, lookup)).rejects.toMatchObject({ code: 'SSRF_BLOCKED' });
  });
});

describe('SSRF guard: refused by default, no request leaves', () => {
  it.each(['http://127.0.0.1:PORT/echo', 'http://localhost:PORT/echo', 'http://[::1]:PORT/echo', 'http://2130706433:PORT/echo', 'http://[::ffff:127.0.0.1]:PORT/echo', 'http://0.0.0.0:PORT/echo'])(
    'refuses %s (loopback server sees 0 hits)',
    async (template) => {
      const { ctx } = makeCtx({});
      const f = await failure(sendRequest.run(ctx, { method: 'GET', url: template.replace('PORT', String(server.port)) }));
      expect(f).toMatchObject({ code: 'SSRF_BLOCKED', retryable: false });
      expect(server.hits).toHaveLength(0);
    },
  );
  it.each(['http://10.0.0.1/', 'http://172.16.4.2/', 'http://192.168.1.1/', 'http://169.254.169.254/latest/meta-data/', 'http://[fd00::1]/', 'http://[fe80::1]/'])('refuses the address literal %s before any fetch', async (url) => {
    const { ctx, calls } = noNetworkCtx();
    expect(await failure(sendRequest.run(ctx, { method: 'GET', url }))).toMatchObject({ code: 'SSRF_BLOCKED' });
    expect(calls()).toBe(0);
  });
  it('refuses a hostname that resolves to a private address, or to a mix of public and private', async () => {
    const action = createSendRequest({ lookup: stubLookup({ 'intranet.example.com': ['10.1.2.3'], 'mixed.example.com': ['93.184.216.34', '192.168.0.9'] }) });
    const { ctx, calls } = noNetworkCtx();
    expect(await failure(action.run(ctx, { method: 'GET', url: 'https://intranet.example.com/' }))).toMatchObject({ code: 'SSRF_BLOCKED' });
    expect(await failure(action.run(ctx, { method: 'GET', url: 'https://mixed.example.com/' }))).toMatchObject({ code: 'SSRF_BLOCKED' });
    expect(await failure(action.run(ctx, { method: 'GET', url: 'https://nowhere.example.com/' }))).toMatchObject({ code: 'HOST_NOT_FOUND', retryable: false });
    expect(calls()).toBe(0);
  });
  it('refuses non-http schemes and credentials in the URL', async () => {
    const { ctx, calls } = noNetworkCtx();
    expect(await failure(sendRequest.run(ctx, { method: 'GET', url: 'file:///etc/passwd' }))).toMatchObject({ code: 'URL_NOT_ALLOWED' });
    expect(await failure(sendRequest.run(ctx, { method: 'GET', url: 'http://u:p@example.com/' }))).toMatchObject({ code: 'URL_NOT_ALLOWED' });
    expect(calls()).toBe(0);
  });
});

describe('allowlisted loopback target', () => {
  it('sends method, JSON body and the idempotency key; returns status, headers and parsed body', async () => {
    const { ctx } = makeCtx({ allowlist: `127.0.0.1:${server.port}` }, { idempotencyKey: 'run-3:http-1' });
    const out = await sendRequest.run(ctx, { method: 'POST', url: `${server.url}/echo`, body: { employee: 'E1' }, headers: { authorization: 'Bearer x' } });
    expect(out.status).toBe(200);
    expect(out.headers['x-test']).toBe('yes');
    expect(out.body).toEqual({ method: 'POST', body: '{"employee":"E1"}', idempotencyKey: 'run-3:http-1', authorization: 'Bearer x' });
    expect(server.hits[0]?.headers['content-type']).toBe('application/json');
  });
  it('a CIDR entry works too; the allowlist does not open other ports', async () => {
    const { ctx } = makeCtx({ allowlist: '127.0.0.0/8' });
    expect((await sendRequest.run(ctx, { method: 'GET', url: `${server.url}/` })).body).toBe('hello');
    const narrow = makeCtx({ allowlist: `127.0.0.1:${server.port}` });
    expect(await failure(sendRequest.run(narrow.ctx, { method: 'GET', url: `${other.url}/` }))).toMatchObject({ code: 'SSRF_BLOCKED' });
    expect(other.hits).toHaveLength(0);
  });
  it('expectStatus: listed statuses succeed, 4xx fails for good, 5xx is retryable', async () => {
    const { ctx } = makeCtx({ allowlist: `127.0.0.1:${server.port}` });
    expect((await sendRequest.run(ctx, { method: 'GET', url: `${server.url}/status/404`, expectStatus: [200, 404] })).status).toBe(404);
    expect(await failure(sendRequest.run(ctx, { method: 'GET', url: `${server.url}/status/404` }))).toMatchObject({ code: 'HTTP_404', retryable: false });
    expect(await failure(sendRequest.run(ctx, { method: 'GET', url: `${server.url}/status/503` }))).toMatchObject({ code: 'HTTP_503', retryable: true });
    expect(await failure(sendRequest.run(ctx, { method: 'GET', url: `${server.url}/status/429` }))).toMatchObject({ code: 'HTTP_429', retryable: true });
  });
});

describe('redirects are followed by hand and checked at every hop', () => {
  it('follows an allowed redirect (303 turns POST into GET)', async () => {
    const { ctx } = makeCtx({ allowlist: `127.0.0.1:${server.port}` });
    const out = await sendRequest.run(ctx, { method: 'POST', url: `${server.url}/redirect?status=303&to=/echo`, body: 'x' });
    expect(out.body).toMatchObject({ method: 'GET', body: '' });
  });
  it('refuses a redirect to a non-allowlisted loopback port: the target sees 0 hits', async () => {
    const { ctx } = makeCtx({ allowlist: `127.0.0.1:${server.port}` });
    const to = encodeURIComponent(`${other.url}/echo`);
    expect(await failure(sendRequest.run(ctx, { method: 'GET', url: `${server.url}/redirect?to=${to}` }))).toMatchObject({ code: 'SSRF_BLOCKED' });
    expect(server.hits).toHaveLength(1);
    expect(other.hits).toHaveLength(0);
  });
  it('refuses a redirect to a hostname resolving to a private range', async () => {
    const action = createSendRequest({ lookup: stubLookup({ 'metadata.internal': ['169.254.169.254'] }) });
    const { ctx } = makeCtx({ allowlist: `127.0.0.1:${server.port}` });
    const to = encodeURIComponent('http://metadata.internal/latest');
    expect(await failure(action.run(ctx, { method: 'GET', url: `${server.url}/redirect?to=${to}` }))).toMatchObject({ code: 'SSRF_BLOCKED' });
  });
  it('stops after 5 redirects', async () => {
    const { ctx } = makeCtx({ allowlist: `127.0.0.1:${server.port}` });
    expect(await failure(sendRequest.run(ctx, { method: 'GET', url: `${server.url}/loop` }))).toMatchObject({ code: 'TOO_MANY_REDIRECTS' });
    expect(server.hits).toHaveLength(6);
  });
});

describe('limits', () => {
  it('refuses responses over 1 MB, streamed or declared', async () => {
    const { ctx } = makeCtx({ allowlist: `127.0.0.1:${server.port}` });
    expect(await failure(sendRequest.run(ctx, { method: 'GET', url: `${server.url}/big` }))).toMatchObject({ code: 'RESPONSE_TOO_LARGE', retryable: false });
    expect(await failure(sendRequest.run(ctx, { method: 'GET', url: `${server.url}/big-declared` }))).toMatchObject({ code: 'RESPONSE_TOO_LARGE' });
  });
  it('gives up when the step signal aborts (retryable timeout)', async () => {
    const { ctx } = makeCtx({ allowlist: `127.0.0.1:${server.port}` }, { timeoutMs: 150 });
    const started = Date.now();
    expect(await failure(sendRequest.run(ctx, { method: 'GET', url: `${server.url}/hang` }))).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(Date.now() - started).toBeLessThan(2000);
  });
  it('rejects a bad allowlist credential and a bad method', async () => {
    const { ctx } = makeCtx({ allowlist: 'not an entry' });
    expect(await failure(sendRequest.run(ctx, { method: 'GET', url: 'https://example.com/' }))).toMatchObject({ code: 'CREDENTIALS_INVALID' });
    const ok = makeCtx({});
    expect(await failure(sendRequest.run(ok.ctx, { method: 'TRACE' as 'GET', url: 'https://example.com/' }))).toMatchObject({ code: 'INVALID_INPUT' });
  });
});
