/**
 * What the HR-signal services need, and the one way they emit trigger events: validated against
 * the trigger catalogue (so a payload that would be refused with a 400 fails loudly in tests), stored
 * through the event service inside the caller's transaction, with a deterministic idempotency key.
 * The jobs returned are enqueued by the caller once the transaction has committed.
 */
import type { Knex } from '@mikro-orm/mysql';
import { TRIGGER_CATALOGUE, type TriggerType } from '@coachflow/model';
import type { DirectoryService } from '../app/directory.service.js';
import type { EventService, Ingested } from '../app/event.service.js';
import { checkSchema } from '../app/schema-validator.js';
import type { Logger } from '../logger.js';
import type { Job } from '../queue/job-queue.port.js';

export interface SignalDeps {
  knex: Knex;
  driver: 'sqlite' | 'mysql';
  events: EventService;
  directory: DirectoryService;
  log: Logger;
}

/** A trigger event produced by a detector. */
export interface SignalEvent {
  type: TriggerType;
  idempotencyKey: string;
  payload: Record<string, unknown>;
  occurredAt?: string;
}

/** Problems of a payload against its trigger schema (empty when valid). */
export function payloadProblems(type: TriggerType, payload: Record<string, unknown>): string[] {
  return checkSchema(TRIGGER_CATALOGUE[type].payload, payload).map((p) => `${p.path} ${p.message}`);
}

/** Emits events inside `trx` (one batched ingestion); returns what was stored and the jobs to enqueue after commit. */
export async function emitWithin(deps: SignalDeps, trx: Knex, events: SignalEvent[]): Promise<{ ingested: Array<Ingested & { type: string; key: string }>; jobs: Job[] }> {
  const results = await deps.events.ingestManyWithin(trx, events);
  const ingested = results.map((r, i) => ({ ...r, type: (events[i] as SignalEvent).type, key: (events[i] as SignalEvent).idempotencyKey }));
  return { ingested, jobs: results.flatMap((r) => r.jobs) };
}

// The retry helpers live with the persistence adapter; re-exported for the signal services.
export { isRetryableConflict, transactionWithRetry } from '../persistence/transactions.js';

/** A per-line problem of an import. */
export interface LineError {
  line: number;
  id?: string;
  field?: string;
  code: string;
  reason: string;
}

/** Keeps the first `cap` line errors and counts the rest (an import of a bad file must not hold them all in memory). */
export class LineErrors {
  readonly items: LineError[] = [];
  count = 0;
  constructor(private readonly cap = 1000) {}
  add(e: LineError): void {
    this.count++;
    if (this.items.length < this.cap) this.items.push(e);
  }
  get truncated(): boolean {
    return this.count > this.items.length;
  }
}

/** The async string chunks of a text (CSV parsing takes chunks). */
export async function* chunksOf(text: string, size = 64 * 1024): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
