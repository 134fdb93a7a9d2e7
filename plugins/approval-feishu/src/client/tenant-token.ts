/**
 * tenant_access_token cache: one token per (baseUrl, appId), reused until 30 minutes before it
 * expires (Feishu hands out a new token only when less than 30 minutes are left), fetched once
 * for concurrent callers, dropped on 99991661/99991663 so the caller can refresh once.
 */
import { ConnectorError, type ActionContext } from '@coachflow/connector-sdk';
import type { FeishuCredentials } from './feishu-credentials.js';

const MARGIN_MS = 30 * 60 * 1000;
const cache = new Map<string, { token: string; refreshAt: number }>();
const inflight = new Map<string, Promise<string>>();

const keyOf = (c: FeishuCredentials): string => `${c.baseUrl}|${c.appId}`;

export function clearFeishuTokenCache(): void {
  cache.clear();
  inflight.clear();
}

export function dropToken(c: FeishuCredentials, token: string): void {
  if (cache.get(keyOf(c))?.token === token) cache.delete(keyOf(c));
}

export async function tenantToken(ctx: ActionContext, c: FeishuCredentials): Promise<string> {
  const key = keyOf(c);
  const hit = cache.get(key);
  if (hit && Date.now() < hit.refreshAt) return hit.token;
  let p = inflight.get(key);
  if (!p) {
    p = fetchToken(ctx, c).finally(() => inflight.delete(key));
    inflight.set(key, p);
  }
  return p;
}

async function fetchToken(ctx: ActionContext, c: FeishuCredentials): Promise<string> {
  let res: Response;
  try {
    res = await ctx.fetch(`${c.baseUrl}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ app_id: c.appId, app_secret: c.appSecret }),
      signal: ctx.signal,
    });
  } catch (e) {
    if (ctx.signal.aborted) throw ConnectorError.retryable('TIMEOUT', 'Feishu token endpoint did not answer in time');
    throw ConnectorError.retryable('NETWORK', `Feishu unreachable: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (res.status === 429 || res.status >= 500) throw ConnectorError.retryable(`HTTP_${res.status}`, `Feishu token endpoint answered ${res.status}`);
  const body = (await res.json().catch(() => null)) as { code?: number; msg?: string; tenant_access_token?: string; expire?: number } | null;
  if (!body || body.code !== 0 || !body.tenant_access_token) {
    throw ConnectorError.nonRetryable('AUTH', `Feishu refused the app credentials: ${body?.code ?? res.status} ${body?.msg ?? ''}`.trim());
  }
  const expireMs = (body.expire ?? 7200) * 1000;
  cache.set(`${c.baseUrl}|${c.appId}`, { token: body.tenant_access_token, refreshAt: Date.now() + Math.max(0, expireMs - MARGIN_MS) });
  return body.tenant_access_token;
}
