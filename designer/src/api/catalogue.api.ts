/** /api/v1/catalogue: installed connectors and their actions. */
import type { ConnectorCatalogueResponse } from './api.types';
import { request, type ApiContext } from './http';

export function getConnectorCatalogue(ctx: ApiContext): Promise<ConnectorCatalogueResponse> {
  return request(ctx, 'GET', '/catalogue/connectors');
}
