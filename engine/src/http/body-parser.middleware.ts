/**
 * Reads JSON request bodies with a size limit, strict UTF-8 and no prototype-pollution keys.
 * Every client mistake is a 4xx with a code: 413 too large, 415 not JSON, 400 malformed.
 */
import type { IncomingMessage } from 'node:http';
import type { Middleware } from 'koa';
import { UserError } from '@coachflow/model';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Deepest nesting accepted in a request body (a 32-level rule nests about 70 JSON levels inside a definition). */
export const MAX_JSON_DEPTH = 100;

/**
 * Checks a parsed body in one iterative walk (no recursion on hostile input) and throws the 400 to
 * answer: nesting deeper than {@link MAX_JSON_DEPTH}, a prototype-pollution key (`JSON.parse` makes
 * `__proto__` an own property, harmless until something copies it with plain assignment), a number
 * out of range (`1e999` parses to Infinity, which no database column takes). Cheaper than a
 * `JSON.parse` reviver, which calls back into JavaScript for every value.
 */
export function checkJsonBody(body: unknown): void {
  if (body === null || typeof body !== 'object') {
    if (typeof body === 'number' && !Number.isFinite(body)) throw UserError.badRequest('NUMBER_OUT_OF_RANGE', 'the number at "" is out of range');
    return;
  }
  const values: object[] = [body];
  const depths: number[] = [1];
  while (values.length) {
    const v = values.pop() as object;
    const d = depths.pop() as number;
    if (d > MAX_JSON_DEPTH) throw UserError.badRequest('JSON_TOO_DEEP', `the request body nests deeper than ${MAX_JSON_DEPTH} levels`);
    const array = Array.isArray(v);
    const keys = array ? null : Object.keys(v);
    const n = array ? (v as unknown[]).length : (keys as string[]).length;
    for (let i = 0; i < n; i++) {
      const key = array ? String(i) : (keys as string[])[i] as string;
      if (!array && FORBIDDEN_KEYS.has(key)) throw UserError.badRequest('FORBIDDEN_KEY', `the key "${key}" is not allowed in request bodies`);
      const child = array ? (v as unknown[])[i] : (v as Record<string, unknown>)[key];
      if (typeof child === 'number') {
        if (!Number.isFinite(child)) throw UserError.badRequest('NUMBER_OUT_OF_RANGE', `the number at "${key}" is out of range`);
      } else if (child !== null && typeof child === 'object') {
        values.push(child);
        depths.push(d + 1);
      }
    }
  }
}

/** The request's body bytes, refusing more than `maxBytes` (413) and a body that stops short (408). */
function readBody(req: IncomingMessage, maxBytes: number, tooLarge: () => void): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (error: unknown): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onIncomplete);
      req.off('close', onIncomplete);
      if (error) reject(error);
      else resolve(chunks);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        tooLarge();
        req.pause();
        done(new UserError('PAYLOAD_TOO_LARGE', `request body exceeds ${maxBytes} bytes`, 413));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => done(null);
    // The client went away or was too slow (the server's request timeout): its mistake, not ours.
    const onIncomplete = (): void => done(new UserError('REQUEST_INCOMPLETE', 'the request body did not arrive completely', 408));
    if (req.readableEnded) return resolve(chunks);
    if (req.destroyed) return onIncomplete();
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onIncomplete);
    req.on('close', onIncomplete);
  });
}

export function bodyParser(maxBytes: number): Middleware {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return async (ctx, next) => {
    if (ctx.method !== 'POST' && ctx.method !== 'PUT' && ctx.method !== 'PATCH') return next();
    const declared = Number(ctx.get('content-length') || 0);
    if (declared > maxBytes) throw new UserError('PAYLOAD_TOO_LARGE', `request body exceeds ${maxBytes} bytes`, 413);
    const chunks = await readBody(ctx.req, maxBytes, () => ctx.set('Connection', 'close'));
    if (chunks.length === 0) {
      ctx.state.body = undefined;
      return next();
    }
    const type = ctx.get('content-type');
    if (!/^application\/(.+\+)?json\b/i.test(type)) {
      throw new UserError('UNSUPPORTED_MEDIA_TYPE', `send JSON with Content-Type: application/json (got "${type || 'none'}")`, 415);
    }
    let text: string;
    try {
      text = decoder.decode(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    } catch {
      throw UserError.badRequest('INVALID_UTF8', 'the request body is not valid UTF-8');
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      if (e instanceof RangeError) throw UserError.badRequest('JSON_TOO_DEEP', `the request body nests deeper than ${MAX_JSON_DEPTH} levels`);
      throw UserError.badRequest('MALFORMED_JSON', `the request body is not valid JSON: ${(e as Error).message}`);
    }
    checkJsonBody(body);
    ctx.state.body = body;
    // Signed platform callbacks (Feishu) verify their signature over the exact bytes received.
    ctx.state.rawBody = text;
    return next();
  };
}
