import { NODE_CATALOGUE, TRIGGER_CATALOGUE } from '@coachflow/model';
import type { RouteSpec } from '../route.types.js';
import { HR_IT } from '../../auth/subjects.js';

export const catalogueRoutes: RouteSpec[] = [
  {
    method: 'get',
    path: '/api/v1/catalogue/nodes',
    operationId: 'nodeCatalogue',
    summary: 'Node kinds: palette group, names, handles and config schema',
    tag: 'catalogue',
    access: { roles: HR_IT },
    responses: { 200: 'Node kinds' },
    handler: () => ({ body: { items: Object.values(NODE_CATALOGUE) } }),
  },
  {
    method: 'get',
    path: '/api/v1/catalogue/triggers',
    operationId: 'triggerCatalogue',
    summary: 'Trigger types with their payload schema and an example',
    tag: 'catalogue',
    access: { roles: HR_IT },
    responses: { 200: 'Trigger types' },
    handler: () => ({ body: { items: Object.values(TRIGGER_CATALOGUE) } }),
  },
  {
    method: 'get',
    path: '/api/v1/catalogue/connectors',
    operationId: 'connectorCatalogue',
    summary: 'Installed connectors (enabled or not): actions with input/output schemas and the fields each sends out, credential fields (names and secret flags, never values), version, plugin, problems',
    tag: 'catalogue',
    access: { roles: HR_IT },
    responses: { 200: 'Connectors' },
    async handler({ services }) {
      await services.plugins.sync();
      return { body: { items: services.connectors.describe(), problems: services.connectors.problems } };
    },
  },
];
