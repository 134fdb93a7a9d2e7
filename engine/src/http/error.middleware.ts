/**
 * First in the chain: maps errors to `{ error: { code, message, details } }`. Client mistakes are
 * 4xx; an unreachable database or queue is a 503; anything else is a 500 reported as a bug.
 */
import type { Middleware } from 'koa';
import { isAppError } from '@coachflow/model';
import { loggableError, type Logger } from '../logger.js';

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ENOTFOUND',
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
]);

/** Lock conflicts between concurrent transactions: transient, the client may retry. */
export function isTransientConflict(e: unknown): boolean {
  const err = e as { code?: string; errno?: number };
  return err?.errno === 1213 || err?.errno === 1205 || err?.code === 'ER_LOCK_DEADLOCK' || err?.code === 'ER_LOCK_WAIT_TIMEOUT';
}

export function isUnavailable(e: unknown): boolean {
  const err = e as { code?: string; message?: string; name?: string };
  if (err?.code && UNAVAILABLE_CODES.has(err.code)) return true;
  return /Knex: Timeout acquiring a connection|connect ECONNREFUSED|Connection lost|Can't add new command when connection is in closed state|Pool is closed/.test(err?.message ?? '');
}

export function errorMiddleware(log: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { error: { code: 'ROUTE_NOT_FOUND', message: `no route for ${ctx.method} ${ctx.path}` } };
      } else if (ctx.status === 405 && !ctx.body) {
        ctx.body = { error: { code: 'METHOD_NOT_ALLOWED', message: `${ctx.method} is not allowed on ${ctx.path}; allowed: ${ctx.response.get('Allow') || 'none'}` } };
      }
    } catch (e) {
      if (isAppError(e) && e.kind === 'user') {
        ctx.status = (e as { status?: number }).status ?? 400;
        ctx.body = { error: { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) } };
        return;
      }
      if (isAppError(e) && e.kind === 'operational') {
        ctx.status = 503;
        ctx.body = { error: { code: e.code, message: e.message } };
        return;
      }
      if (isTransientConflict(e)) {
        ctx.status = 503;
        ctx.set('Retry-After', '1');
        ctx.body = { error: { code: 'RETRY', message: 'a concurrent change got in the way; retry the request' } };
        log.warn('transaction conflict', { path: ctx.path, err: loggableError(e) });
        return;
      }
      if (isUnavailable(e)) {
        ctx.status = 503;
        ctx.set('Retry-After', '5');
        ctx.body = { error: { code: 'SERVICE_UNAVAILABLE', message: 'the database is unavailable; retry shortly' } };
        log.warn('dependency unavailable', { path: ctx.path, err: loggableError(e) });
        return;
      }
      const status = (e as { status?: number; expose?: boolean }).status;
      if (status && status >= 400 && status < 500) {
        ctx.status = status;
        ctx.body = { error: { code: 'BAD_REQUEST', message: (e as Error).message } };
        return;
      }
      ctx.status = 500;
      ctx.body = { error: { code: 'INTERNAL', message: 'an unexpected error occurred; it has been logged' } };
      ctx.app.emit('error', e, ctx);
    }
  };
}
