/** /api/v1/events: the single ingestion endpoint (idempotent by key). */
import type { IngestEventBody, IngestEventResult } from './api.types';
import { request, type ApiContext } from './http';

export function ingestEvent(ctx: ApiContext, body: IngestEventBody): Promise<IngestEventResult> {
  return request(ctx, 'POST', '/events', body);
}
