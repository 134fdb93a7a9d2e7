/** A route is data: method, path, schemas and a small handler. The router and the OpenAPI document are both built from the same table. */
import type { JsonSchema } from '@coachflow/model';
import type { Context } from 'koa';
import type { Services } from '../app/services.js';
import type { AuthContext, RouteAccess } from '../auth/access.js';

export type Method = 'get' | 'post' | 'put' | 'delete';

export interface RouteRequest {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  koa: Context;
  services: Services;
  /** The caller and their reach on this route (set by the router before the handler runs). */
  auth: AuthContext;
}

export interface RouteAnswer {
  status?: number;
  body: unknown;
  /** Raw text answer (metrics) instead of JSON. */
  contentType?: string;
}

export interface RouteSpec {
  method: Method;
  /** Koa path with `:param` segments, mounted as is (e.g. `/api/v1/runs/:id`). */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** Path parameters that must be positive integers. */
  intParams?: string[];
  query?: JsonSchema;
  body?: JsonSchema;
  /** Status code → description (the success one first). */
  responses: Record<number, string>;
  /**
   * Who may call it (auth/access.ts). Enforced by the router; a route without it is refused to
   * everyone (deny by default) and fails the "every route has access" unit test.
   */
  access?: RouteAccess;
  handler(req: RouteRequest): Promise<RouteAnswer> | RouteAnswer;
}
