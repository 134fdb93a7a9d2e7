/**
 * Recent accepted events (every stored event passed validation at ingestion): newest received
 * first, keyset-paginated on the id, optionally of one trigger type. The designer's test run
 * offers them as sample payloads.
 */
import type { Knex } from '@mikro-orm/mysql';
import { fromJson } from '../persistence/json.js';

export interface EventListFilter {
  type?: string;
  limit: number;
  /** The `nextCursor` of the previous page: only events with a smaller id. */
  cursor?: number;
}

export interface EventSummary {
  id: number;
  type: string;
  payload: Record<string, unknown>;
  /** The employee the event is about, when its payload names one. */
  employeeId: string | null;
  occurredAt: string;
  receivedAt: string;
  runCount: number;
}

type Row = Record<string, unknown>;

const iso = (v: unknown): string => new Date(Number(v)).toISOString();

function toSummary(row: Row): EventSummary {
  const payload = fromJson<Record<string, unknown>>(row.payload);
  return {
    id: Number(row.id),
    type: String(row.type),
    payload,
    employeeId: typeof payload.employeeId === 'string' ? payload.employeeId : null,
    occurredAt: iso(row.occurred_at),
    receivedAt: iso(row.received_at),
    runCount: Number(row.run_count),
  };
}

export async function listEvents(knex: Knex, filter: EventListFilter): Promise<{ items: EventSummary[]; nextCursor: string | null }> {
  // (type, id) index: one range scan per page.
  const q = knex('event').select('id', 'type', 'payload', 'occurred_at', 'received_at', 'run_count').orderBy('id', 'desc').limit(filter.limit + 1);
  if (filter.type !== undefined) q.where('type', filter.type);
  if (filter.cursor !== undefined) q.where('id', '<', filter.cursor);
  const rows = (await q) as Row[];
  const items = rows.slice(0, filter.limit).map(toSummary);
  const more = rows.length > filter.limit;
  return { items, nextCursor: more && items.length ? String(items[items.length - 1]?.id) : null };
}
