import { describe, expect, it } from 'vitest';
import type { Services } from '../app/services.js';
import { buildOpenApi, toOpenApiPath } from './openapi.js';
import { ALL_ROUTES, buildRouter } from './router.js';

describe('OpenAPI document', () => {
  // The router only keeps the services for handlers; nothing is called while registering.
  const router = buildRouter({} as Services);
  const doc = buildOpenApi(ALL_ROUTES) as { paths: Record<string, Record<string, unknown>> };
  const registered = router.stack.flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m.toLowerCase()} ${toOpenApiPath(String(layer.path))}`));
  const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));

  it('documents every registered route', () => {
    expect(registered.length).toBeGreaterThan(20);
    for (const r of registered) expect(documented).toContain(r);
  });

  it('documents no route that is not registered', () => {
    for (const d of documented) expect(registered).toContain(d);
  });

  it('gives every operation a unique id, a summary and responses', () => {
    const ids = ALL_ROUTES.map((r) => r.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of ALL_ROUTES) {
      expect(r.summary.length).toBeGreaterThan(5);
      expect(Object.keys(r.responses).length).toBeGreaterThan(0);
    }
  });

  it('publishes request body schemas and path parameters', () => {
    const ingest = doc.paths['/api/v1/events']?.post as { requestBody: { content: Record<string, { schema: { required: string[] } }> } };
    expect(ingest.requestBody.content['application/json']?.schema.required).toEqual(['type', 'idempotencyKey', 'payload']);
    const run = doc.paths['/api/v1/runs/{id}']?.get as { parameters: Array<{ name: string; in: string }> };
    expect(run.parameters).toContainEqual(expect.objectContaining({ name: 'id', in: 'path' }));
  });
});
