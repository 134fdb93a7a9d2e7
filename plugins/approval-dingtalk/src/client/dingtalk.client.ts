/**
 * Calls DingTalk's v1.0 API with `x-acs-dingtalk-access-token`: refreshes the token once on 401,
 * maps `{code, message}` errors (HTTP 400 non-retryable except throttling; 429/5xx retryable).
 */
import { ConnectorError, type ActionContext } from '@coachflow/connector-sdk';
import { accessToken, dropToken } from './access-token.js';
import { apiCredentials } from './dingtalk-credentials.js';

/** 400 codes a later attempt can pass (automation rules throttled). */
const RETRYABLE_CODES = new Set(['autoflowLikeTriggerRateLimited']);

export async function dingtalkCall<T>(ctx: ActionContext, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const c = apiCredentials(ctx.credentials);
  for (let attempt = 0; ; attempt++) {
    const token = await accessToken(ctx, c);
    let res: Response;
    try {
      res = await ctx.fetch(`${c.baseUrl}${path}`, {
        method,
        headers: { 'x-acs-dingtalk-access-token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: ctx.signal,
      });
    } catch (e) {
      if (ctx.signal.aborted) throw ConnectorError.retryable('TIMEOUT', `DingTalk ${path} did not answer in time`);
      throw ConnectorError.retryable('NETWORK', `DingTalk unreachable: ${e instanceof Error ? e.message : String(e)}`);
    }
    const parsed = (await res.json().catch(() => null)) as (T & { code?: string; message?: string }) | null;
    if (res.status === 200 && parsed) return parsed;
    const code = typeof parsed?.code === 'string' ? parsed.code : `HTTP_${res.status}`;
    const msg = `DingTalk ${path}: ${res.status} ${code} ${parsed?.message ?? ''}`.trim();
    if (res.status === 401) {
      dropToken(c, token);
      if (attempt === 0) {
        ctx.logger.warn('dingtalk: token rejected, refreshing once', { code });
        continue;
      }
      throw ConnectorError.nonRetryable('AUTH', msg);
    }
    if (res.status === 429) throw ConnectorError.retryable('RATE_LIMITED', msg);
    if (res.status >= 500) throw ConnectorError.retryable(code === 'systemError' ? 'SYSTEM_ERROR' : code, msg);
    if (RETRYABLE_CODES.has(code)) throw ConnectorError.retryable(code, msg);
    if (res.status === 403) throw ConnectorError.nonRetryable('FORBIDDEN', msg);
    throw ConnectorError.nonRetryable(code, msg);
  }
}
