/**
 * Calls a Feishu open API with the tenant token: refreshes the token once on 99991661/99991663,
 * and maps Feishu's `{code, msg}` answers to ConnectorErrors (429/99991400 and 1395001 retryable).
 */
import { ConnectorError, type ActionContext } from '@coachflow/connector-sdk';
import { credentialsOf } from './feishu-credentials.js';
import { dropToken, tenantToken } from './tenant-token.js';

export interface FeishuEnvelope<T = Record<string, unknown>> {
  code: number;
  msg: string;
  data?: T;
}

const TOKEN_CODES = new Set([99991661, 99991663]);
const NAMED: Record<number, string> = {
  1390001: 'INVALID_PARAM',
  1390002: 'APPROVAL_NOT_FOUND',
  1390013: 'UNSUPPORTED_APPROVAL',
  1390015: 'APPROVAL_INACTIVE',
  60012: 'DUPLICATE',
};

/** Returns the envelope for code 0 or for a code in `allow`; throws for everything else. */
export async function feishuCall<T = Record<string, unknown>>(ctx: ActionContext, method: 'GET' | 'POST', path: string, body?: unknown, allow: number[] = []): Promise<FeishuEnvelope<T>> {
  const c = credentialsOf(ctx);
  for (let attempt = 0; ; attempt++) {
    const token = await tenantToken(ctx, c);
    let res: Response;
    try {
      res = await ctx.fetch(`${c.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: ctx.signal,
      });
    } catch (e) {
      if (ctx.signal.aborted) throw ConnectorError.retryable('TIMEOUT', `Feishu ${path} did not answer in time`);
      throw ConnectorError.retryable('NETWORK', `Feishu unreachable: ${e instanceof Error ? e.message : String(e)}`);
    }
    const env = (await res.json().catch(() => null)) as FeishuEnvelope<T> | null;
    if (res.status === 429 || env?.code === 99991400) {
      const reset = res.headers.get('x-ogw-ratelimit-reset');
      throw ConnectorError.retryable('RATE_LIMITED', `Feishu rate limit on ${path}; resets in ${reset ?? '?'} s`);
    }
    if (!env || typeof env.code !== 'number') {
      if (res.status >= 500) throw ConnectorError.retryable(`HTTP_${res.status}`, `Feishu answered ${res.status} on ${path}`);
      throw ConnectorError.nonRetryable(`HTTP_${res.status}`, `Feishu answered ${res.status} without a JSON envelope on ${path}`);
    }
    if (TOKEN_CODES.has(env.code)) {
      dropToken(c, token);
      if (attempt === 0) {
        ctx.logger.warn('feishu: token rejected, refreshing once', { code: env.code });
        continue;
      }
      throw ConnectorError.nonRetryable('AUTH', `Feishu rejected a fresh tenant token: ${env.code} ${env.msg}`);
    }
    if (env.code === 0 || allow.includes(env.code)) return env;
    const msg = `Feishu ${path}: ${env.code} ${env.msg}`;
    if (env.code === 1395001 || res.status >= 500) throw ConnectorError.retryable('SERVER_ERROR', msg);
    throw ConnectorError.nonRetryable(NAMED[env.code] ?? `FEISHU_${env.code}`, msg);
  }
}
