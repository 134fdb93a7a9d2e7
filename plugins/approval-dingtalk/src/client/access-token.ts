/**
 * DingTalk access token (new style, `POST /v1.0/oauth2/accessToken`): cached per (baseUrl, appKey)
 * until 5 minutes before `expireIn`, fetched once for concurrent callers, dropped on 401 so the
 * caller can refresh once.
 */
import { ConnectorError, type ActionContext } from '@coachflow/connector-sdk';
import type { DingtalkCredentials } from './dingtalk-credentials.js';

const MARGIN_MS = 5 * 60 * 1000;
const cache = new Map<string, { token: string; refreshAt: number }>();
const inflight = new Map<string, Promise<string>>();
const keyOf = (c: DingtalkCredentials) => `${c.baseUrl}|${c.appKey}`;

export function clearDingtalkTokenCache(): void {
  cache.clear();
  inflight.clear();
}

export function dropToken(c: DingtalkCredentials, token: string): void {
  if (cache.get(keyOf(c))?.token === token) cache.delete(keyOf(c));
}

export async function accessToken(ctx: ActionContext, c: DingtalkCredentials): Promise<string> {
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

async function fetchToken(ctx: ActionContext, c: DingtalkCredentials): Promise<string> {
  let res: Response;
  try {
    res = await ctx.fetch(`${c.baseUrl}/v1.0/oauth2/accessToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appKey: c.appKey, appSecret: c.appSecret }),
      signal: ctx.signal,
    });
  } catch (e) {
    if (ctx.signal.aborted) throw ConnectorError.retryable('TIMEOUT', 'DingTalk token endpoint did not answer in time');
    throw ConnectorError.retryable('NETWORK', `DingTalk unreachable: ${e instanceof Error ? e.message : String(e)}`);
  }
  const body = (await res.json().catch(() => null)) as { accessToken?: string; expireIn?: number; code?: string; message?: string } | null;
  if (res.status === 429 || res.status >= 500) throw ConnectorError.retryable(`HTTP_${res.status}`, `DingTalk token endpoint answered ${res.status} ${body?.code ?? ''}`.trim());
  if (res.status !== 200 || !body?.accessToken) throw ConnectorError.nonRetryable('AUTH', `DingTalk refused the app credentials: ${body?.code ?? res.status} ${body?.message ?? ''}`.trim());
  cache.set(keyOf(c), { token: body.accessToken, refreshAt: Date.now() + Math.max(0, (body.expireIn ?? 7200) * 1000 - MARGIN_MS) });
  return body.accessToken;
}
