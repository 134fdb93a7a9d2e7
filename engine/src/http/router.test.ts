import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatcher } from './router.js';

let server: Server;
let base: string;
let routerMatches = 0;

beforeAll(async () => {
  const router = new Router();
  const answer = (name: string) => (ctx: Koa.Context) => {
    ctx.body = { name, params: ctx.params, routerPath: ctx.routerPath };
  };
  router.get('/plain', answer('plain'));
  router.post('/plain', answer('plain-post'));
  router.get('/items/:id', answer('item'));
  router.get('/items/new', answer('new-item')); // shadowed by /items/:id, registered first: the router answers
  router.get('/chain', (_ctx, next) => next(), answer('second')); // two middlewares: left to the router
  router.get('/passes', (_ctx, next) => next()); // hands on to the next route matching the path: left to the router
  router.get('/passes', answer('after-pass'));
  const app = new Koa();
  const dispatch = dispatcher(router);
  const match = router.match.bind(router);
  router.match = (path, method) => {
    routerMatches++;
    return match(path, method);
  };
  app.use((ctx, next) => dispatch(ctx, next) as Promise<void>);
  app.use(router.allowedMethods({ throw: false }));
  server = createServer(app.callback()).listen(0, '127.0.0.1');
  await new Promise((ok) => server.once('listening', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

async function call(method: string, path: string): Promise<{ status: number; body: unknown; viaRouter: boolean }> {
  const before = routerMatches;
  const res = await fetch(`${base}${path}`, { method });
  const text = await res.text();
  return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text, viaRouter: routerMatches > before };
}

describe('dispatcher', () => {
  it('sends a request for a route without parameters straight to its handler, as the router would', async () => {
    expect(await call('GET', '/plain')).toEqual({ status: 200, body: { name: 'plain', params: {}, routerPath: '/plain' }, viaRouter: false });
    expect(await call('POST', '/plain')).toEqual({ status: 200, body: { name: 'plain-post', params: {}, routerPath: '/plain' }, viaRouter: false });
    expect((await call('HEAD', '/plain')).status).toBe(200);
  });

  it('leaves everything else to the router: parameters, shadowed paths, several middlewares, other spellings, other methods', async () => {
    expect(await call('GET', '/items/7')).toEqual({ status: 200, body: { name: 'item', params: { id: '7' }, routerPath: '/items/:id' }, viaRouter: true });
    expect(await call('GET', '/items/new')).toEqual({ status: 200, body: { name: 'item', params: { id: 'new' }, routerPath: '/items/:id' }, viaRouter: true });
    expect(await call('GET', '/chain')).toMatchObject({ status: 200, body: { name: 'second' }, viaRouter: true });
    expect(await call('GET', '/passes')).toEqual({ status: 200, body: { name: 'after-pass', params: {}, routerPath: '/passes' }, viaRouter: true });
    expect(await call('GET', '/plain/')).toMatchObject({ status: 200, body: { name: 'plain' }, viaRouter: true });
    expect(await call('GET', '/PLAIN')).toMatchObject({ status: 200, body: { name: 'plain' }, viaRouter: true });
    const put = await call('PUT', '/plain');
    expect(put.status).toBe(405);
    expect(put.viaRouter).toBe(true);
    expect((await call('GET', '/nothing')).status).toBe(404);
  });
});
