/** Builds the OpenAPI 3.1 document from the route table: what is registered is what is documented. */
import type { RouteSpec } from './route.types.js';

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } },
};

/** `/api/v1/runs/:id` → `/api/v1/runs/{id}` */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

export function buildOpenApi(routes: RouteSpec[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const p = toOpenApiPath(r.path);
    const params = [...r.path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: r.intParams?.includes(m[1] as string) ? { type: 'integer', minimum: 1 } : { type: 'string' },
    }));
    const query = Object.entries(r.query?.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: false, schema }));
    const responses: Record<string, unknown> = {};
    for (const [status, description] of Object.entries(r.responses)) {
      const code = Number(status);
      responses[status] = code >= 400 ? { description, content: { 'application/json': { schema: ERROR_SCHEMA } } } : { description };
    }
    if (r.body && !responses['400']) responses['400'] = { description: 'Invalid request body', content: { 'application/json': { schema: ERROR_SCHEMA } } };
    // Access (auth/access.ts): public routes say why; the others need a bearer token and list the roles' reach.
    const open = r.access?.public !== undefined;
    if (r.access && !open) {
      responses['401'] ??= { description: 'No valid bearer token', content: { 'application/json': { schema: ERROR_SCHEMA } } };
      responses['403'] ??= { description: 'Your role may not call this', content: { 'application/json': { schema: ERROR_SCHEMA } } };
    }
    (paths[p] ??= {})[r.method] = {
      operationId: r.operationId,
      summary: r.summary,
      tags: [r.tag],
      ...(params.length || query.length ? { parameters: [...params, ...query] } : {}),
      ...(r.body ? { requestBody: { required: !('required' in r.body) || (r.body.required?.length ?? 0) > 0, content: { 'application/json': { schema: r.body } } } } : {}),
      responses,
      ...(open ? { security: [] } : {}),
      ...(r.access ? { 'x-access': open ? { public: r.access.public } : { roles: r.access.roles, scoped: Boolean(r.access.subject || r.access.listItem), denyAs: r.access.denyAs ?? 404, ...(r.access.note ? { note: r.access.note } : {}) } } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Coachflow API', version: '1', description: 'Workflow engine for performance coaching. Errors are { error: { code, message, details } }.' },
    paths,
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'POST /api/v1/auth/sign-in (people) or an API token (systems)' } } },
    security: [{ bearer: [] }],
  };
}
