/**
 * The one HTTP client of the designer. Every API function takes an `ApiContext` first; the session
 * store builds it with the bearer token and the "signed out" handler (401 → sign-in page).
 */

/** Where and how to call the engine API. */
export interface ApiContext {
  /** Prefix of every path, e.g. `/api/v1`. */
  baseUrl: string;
  /** Extra headers per request (the session store adds `Authorization: Bearer <token>`). */
  headers?: () => Record<string, string>;
  /** Called when the engine answers 401 (no, expired or revoked token) before the error is thrown. */
  onUnauthorized?: (error: ApiError) => void;
  /** Told of every request in flight (the session waits for them before signing out). */
  track?: (pending: Promise<unknown>) => void;
  /** Injected for tests; defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

/** Options of one request. */
export interface RequestOptions {
  /** The path is absolute on the engine (`/readyz`, `/metrics`), not under `baseUrl`. */
  root?: boolean;
  /** Return the body as text (Prometheus metrics) instead of parsed JSON. */
  text?: boolean;
  /** Statuses answered with a body rather than an error (e.g. 503 from /readyz: "not ready"). */
  accept?: number[];
  /** Do not call `onUnauthorized` on 401 (sign-in itself: a wrong password is not an expired session). */
  noAuthRedirect?: boolean;
}

/** The engine's error body: `{ error: { code, message, details? } }`. */
export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

const API_ERROR = Symbol.for('coachflow.ApiError');

/** A non-2xx answer (or a network failure, status 0) from the engine. */
export class ApiError extends Error {
  readonly [API_ERROR] = true;
  constructor(
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    /** Stable error code from the engine, e.g. `REVISION_CONFLICT`. */
    readonly code: string,
    message: string,
    /** Structured details, e.g. the current workflow on a conflict. */
    readonly details?: unknown,
    /** Seconds to wait before trying again (429 `Retry-After`), when the engine says so. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Seconds from a `Retry-After` header (seconds or an HTTP date), else from `details.retryAfterSeconds`. */
export function retryAfterOf(header: string | null, details: unknown): number | null {
  if (header) {
    const n = Number(header);
    if (Number.isFinite(n) && n >= 0) return Math.ceil(n);
    const at = Date.parse(header);
    if (Number.isFinite(at)) return Math.max(0, Math.ceil((at - Date.now()) / 1000));
  }
  const d = (details as { retryAfterSeconds?: unknown } | null | undefined)?.retryAfterSeconds;
  return typeof d === 'number' && Number.isFinite(d) ? Math.ceil(d) : null;
}

/** The engine root of a context (`/api/v1` → ``, `http://h/api/v1` → `http://h`). */
export function rootOf(baseUrl: string): string {
  return baseUrl.replace(/\/api\/v\d+\/?$/, '');
}

export function isApiError(e: unknown): e is ApiError {
  return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[API_ERROR] === true;
}

function isErrorBody(v: unknown): v is { error: ApiErrorBody } {
  if (typeof v !== 'object' || v === null || !('error' in v)) return false;
  const err = (v as { error: unknown }).error;
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string';
}

/** Query string from defined values only. */
export function toQuery(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Sends a JSON request and returns the parsed JSON body, or throws an `ApiError`. */
export function request<T>(ctx: ApiContext, method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const pending = send<T>(ctx, method, path, body, options);
  ctx.track?.(pending);
  return pending;
}

async function send<T>(ctx: ApiContext, method: string, path: string, body: unknown, options: RequestOptions): Promise<T> {
  const doFetch = ctx.fetch ?? globalThis.fetch.bind(globalThis);
  const headers: Record<string, string> = { Accept: options.text ? 'text/plain' : 'application/json', ...(ctx.headers?.() ?? {}) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const url = options.root ? `${rootOf(ctx.baseUrl)}${path}` : `${ctx.baseUrl}${path}`;
  let res: Response;
  try {
    res = await doFetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK_ERROR', e instanceof Error ? e.message : String(e));
  }
  const text = await res.text();
  if (options.text && res.ok) return text as T;
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!res.ok && !options.accept?.includes(res.status)) {
    const retryAfter = res.status === 429 || res.status === 503 ? retryAfterOf(res.headers.get('Retry-After'), isErrorBody(parsed) ? parsed.error.details : undefined) : null;
    const error = isErrorBody(parsed)
      ? new ApiError(res.status, parsed.error.code, parsed.error.message, parsed.error.details, retryAfter)
      : new ApiError(res.status, `HTTP_${res.status}`, typeof parsed === 'string' && parsed ? parsed.slice(0, 200) : res.statusText, undefined, retryAfter);
    if (res.status === 401 && !options.noAuthRedirect) ctx.onUnauthorized?.(error);
    throw error;
  }
  return parsed as T;
}
