/**
 * Connector plugin management (IT admin): list, install from a folder / tarball / npm spec, enable,
 * disable, remove. Every change is in the audit log; changes reach every engine process without a
 * restart.
 */
import type { RouteRequest, RouteSpec } from '../route.types.js';
import { auditActor } from '../../auth/auth.service.js';
import type { AuditActor } from '../../plugins/plugin-audit.js';

/** it_admin only (DESIGN.md "Who uses it": IT installs and configures connector plugins). */
const IT_ADMIN = { roles: { it_admin: 'all' as const } };

export function actorOf(req: Pick<RouteRequest, 'auth' | 'koa'>): AuditActor {
  return auditActor(req.auth?.principal ?? null, req.koa.ip || null);
}

const pluginRef = 'Plugin package name (URL-encoded, e.g. %40coachflow%2Fplugin-http) or its connector id';

export const pluginRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/v1/plugins',
    operationId: 'listPlugins',
    summary: 'Connector plugins: built-in and installed, with version, source, enabled state and problems',
    tag: 'plugins',
    access: IT_ADMIN,
    responses: { 200: 'Plugins' },
    async handler({ services }) {
      return { body: { items: await services.plugins.list() } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/plugins/:id',
    operationId: 'getPlugin',
    summary: `One plugin (${pluginRef})`,
    tag: 'plugins',
    access: IT_ADMIN,
    responses: { 200: 'The plugin', 404: 'Not found' },
    async handler({ services, params }) {
      return { body: await services.plugins.get(String(params.id)) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/plugins',
    operationId: 'installPlugin',
    summary: 'Install a plugin from a folder or .tgz on the engine host, or an npm spec; it loads at once (no restart)',
    tag: 'plugins',
    access: IT_ADMIN,
    body: {
      type: 'object',
      required: ['spec'],
      additionalProperties: false,
      properties: { spec: { type: 'string', minLength: 1, maxLength: 1000, description: 'Absolute folder or tarball path on the engine host, or an npm package spec (name@version)' } },
    },
    responses: { 201: 'Installed (check plugin.problems: a plugin that fails to load stays disabled)', 409: 'Its connector id is taken by another plugin', 422: 'Not a valid plugin, or npm failed' },
    async handler(req) {
      const b = req.body as { spec: string };
      return { status: 201, body: await req.services.plugins.install(b.spec, actorOf(req)) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/plugins/:id/enable',
    operationId: 'enablePlugin',
    summary: 'Enable a plugin (loads it; a broken one stays off and says why)',
    tag: 'plugins',
    access: IT_ADMIN,
    responses: { 200: 'The plugin', 404: 'Not found' },
    async handler(req) {
      return { body: await req.services.plugins.setEnabled(String(req.params.id), true, actorOf(req)) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/plugins/:id/disable',
    operationId: 'disablePlugin',
    summary: 'Disable a plugin: its actions fail with CONNECTOR_NOT_FOUND until enabled again',
    tag: 'plugins',
    access: IT_ADMIN,
    responses: { 200: 'The plugin', 404: 'Not found' },
    async handler(req) {
      return { body: await req.services.plugins.setEnabled(String(req.params.id), false, actorOf(req)) };
    },
  },
  {
    method: 'delete',
    path: '/api/v1/plugins/:id',
    operationId: 'removePlugin',
    summary: 'Remove an installed plugin (files and record; its credentials too unless a built-in takes its connector over). Built-ins can only be disabled',
    tag: 'plugins',
    access: IT_ADMIN,
    responses: { 200: 'Removed', 404: 'Not found', 409: 'Built-in plugin' },
    async handler(req) {
      return { body: await req.services.plugins.remove(String(req.params.id), actorOf(req)) };
    },
  },
];
