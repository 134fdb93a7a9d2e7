/**
 * Event ingestion: one entry point for every HR signal. The same idempotency key twice is one
 * event (answered as a duplicate with the runs it started). Matching published workflows start
 * runs in the same transaction as the event row, so an accepted event always has its runs; the
 * queue is told afterwards, and the recovery sweep covers a lost enqueue.
 */
import { TRIGGER_CATALOGUE, UserError, isTriggerType, type Rule, type WorkflowDefinition } from '@coachflow/model';
import { readValues } from '@coachflow/rules';
import { evaluate } from '../core/rule-eval.js';
import type { Knex } from '@mikro-orm/mysql';
import type { RunContext, RuleEvaluation } from '../core/types.js';
import { isUniqueViolation, toJson } from '../persistence/json.js';
import { insertRow, insertRows, ROWS_PER_INSERT, selectIn, updateWhere } from '../persistence/fast-sql.js';
import { isSqlite, sqliteTransaction } from '../persistence/sqlite-transaction.js';
import type { DirectoryService } from './directory.service.js';
import { assertSchema } from './schema-validator.js';
import type { VersionRecord, WorkflowService } from './workflow.service.js';
import type { Job } from '../queue/job-queue.port.js';
import type { Metrics } from './metrics.js';
import { newRunRow, newRunWithin, type RunHead } from './runtime/advance.js';
import { GroupCommit, type Outcome } from './runtime/group-commit.js';

/** Width of the employee_id columns (run, held_run, employee). */
const MAX_EMPLOYEE_ID = 64;

export interface IncomingEvent {
  type: string;
  idempotencyKey: string;
  payload: Record<string, unknown>;
  occurredAt?: string;
}

export interface IngestResult {
  eventId: number;
  duplicate: boolean;
  runIds: number[];
}

/** Work to enqueue once the surrounding transaction has committed. */
export interface Ingested extends IngestResult {
  jobs: Job[];
}

interface Match {
  version: VersionRecord;
  filter: RuleEvaluation | null;
}

/**
 * A read that sees rows other transactions committed after ours began: MySQL's REPEATABLE READ
 * snapshot would hide the row that just made our insert a duplicate (a locking read does not).
 */
function latestRead<T extends { forShare(): T }>(db: Knex, q: T): T {
  return isMysql(db) ? q.forShare() : q;
}

function isMysql(db: Knex): boolean {
  const client = (db as unknown as { client?: { config?: { client?: unknown } } }).client?.config?.client;
  const name = typeof client === 'string' ? client : typeof client === 'function' ? client.name : '';
  return /mysql|maria/i.test(String(name));
}

export interface EventServiceOptions {
  /**
   * Group commit of concurrent {@link EventService.ingest} calls (runtime/group-commit.ts): events
   * arriving while a transaction commits are stored together in the next one. `false` turns it off.
   * Defaults: batches of up to 200; one in flight on SQLite (one connection), four on MySQL.
   */
  groupCommit?: false | { maxBatch?: number; maxInFlight?: number };
}

function triggerFilter(def: WorkflowDefinition): unknown {
  const trigger = def.nodes.find((n) => n.kind === 'trigger');
  return trigger && trigger.kind === 'trigger' ? trigger.config.filter : undefined;
}

/** Starts a freshly inserted run inside the ingestion transaction (runtime/advance.ts `startRunWithin`). */
export type RunStarter = (
  trx: Knex,
  run: RunHead,
  definition: WorkflowDefinition,
  context: RunContext,
  filter: RuleEvaluation | null,
  now: number,
) => Promise<Job[]>;

export class EventService {
  readonly #batches: GroupCommit<IncomingEvent, Ingested> | null;
  readonly #sqlite: boolean;

