import { ConnectorError, defineAction, defineConnector } from '@coachflow/connector-sdk';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import type { CredentialService } from '../credentials/credential.service.js';
import { callConnectorAction } from './call-action.js';
import { ConnectorRegistry } from './connector-registry.js';

const log = createLogger('silent');

const echo = defineConnector({
  id: 'echo',
  version: 2,
  displayName: { 'zh-CN': '回声', en: 'Echo' },
  credentials: { url: { type: 'string' }, key: { type: 'string', secret: true, required: true } },
  actions: {
    say: defineAction<{ text: string }, unknown>({
      displayName: { 'zh-CN': '说', en: 'Say' },
      input: { type: 'object', properties: { text: { type: 'string' } } },
      sends: ['text'],
      async run(ctx, input) {
        if (input.text === 'hang') await new Promise((r) => setTimeout(r, 5000));
        if (input.text === 'fail') throw ConnectorError.nonRetryable('NOPE', `refused with key ${ctx.credentials.key}`);
        return { said: input.text, key: ctx.credentials.key, fields: Object.keys(ctx.credentials) };
      },
    }),
  },
});

function registry(): ConnectorRegistry {
  const r = new ConnectorRegistry(log);
  r.register(echo, { origin: { pluginId: 'coachflow-plugin-echo', packageVersion: '2.1.0', source: 'folder' } });
  const creds = { forConnector: async (id: string) => (id === 'echo' ? { credentials: { url: 'https://echo', key: 'k-very-secret-1' }, secrets: ['k-very-secret-1'] } : { credentials: {}, secrets: [] }) };
  r.useCredentials(creds as unknown as CredentialService);
  return r;
}

describe('ConnectorRegistry', () => {
  it('describes connectors for the catalogue: sends, credential declarations without values, version, plugin, state', () => {
    const r = registry();
    expect(r.describe().echo).toEqual({
      displayName: { 'zh-CN': '回声', en: 'Echo' },
      version: 2,
      plugin: { id: 'coachflow-plugin-echo', version: '2.1.0', source: 'folder' },
      enabled: true,
      problems: [],
      credentials: { url: { type: 'string', secret: false, required: false }, key: { type: 'string', secret: true, required: true } },
      actions: { say: { displayName: { 'zh-CN': '说', en: 'Say' }, input: { type: 'object', properties: { text: { type: 'string' } } }, sends: ['text'] } },
    });
  });

  it('keeps a disabled connector described but out of the validator catalogue and uncallable', async () => {
    const r = registry();
    r.setEnabled('echo', false);
    expect(r.describe().echo?.enabled).toBe(false);
    expect(r.catalogue()).toEqual({});
    expect(r.get('echo')).toBeUndefined();
    expect(r.definition('echo')?.id).toBe('echo');
    expect(await callConnectorAction(r, log, { connector: 'echo', action: 'say', input: { text: 'x' }, idempotencyKey: 'k', timeoutMs: 1000 })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'CONNECTOR_NOT_FOUND', retryable: false }),
    });
  });

  it('reports a module that fails to load and keeps going', async () => {
    const r = registry();
    expect(await r.load('/nonexistent/connector.js')).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ module: '/nonexistent/connector.js' })]);
    expect(r.get('echo')).toBeDefined();
  });
});

describe('callConnectorAction', () => {
  it("passes the connector's own credentials and scrubs secrets from output and errors", async () => {
    const r = registry();
    const ok = await callConnectorAction(r, log, { connector: 'echo', action: 'say', input: { text: 'hi' }, idempotencyKey: 'k1', timeoutMs: 1000 });
    expect(ok).toEqual({ ok: true, output: { said: 'hi', key: '[redacted]', fields: ['url', 'key'] } });
    const failed = await callConnectorAction(r, log, { connector: 'echo', action: 'say', input: { text: 'fail' }, idempotencyKey: 'k1', timeoutMs: 1000 });
    expect(failed).toEqual({ ok: false, error: { code: 'NOPE', message: 'refused with key [redacted]', retryable: false } });
  });

  it('aborts at the timeout with a retryable ACTION_TIMEOUT', async () => {
    const started = Date.now();
    const r = await callConnectorAction(registry(), log, { connector: 'echo', action: 'say', input: { text: 'hang' }, idempotencyKey: 'k', timeoutMs: 100 });
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'ACTION_TIMEOUT', retryable: true }) });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
