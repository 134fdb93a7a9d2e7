/** HTTP client for the talent-mobility contract (../../openapi.yaml): bearer auth, error mapping. */
import { ConnectorError, type ActionContext } from '@coachflow/connector-sdk';

export type RotationStatus = 'submitted' | 'under_review' | 'approved' | 'rejected' | 'cancelled';

export interface RotationRequestResource {
  id: string;
  status: RotationStatus;
  updatedAt: string;
  [field: string]: unknown;
}

export const ROTATION_STATUSES: readonly RotationStatus[] = ['submitted', 'under_review', 'approved', 'rejected', 'cancelled'];

export function isRotationRequest(v: unknown): v is RotationRequestResource {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.id === 'string' && typeof r.updatedAt === 'string' && ROTATION_STATUSES.includes(r.status as RotationStatus);
}

export interface TalentResponse {
  status: number;
  body: unknown;
}

export async function talentRequest(ctx: ActionContext, method: 'GET' | 'POST', path: string, body?: unknown, idempotencyKey?: string): Promise<TalentResponse> {
  const baseUrl = ctx.credentials.baseUrl?.replace(/\/+$/, '');
  const token = ctx.credentials.token;
  if (!baseUrl || !token) throw ConnectorError.nonRetryable('CREDENTIALS_MISSING', 'talent-mobility needs baseUrl and token');
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  let res: Response;
  try {
    res = await ctx.fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: ctx.signal });
  } catch (e) {
    if (ctx.signal.aborted) throw ConnectorError.retryable('TIMEOUT', 'the talent marketplace did not answer in time');
    throw ConnectorError.retryable('NETWORK', `talent marketplace unreachable: ${e instanceof Error ? e.message : String(e)}`);
  }
  const text = await res.text().catch(() => '');
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  if (res.status === 429) {
    const after = res.headers.get('retry-after');
    throw ConnectorError.retryable('RATE_LIMITED', `talent marketplace rate limit; retry after ${after ?? '?'} s`);
  }
  if (res.status >= 500 || res.status === 408) throw ConnectorError.retryable(`HTTP_${res.status}`, `talent marketplace answered ${res.status}`);
  return { status: res.status, body: parsed };
}

/** The `{error: {code, message}}` body as text. */
export function errorText(body: unknown): string {
  const e = typeof body === 'object' && body !== null ? (body as { error?: { code?: unknown; message?: unknown } }).error : undefined;
  return e ? `${String(e.code)}: ${String(e.message)}` : typeof body === 'string' ? body.slice(0, 200) : '';
}

export function failure(res: TalentResponse, what: string): ConnectorError {
  const msg = `${what}: HTTP ${res.status} ${errorText(res.body)}`;
  if (res.status === 401 || res.status === 403) return ConnectorError.nonRetryable('AUTH', msg);
  if (res.status === 404) return ConnectorError.nonRetryable('NOT_FOUND', msg);
  if (res.status === 409) return ConnectorError.nonRetryable('INVALID_STATE', msg);
  if (res.status === 422) return ConnectorError.nonRetryable('IDEMPOTENCY_MISMATCH', msg);
  if (res.status === 400) return ConnectorError.nonRetryable('INVALID_REQUEST', msg);
  return ConnectorError.nonRetryable(`HTTP_${res.status}`, msg);
}
