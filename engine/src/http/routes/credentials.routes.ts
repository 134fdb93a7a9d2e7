/**
 * Connector credentials (IT admin). Stored encrypted (AES-256-GCM); the API shows which fields are
 * set and the values of non-secret fields only. PUT replaces the whole set.
 */
import { UserError } from '@coachflow/model';
import type { RouteSpec } from '../route.types.js';
import { actorOf } from './plugins.routes.js';

const IT_ADMIN = { roles: { it_admin: 'all' as const } };

export const credentialRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/v1/connectors/:connectorId/credentials',
    operationId: 'getConnectorCredentials',
    summary: 'Which credential fields of a connector are set (secret values are never returned)',
    tag: 'credentials',
    access: IT_ADMIN,
    responses: { 200: 'Credential fields', 404: 'Unknown connector' },
    async handler({ services, params }) {
      const id = String(params.connectorId);
      const def = services.connectors.definition(id);
      if (!def && !(await services.credentials.connectorIds()).includes(id)) throw UserError.notFound('connector', id);
      return { body: await services.credentials.describe(id, def?.credentials) };
    },
  },
  {
    method: 'put',
    path: '/api/v1/connectors/:connectorId/credentials',
    operationId: 'putConnectorCredentials',
    summary: 'Replace the credentials of a connector (every field; omitted fields are cleared)',
    tag: 'credentials',
    access: IT_ADMIN,
    body: {
      type: 'object',
      required: ['values'],
      additionalProperties: false,
      properties: { values: { type: 'object', additionalProperties: { type: 'string', maxLength: 16384 }, description: 'Field name → value (strings)' } },
    },
    responses: { 200: 'Stored (the answer shows which fields are set, never secret values)', 404: 'Unknown connector', 409: 'Plugin not loaded: its declarations are unknown' },
    async handler(req) {
      const { services } = req;
      const id = String(req.params.connectorId);
      const def = services.connectors.definition(id);
      if (!def) throw UserError.notFound('connector', id);
      const b = req.body as { values: Record<string, string> };
      const stored = await services.credentials.replace(id, b.values, def.credentials, null);
      await services.audit.record({ action: 'credentials.replace', actor: actorOf(req), targetType: 'connector_credentials', targetId: id, details: { fieldsSet: stored.fields, revision: stored.revision } });
      return { body: await services.credentials.describe(id, def.credentials) };
    },
  },
  {
    method: 'delete',
    path: '/api/v1/connectors/:connectorId/credentials',
    operationId: 'deleteConnectorCredentials',
    summary: 'Delete the credentials of a connector',
    tag: 'credentials',
    access: IT_ADMIN,
    responses: { 204: 'Deleted', 404: 'No credentials stored' },
    async handler(req) {
      const id = String(req.params.connectorId);
      if (!(await req.services.credentials.remove(id))) throw UserError.notFound('credentials of connector', id);
      await req.services.audit.record({ action: 'credentials.remove', actor: actorOf(req), targetType: 'connector_credentials', targetId: id });
      return { status: 204, body: null };
    },
  },
];
