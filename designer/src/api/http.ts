/**
 * The one HTTP client of the designer. Every API function takes an `ApiContext` first so the
 * session store can add credentials later without touching the resource files.
 */

/** Where and how to call the engine API. */
export interface ApiContext {
  /** Prefix of every path, e.g. `/api/v1`. */
  baseUrl: string;
  /** Extra headers per request (the session store adds auth here once sign-in exists). */
  headers?: () => Record<string, string>;
  /** Injected for tests; defaults to the global `fetch`. */
  fetch?: typeof fetch;
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
  ) {
    super(message);
    this.name = 'ApiError';
  }
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
export async function request<T>(ctx: ApiContext, method: string, path: string, body?: unknown): Promise<T> {
  const doFetch = ctx.fetch ?? globalThis.fetch.bind(globalThis);
  const headers: Record<string, string> = { Accept: 'application/json', ...(ctx.headers?.() ?? {}) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await doFetch(`${ctx.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'NETWORK_ERROR', e instanceof Error ? e.message : String(e));
  }
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!res.ok) {
    if (isErrorBody(parsed)) throw new ApiError(res.status, parsed.error.code, parsed.error.message, parsed.error.details);
    throw new ApiError(res.status, `HTTP_${res.status}`, typeof parsed === 'string' && parsed ? parsed.slice(0, 200) : res.statusText);
  }
  return parsed as T;
}