  constructor(
    private readonly knex: Knex,
    private readonly workflows: WorkflowService,
    private readonly directory: DirectoryService,
    private readonly metrics: Metrics,
    private readonly startRun: RunStarter,
    options: EventServiceOptions = {},
  ) {
    this.#sqlite = isSqlite(knex);
    const gc = options.groupCommit ?? {};
    this.#batches = gc === false
      ? null
      : new GroupCommit((events) => this.#ingestBatch(events), {
          maxBatch: gc.maxBatch ?? 200,
          maxInFlight: gc.maxInFlight ?? (isMysql(knex) ? 4 : 1),
          keyOf: (e) => e.idempotencyKey,
        });
  }

  /** Validates the event against the trigger catalogue; throws a 400 otherwise. */
  validate(event: IncomingEvent): void {
    if (!isTriggerType(event.type)) {
      throw UserError.badRequest('UNKNOWN_EVENT_TYPE', `unknown event type "${event.type}"`, {
        known: Object.keys(TRIGGER_CATALOGUE),
      });
    }
    assertSchema(TRIGGER_CATALOGUE[event.type].payload, event.payload, 'INVALID_PAYLOAD', `payload of ${event.type}`);
    // The run keeps the person it is about in a 64-character column, as the directory does.
    const employeeId = (event.payload as { employeeId?: unknown } | null)?.employeeId;
    if (typeof employeeId === 'string' && employeeId.length > MAX_EMPLOYEE_ID) {
      throw UserError.badRequest('INVALID_PAYLOAD', `payload of ${event.type}: employeeId has ${employeeId.length} characters (at most ${MAX_EMPLOYEE_ID})`);
    }
    if (event.occurredAt !== undefined && Number.isNaN(Date.parse(event.occurredAt))) {
      throw UserError.badRequest('INVALID_OCCURRED_AT', `occurredAt "${event.occurredAt}" is not a date`);
    }
  }

  /**
   * Validates, stores and dispatches an event; answers once its transaction has committed. Events
   * that arrive concurrently share a transaction (group commit, {@link #ingestBatch}).
   */
  async ingest(event: IncomingEvent): Promise<Ingested> {
    this.validate(event);
    return this.#batches ? this.#batches.submit(event) : this.#ingestAlone(event);
  }

  /** One event in its own transaction. */
  async #ingestAlone(event: IncomingEvent): Promise<Ingested> {
    const versions = await this.workflows.publishedFor(event.type);
    const ctx = await this.directory.resolveContext(event.payload.employeeId);
    try {
      return await this.knex.transaction((trx) => this.#store(trx, event, versions, ctx));
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return this.#duplicate(this.knex, event.idempotencyKey);
    }
  }

  /**
   * Stores a batch of validated events with distinct keys in one transaction. The batch is taken
   * once the transaction holds the connection (everything that queued meanwhile joins): one query
   * for the keys already stored (answered as duplicates), the directory context of everyone in a
   * few queries, then each event exactly as {@link #ingestAlone} would store it. When anything
   * fails (a key stored meanwhile by another process, an error of one event) the transaction is
   * rolled back and every event is stored alone, so an event's outcome never depends on its batch.
   */
  async #ingestBatch(take: () => IncomingEvent[]): Promise<Array<Outcome<Ingested>>> {
    let events: IncomingEvent[] = [];
    try {
      const batch = async (trx: Knex): Promise<Array<Outcome<Ingested>>> => {
        events = take();
        const stored = new Set<string>();
        if (events.length > 1) {
          // A plain read: a key committed by another process after our snapshot makes the insert fail, and the batch is redone alone.
          for (const r of await selectIn(trx, 'event', 'idempotency_key', events.map((e) => e.idempotencyKey), ['idempotency_key'])) {
            stored.add(String(r.idempotency_key));
          }
        }
        const fresh = events.filter((e) => !stored.has(e.idempotencyKey));
        const contexts = await this.directory.resolveContexts(fresh.map((e) => e.payload.employeeId), trx);
        const versions = new Map<string, VersionRecord[]>();
        for (const e of fresh) if (!versions.has(e.type)) versions.set(e.type, await this.workflows.publishedFor(e.type, trx));
        const out: Array<Outcome<Ingested>> = [];
        for (const e of events) {
          if (stored.has(e.idempotencyKey)) {
            out.push({ ok: true, value: await this.#duplicate(trx, e.idempotencyKey, false) });
            continue;
          }
          const employeeId = e.payload.employeeId;
          const ctx = (typeof employeeId === 'string' ? contexts.get(employeeId) : undefined) ?? { employee: null, manager: null, org: null };
          out.push({ ok: true, value: await this.#store(trx, e, versions.get(e.type) ?? [], ctx, false, false) });
        }
        return out;
      };
      // Embedded: BEGIN/COMMIT on the pool's connection without knex's transaction object (persistence/sqlite-transaction.ts).
      const outcomes = await (this.#sqlite ? sqliteTransaction(this.knex, batch) : this.knex.transaction(batch));
      for (const o of outcomes) if (o.ok) this.#count(o.value);
      this.metrics.inc('coachflow_event_batches_total', 'Committed group-commit transactions of posted events (events per batch = events_batched / batches)');
      this.metrics.inc('coachflow_events_batched_total', 'Posted events stored by a committed group-commit transaction', {}, events.length);
      return outcomes;
    } catch (e) {
      if (events.length === 0) throw e; // the transaction did not start: nothing taken, the queue answers with the error
      this.metrics.inc('coachflow_event_batches_redone_total', 'Group-commit transactions rolled back and redone one event per transaction (a repeated key, an event that failed, a concurrent writer)');
      const out: Array<Outcome<Ingested>> = [];
      for (const event of events) {
        try {
          out.push({ ok: true, value: await this.#ingestAlone(event) });
        } catch (error) {
          out.push({ ok: false, error });
        }
      }
      return out;
    }
  }

  /**
   * Stores and dispatches an event inside the caller's transaction (chained events such as
   * task.completed, written atomically with what caused them). A duplicate key returns the original.
   */
  async ingestWithin(trx: Knex, event: IncomingEvent): Promise<Ingested> {
    this.validate(event);
    const existing = await trx('event').where({ idempotency_key: event.idempotencyKey }).first('id');
    if (existing) return this.#duplicate(trx, event.idempotencyKey);
    const versions = await this.workflows.publishedFor(event.type, trx);
    const ctx = await this.directory.resolveContext(event.payload.employeeId, trx);
    return this.#store(trx, event, versions, ctx, true);
  }

  /**
   * Stores many events inside the caller's transaction (HR-signal imports): one query for the keys
   * already stored, the directory context of everyone named in a few queries, multi-row inserts of
   * the events, then the runs of the matching workflows. Each result is what {@link ingestWithin}
   * would answer for that event (a key repeated in the list is a duplicate of its first occurrence).
   */
  async ingestManyWithin(trx: Knex, events: readonly IncomingEvent[]): Promise<Ingested[]> {
    if (events.length === 0) return [];
    for (const e of events) this.validate(e);
    const keys = [...new Set(events.map((e) => e.idempotencyKey))];
    const stored = new Map<string, number>();
    for (let i = 0; i < keys.length; i += 500) {
      for (const r of (await trx('event').whereIn('idempotency_key', keys.slice(i, i + 500)).select('id', 'idempotency_key')) as Array<{ id: number; idempotency_key: string }>) {
        stored.set(String(r.idempotency_key), Number(r.id));
      }
    }
    const fresh: IncomingEvent[] = [];
    const claimed = new Set<string>();
    for (const e of events) {
      if (stored.has(e.idempotencyKey) || claimed.has(e.idempotencyKey)) continue;
      claimed.add(e.idempotencyKey);
      fresh.push(e);
    }
    const now = Date.now();
    const contexts = await this.directory.resolveContexts(fresh.map((e) => e.payload.employeeId), trx);
    const rows = fresh.map((e) => ({
      type: e.type,
      idempotency_key: e.idempotencyKey,
      payload: toJson(e.payload),
      occurred_at: e.occurredAt ? Date.parse(e.occurredAt) : now,
      received_at: now,
      run_count: 0,
    }));
    const lost = new Set<string>(); // keys another transaction stored meanwhile: duplicates, not ours
    // One statement per chunk (insertRows splits at ROWS_PER_INSERT): a failing chunk inserted nothing.
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT);
      try {
        await insertRows(trx, 'event', chunk);
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        // A failed statement leaves the transaction usable (SQLite and MySQL): insert one by one.
        for (const row of chunk) {
          try {
            await insertRow(trx, 'event', row);
          } catch (err) {
            if (!isUniqueViolation(err)) throw err;
            lost.add(row.idempotency_key);
          }
        }
      }
    }
    if (lost.size) {
      fresh.splice(0, fresh.length, ...fresh.filter((e) => !lost.has(e.idempotencyKey)));
      for (const r of (await latestRead(trx, trx('event').whereIn('idempotency_key', [...lost])).select('id', 'idempotency_key')) as Array<{ id: number; idempotency_key: string }>) {
        stored.set(String(r.idempotency_key), Number(r.id));
      }
    }
    const freshIds = new Map<string, number>();
    for (let i = 0; i < fresh.length; i += 500) {
      for (const r of await selectIn(trx, 'event', 'idempotency_key', fresh.slice(i, i + 500).map((e) => e.idempotencyKey), ['id', 'idempotency_key'])) {
        freshIds.set(String(r.idempotency_key), Number(r.id));
      }
    }
    const versions = new Map<string, VersionRecord[]>();
    const results = new Map<string, Ingested>();
    let runsStarted = 0;
    for (const e of fresh) {
      const eventId = freshIds.get(e.idempotencyKey) as number;
      let list = versions.get(e.type);
      if (!list) versions.set(e.type, (list = await this.workflows.publishedFor(e.type, trx)));
      const ctx = (typeof e.payload.employeeId === 'string' ? contexts.get(e.payload.employeeId) : undefined) ?? { employee: null, manager: null, org: null };
      const context: RunContext = { event: { id: String(eventId), type: e.type, occurredAt: new Date(e.occurredAt ? Date.parse(e.occurredAt) : now).toISOString() }, trigger: e.payload, ...ctx };
      const runIds: number[] = [];
      const jobs: Job[] = [];
      const matches = this.#match(list, context, now);
      const employeeId = typeof e.payload.employeeId === 'string' ? e.payload.employeeId : null;
      for (const m of matches) {
        const head = await newRunWithin(trx, newRunRow(m.version, eventId, employeeId, now));
        runIds.push(head.id);
        jobs.push(...(await this.startRun(trx, head, m.version.definition, context, m.filter, now)));
      }
      if (runIds.length > 0) await updateWhere(trx, 'event', 'id', eventId, { run_count: runIds.length });
      results.set(e.idempotencyKey, { eventId, duplicate: false, runIds, jobs });
      runsStarted += runIds.length;
    }
    const storedIds = [...stored.values()];
    const runsOfStored = new Map<number, number[]>();
    for (let i = 0; i < storedIds.length; i += 500) {
      for (const r of (await trx('run').whereIn('event_id', storedIds.slice(i, i + 500)).select('id', 'event_id')) as Array<{ id: number; event_id: number }>) {
        const list = runsOfStored.get(Number(r.event_id)) ?? [];
        list.push(Number(r.id));
        runsOfStored.set(Number(r.event_id), list);
      }
    }
    const seen = new Set<string>();
    const out = events.map((e): Ingested => {
      const first = results.get(e.idempotencyKey);
      if (first && !seen.has(e.idempotencyKey)) {
        seen.add(e.idempotencyKey);
        return first;
      }
      const eventId = first?.eventId ?? (stored.get(e.idempotencyKey) as number);
      return { eventId, duplicate: true, runIds: first ? first.runIds : (runsOfStored.get(eventId) ?? []), jobs: [] };
    });
    const duplicates = events.length - fresh.length;
    if (fresh.length) this.metrics.inc('coachflow_events_ingested_total', 'Events received', { duplicate: 'false' }, fresh.length);
    if (duplicates) this.metrics.inc('coachflow_events_ingested_total', 'Events received', { duplicate: 'true' }, duplicates);
    this.metrics.inc('coachflow_runs_started_total', 'Runs started', {}, runsStarted);
    return out;
  }

  async #duplicate(db: Knex, key: string, count = true): Promise<Ingested> {
    const row = (await latestRead(db, db('event').where({ idempotency_key: key })).first('id')) as { id: number } | undefined;
    if (!row) throw new Error(`duplicate event ${key} vanished`);
    const runs = (await db('run').where({ event_id: row.id }).select('id')) as Array<{ id: number }>;
    const result = { eventId: Number(row.id), duplicate: true, runIds: runs.map((r) => Number(r.id)), jobs: [] };
    if (count) this.#count(result);
    return result;
  }

  /** Counts an ingestion in the metrics (after the commit when the transaction is ours). */
  #count(result: Ingested): void {
    this.metrics.inc('coachflow_events_ingested_total', 'Events received', { duplicate: String(result.duplicate) });
    if (!result.duplicate) this.metrics.inc('coachflow_runs_started_total', 'Runs started', {}, result.runIds.length);
  }

  async #store(
    trx: Knex,
    event: IncomingEvent,
    versions: VersionRecord[],
    ctx: Pick<RunContext, 'employee' | 'manager' | 'org'>,
    withinCallerTransaction = false,
    count = true,
  ): Promise<Ingested> {
    const now = Date.now();
    const occurredAt = event.occurredAt ? Date.parse(event.occurredAt) : now;
    const context: RunContext = {
      event: { id: '', type: event.type, occurredAt: new Date(occurredAt).toISOString() },
      trigger: event.payload,
      ...ctx,
    };
    const matches = this.#match(versions, context, now);
    let eventId: number;
    try {
      eventId = await insertRow(trx, 'event', {
        type: event.type,
        idempotency_key: event.idempotencyKey,
        payload: toJson(event.payload),
        occurred_at: occurredAt,
        received_at: now,
        run_count: matches.length,
      });
    } catch (e) {
      // Another transaction stored the same key between our check and this insert.
      if (isUniqueViolation(e) && withinCallerTransaction) return this.#duplicate(trx, event.idempotencyKey);
      throw e;
    }
    context.event.id = String(eventId);
    const employeeId = typeof event.payload.employeeId === 'string' ? event.payload.employeeId : null;
    const runIds: number[] = [];
    const jobs: Job[] = [];
    for (const m of matches) {
      const head = await newRunWithin(trx, newRunRow(m.version, eventId, employeeId, now));
      runIds.push(head.id);
      jobs.push(...(await this.startRun(trx, head, m.version.definition, context, m.filter, now)));
    }
    const result = { eventId, duplicate: false, runIds, jobs };
    if (count) this.#count(result);
    return result;
  }

  /** Published versions whose trigger filter passes for this event (a failing filter rule starts nothing). */
  #match(versions: VersionRecord[], context: RunContext, now: number): Match[] {
    const data = { ...context, vars: {}, steps: {}, now: new Date(now).toISOString() };
    const out: Match[] = [];
    for (const version of versions) {
      const filter = triggerFilter(version.definition);
      if (filter === undefined || filter === null) {
        out.push({ version, filter: null });
        continue;
      }
      try {
        const result = evaluate(filter as Rule, data); // compiled once per filter object (versions are cached and immutable)
        if (result && !(Array.isArray(result) && result.length === 0)) {
          out.push({ version, filter: { rule: filter, variables: readValues(filter, data), result } });
        }
      } catch {
        // A filter that cannot be evaluated on this event does not start a run; the validator
        // prevents most of these before publishing.
      }
    }
    return out;
  }
}
