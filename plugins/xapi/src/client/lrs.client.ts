/** The LRS client: Basic auth, `X-Experience-API-Version: 1.0.3`, statuses mapped to ConnectorErrors. */
import { ConnectorError, type ActionContext } from '@coachflow/connector-sdk';

export const XAPI_VERSION = '1.0.3';

export interface LrsCredentials {
  endpoint: string;
  username: string;
  password: string;
  homePage: string;
}

export function lrsCredentials(ctx: ActionContext): LrsCredentials {
  const { endpoint, username, password, homePage } = ctx.credentials;
  if (!endpoint || !username || !password || !homePage) throw ConnectorError.nonRetryable('CREDENTIALS_MISSING', 'xapi needs endpoint, username, password and homePage');
  return { endpoint: endpoint.replace(/\/+$/, ''), username, password, homePage };
}

export interface LrsResponse {
  status: number;
  body: unknown;
}

export async function lrsRequest(ctx: ActionContext, method: 'GET' | 'POST', path: string, body?: unknown): Promise<LrsResponse> {
  const c = lrsCredentials(ctx);
  let res: Response;
  try {
    res = await ctx.fetch(`${c.endpoint}${path}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`,
        'x-experience-api-version': XAPI_VERSION,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: ctx.signal,
    });
  } catch (e) {
    if (ctx.signal.aborted) throw ConnectorError.retryable('TIMEOUT', 'the LRS did not answer in time');
    throw ConnectorError.retryable('NETWORK', `LRS unreachable: ${e instanceof Error ? e.message : String(e)}`);
  }
  const text = await res.text().catch(() => '');
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* keep text */
  }
  return { status: res.status, body: parsed };
}

/** Maps a non-success status (409 is handled by the caller). */
export function statusError(status: number, body: unknown): ConnectorError {
  const detail = typeof body === 'object' && body !== null && 'error' in body ? String(body.error) : typeof body === 'string' ? body.slice(0, 200) : '';
  const msg = `LRS answered ${status}${detail ? `: ${detail}` : ''}`;
  if (status === 401 || status === 403) return ConnectorError.nonRetryable('AUTH', msg);
  if (status === 429 || status === 408 || status >= 500) return ConnectorError.retryable(`HTTP_${status}`, msg);
  if (status === 400) return ConnectorError.nonRetryable('BAD_STATEMENT', msg);
  return ConnectorError.nonRetryable(`HTTP_${status}`, msg);
}
