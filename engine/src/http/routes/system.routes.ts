import type { RouteSpec } from '../route.types.js';
import { buildOpenApi } from '../openapi.js';
import { ALL_ROUTES_REF } from '../routes-ref.js';

async function dbReachable(knex: import('@mikro-orm/mysql').Knex): Promise<boolean> {
  try {
    await Promise.race([knex.raw('select 1'), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
    return true;
  } catch {
    return false;
  }
}

export const systemRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    summary: 'Liveness: the process answers',
    tag: 'system',
    access: { public: 'liveness probe: no data' },
    responses: { 200: 'Alive' },
    handler: () => ({ body: { status: 'ok' } }),
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'ready',
    summary: 'Readiness: database and queue reachable (503 otherwise)',
    tag: 'system',
    access: { public: 'readiness probe: no data' },
    responses: { 200: 'Ready', 503: 'A dependency is down' },
    async handler({ services }) {
      const [database, queue] = await Promise.all([dbReachable(services.db.knex), services.queue.ping()]);
      const ok = database && queue;
      return { status: ok ? 200 : 503, body: { status: ok ? 'ready' : 'not ready', database, queue: { kind: services.queue.kind, reachable: queue } } };
    },
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    summary: 'Prometheus metrics: runs started/finished/failed, step latency, queue depth',
    tag: 'system',
    access: { public: 'Prometheus scrape: operational counters, no personal data' },
    responses: { 200: 'Prometheus text format' },
    async handler({ services }) {
      const gauges: Array<{ name: string; help: string; labels?: Record<string, string>; value: number }> = [];
      try {
        const d = await services.queue.depth();
        for (const [state, value] of Object.entries(d)) gauges.push({ name: 'coachflow_queue_jobs', help: 'Jobs in the queue by state', labels: { state }, value });
      } catch {
        gauges.push({ name: 'coachflow_queue_up', help: 'Whether the queue answered', value: 0 });
      }
      return { body: services.metrics.render(gauges), contentType: 'text/plain; version=0.0.4' };
    },
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'openapi',
    summary: 'This document',
    tag: 'system',
    access: { public: 'the API description' },
    responses: { 200: 'OpenAPI 3 document' },
    handler: () => ({ body: buildOpenApi(ALL_ROUTES_REF.routes) }),
  },
];
