import { describe, expect, it } from 'vitest';
import { isApiError, request } from '@/api/http';

describe('http request', () => {
  it('turns the engine error body into an ApiError with code and details', async () => {
    const ctx = {
      baseUrl: '/api/v1',
      fetch: async () => new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'workflow x not found', details: { id: 'x' } } }), { status: 404 }),
    };
    const err = await request(ctx, 'GET', '/workflows/x').catch((e: unknown) => e);
    expect(isApiError(err)).toBe(true);
    expect(err).toMatchObject({ status: 404, code: 'NOT_FOUND', message: 'workflow x not found', details: { id: 'x' } });
  });

  it('reports network failures as status 0 and sends JSON bodies', async () => {
    const offline = { baseUrl: '', fetch: async () => Promise.reject(new TypeError('fetch failed')) };
    expect(await request(offline, 'GET', '/x').catch((e: unknown) => e)).toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
    let seen: RequestInit | undefined;
    const ok = { baseUrl: '/api/v1', fetch: async (_u: string | URL | Request, init?: RequestInit) => ((seen = init), new Response('{"ok":true}')) };
    expect(await request(ok, 'POST', '/events', { type: 'schedule' })).toEqual({ ok: true });
    expect(seen?.body).toBe('{"type":"schedule"}');
    expect((seen?.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });
});
