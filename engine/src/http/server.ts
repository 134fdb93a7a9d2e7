/** The Koa application: error mapping first, then request logging, body parsing, the API router and the designer. */
import Koa from 'koa';
import type { Services } from '../app/services.js';
import { bodyParser } from './body-parser.middleware.js';
import { errorMiddleware } from './error.middleware.js';
import { loggableError } from '../logger.js';
import { buildRouter, dispatcher } from './router.js';
import { serveStatic } from './static.middleware.js';

export function createApp(services: Services): Koa {
  const app = new Koa();
  app.proxy = false;
  app.on('error', (err: unknown) => services.log.error('unhandled request error', { err: loggableError(err) }));
  app.use(errorMiddleware(services.log));
  app.use(async (ctx, next) => {
    const started = process.hrtime.bigint();
    await next();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (ctx.status >= 500) services.log.warn('request failed', { method: ctx.method, path: ctx.path, status: ctx.status, ms });
    else services.log.debug('request', { method: ctx.method, path: ctx.path, status: ctx.status, ms });
  });
  app.use(bodyParser(services.config.maxBodyBytes));
  const router = buildRouter(services);
  app.use(dispatcher(router));
  app.use(router.allowedMethods({ throw: false }));
  if (services.config.staticDir) app.use(serveStatic(services.config.staticDir));
  return app;
}
