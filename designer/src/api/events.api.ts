/** /api/v1/events: the single ingestion endpoint (idempotent by key), and the recent events (HR). */
import type { IngestEventBody, IngestEventResult, Page } from './api.types';
import { request, toQuery, type ApiContext } from './http';

export function ingestEvent(ctx: ApiContext, body: IngestEventBody): Promise<IngestEventResult> {
  return request(ctx, 'POST', '/events', body);
}

/** An accepted event as GET /events lists it. */
export interface EventSummary {
  id: number;
  type: string;
  payload: Record<string, unknown>;
  /** The employee the payload is about, if it names one. */
  employeeId: string | null;
  occurredAt: string;
  receivedAt: string;
  runCount: number;
}

export interface EventListQuery {
  type?: string;
  /** 1–100 (engine default 20). */
  limit?: number;
  cursor?: string | null;
}

/** Recent accepted events, newest first; pass `nextCursor` as `cursor` for the next page. */
export function listEvents(ctx: ApiContext, query: EventListQuery = {}): Promise<Page<EventSummary>> {
  return request(ctx, 'GET', `/events${toQuery({ type: query.type, limit: query.limit, cursor: query.cursor })}`);
}
