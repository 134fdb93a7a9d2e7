/**
 * A fake engine for store and component tests: `vi.stubGlobal('fetch', engine.fetch)`; routes are
 * `'GET /api/v1/inbox'` (query ignored unless the key has `?`) → a handler returning an answer.
 * Every call is recorded with its method, path, query, JSON body and headers.
 */
export interface FakeCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Record<string, string>;
}

export interface FakeAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  text?: string;
}

const ANSWER = Symbol('answer');

/** A full answer (status, headers); anything else a handler returns is a 200 JSON body. */
export function reply(status: number, body?: unknown, headers?: Record<string, string>): FakeAnswer {
  return { [ANSWER]: true, status, body, headers } as FakeAnswer;
}

/** The engine's error answer. */
export function fail(status: number, code: string, message = code, details?: unknown, headers?: Record<string, string>): FakeAnswer {
  return reply(status, { error: { code, message, ...(details !== undefined ? { details } : {}) } }, headers);
}

type Handler = (call: FakeCall) => unknown;

export class FakeEngine {
  readonly calls: FakeCall[] = [];
  #routes = new Map<string, Handler>();

  /** A handler computing the answer from the call, or a fixed answer (a `reply()`, or a JSON body). */
  on(route: string, handler: Handler): this;
  on(route: string, answer: unknown): this;
  on(route: string, handler: unknown): this {
    this.#routes.set(route, typeof handler === 'function' ? (handler as Handler) : () => handler);
    return this;
  }

  /** The calls to one route (`'POST /api/v1/tasks/1/complete'`). */
  callsTo(route: string): FakeCall[] {
    const [method, path] = route.split(' ') as [string, string];
    return this.calls.filter((c) => c.method === method && c.path === path);
  }

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input), 'http://designer.test');
    const method = (init?.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]));
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    const call: FakeCall = { method, path: url.pathname, query: url.searchParams, body, headers };
    this.calls.push(call);
    const handler = this.#routes.get(`${method} ${url.pathname}${url.search}`) ?? this.#routes.get(`${method} ${url.pathname}`);
    if (!handler) return new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: `no fake for ${method} ${url.pathname}` } }), { status: 404 });
    const out = handler(call);
    const answer: FakeAnswer = out && typeof out === 'object' && ANSWER in out ? (out as FakeAnswer) : { body: out };
    const status = answer.status ?? 200;
    const text = answer.text ?? (answer.body === undefined || status === 204 ? '' : JSON.stringify(answer.body));
    return new Response(status === 204 ? null : text, { status, headers: answer.headers });
  };
}

/** A signed-in user as GET /auth/me answers. */
export function meUser(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'user',
    id: 7,
    email: 'han@coachflow.test',
    name: 'Han Meimei',
    employeeId: 'E9001',
    roles: ['manager', 'employee'],
    locale: 'zh-CN',
    status: 'active',
    employee: { id: 'E9001', name: '韩梅梅 Han Meimei', managerId: 'E9000', teamId: 'T1', departmentId: 'D1' },
    ...over,
  };
}

/** Resolves pending promises (store actions awaiting fetch). */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise((r) => setTimeout(r, 0));
}
