/**
 * Reads JSON request bodies with a size limit, strict UTF-8 and no prototype-pollution keys.
 * Every client mistake is a 4xx with a code: 413 too large, 415 not JSON, 400 malformed.
 */
import type { Middleware } from 'koa';
import { UserError } from '@coachflow/model';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function reviver(key: string, value: unknown): unknown {
  if (FORBIDDEN_KEYS.has(key)) throw UserError.badRequest('FORBIDDEN_KEY', `the key "${key}" is not allowed in request bodies`);
  // 1e999 parses to Infinity, which no database column takes.
  if (typeof value === 'number' && !Number.isFinite(value)) throw UserError.badRequest('NUMBER_OUT_OF_RANGE', `the number at "${key}" is out of range`);
  return value;
}

/** Deepest nesting accepted in a request body (a 32-level rule nests about 70 JSON levels inside a definition). */
export const MAX_JSON_DEPTH = 100;

/** Depth of a parsed JSON value, iteratively (no recursion on hostile input). */
export function jsonDepth(value: unknown, stopAt = Infinity): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (d > max) max = d;
    if (max > stopAt) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
  return max;
}

export function bodyParser(maxBytes: number): Middleware {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return async (ctx, next) => {
    if (ctx.method !== 'POST' && ctx.method !== 'PUT' && ctx.method !== 'PATCH') return next();
    const declared = Number(ctx.get('content-length') || 0);
    if (declared > maxBytes) throw new UserError('PAYLOAD_TOO_LARGE', `request body exceeds ${maxBytes} bytes`, 413);
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of ctx.req) {
        const buf = chunk as Buffer;
        size += buf.length;
        if (size > maxBytes) {
          ctx.set('Connection', 'close');
          throw new UserError('PAYLOAD_TOO_LARGE', `request body exceeds ${maxBytes} bytes`, 413);
        }
        chunks.push(buf);
      }
    } catch (e) {
      if (e instanceof UserError) throw e;
      // The client went away or was too slow (the server's request timeout): its mistake, not ours.
      throw new UserError('REQUEST_INCOMPLETE', 'the request body did not arrive completely', 408);
    }
    if (size === 0) {
      ctx.state.body = undefined;
      return next();
    }
    const type = ctx.get('content-type');
    if (!/^application\/(.+\+)?json\b/i.test(type)) {
      throw new UserError('UNSUPPORTED_MEDIA_TYPE', `send JSON with Content-Type: application/json (got "${type || 'none'}")`, 415);
    }
    let text: string;
    try {
      text = decoder.decode(Buffer.concat(chunks));
    } catch {
      throw UserError.badRequest('INVALID_UTF8', 'the request body is not valid UTF-8');
    }
    let body: unknown;
    try {
      body = JSON.parse(text, reviver);
    } catch (e) {
      if (e instanceof UserError) throw e;
      if (e instanceof RangeError) throw UserError.badRequest('JSON_TOO_DEEP', `the request body nests deeper than ${MAX_JSON_DEPTH} levels`);
      throw UserError.badRequest('MALFORMED_JSON', `the request body is not valid JSON: ${(e as Error).message}`);
    }
    if (jsonDepth(body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      throw UserError.badRequest('JSON_TOO_DEEP', `the request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    }
    ctx.state.body = body;
    // Signed platform callbacks (Feishu) verify their signature over the exact bytes received.
    ctx.state.rawBody = text;
    return next();
  };
}
