/**
 * KPI readings in, `kpi.deviation` events out. Readings (API batch, CSV stream, the demo) are
 * processed in batches: per batch, the streak states of its employee-KPI pairs are loaded in one
 * query, readings are folded in memory with the incremental detector (`applyReading`), and the
 * readings, the new states and the batch's events are written in one transaction. A late or
 * corrected reading (period not after the pair's last one) recomputes that pair only from its
 * stored history (`recompute` + `signalsToEmitAfterCorrection`); re-sending an unchanged reading
 * changes nothing. Each event's idempotency key is the streak label
 * (employee, KPI, direction, streak start, length), so a re-import never duplicates an event.
 * Memory stays flat: nothing but the current batch (and the employee → job family map) is held.
 */
import { UserError } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import { parseCsvRecordBatches } from '../domain/csv.js';
import { boundsOf, classify, kpiRef, resolveRange, type KpiDefinition, type KpiRange, type KpiRef } from '../domain/kpi-definition.js';
import { applyReading, recompute, signalsToEmitAfterCorrection, type KpiDeviationSignal, type KpiReading, type StreakReading, type StreakState } from '../domain/kpi-streak.js';
import { periodIndex, periodKindOf } from '../domain/period.js';
import { fromJsonOrNull, insertedId, toJson } from '../persistence/json.js';
import type { Job } from '../queue/job-queue.port.js';
import { toKpiDefinition } from './kpi-definition.service.js';
import { bulkUpsert } from './bulk-write.js';
import { chunksOf, emitWithin, LineErrors, transactionWithRetry, type LineError, type SignalDeps, type SignalEvent } from './signal-deps.js';
import { sqliteTransactionWithRetry } from '../persistence/sqlite-transaction.js';

type Row = Record<string, unknown>;

/** A reading as it arrives (CSV fields are strings). */
export interface ReadingInput {
  employeeId?: unknown;
  kpiId?: unknown;
  period?: unknown;
  value?: unknown;
  target?: unknown;
}

/** One item of a reading source: a reading with the line (or index) it came from, or a line error. */
export type ReadingSourceItem = { line: number; reading: ReadingInput } | { line: number; error: { code: string; message: string } };

export interface ReadingImportOptions {
  source: 'api' | 'csv' | 'json' | 'demo';
  /** Readings per transaction (default 2000). */
  batchSize?: number;
  actor?: string;
}

export interface ReadingImportResult {
  id: number;
  kind: 'kpi_readings';
  status: 'applied' | 'failed';
  total: number;
  accepted: number;
  rejected: number;
  /** Late or corrected readings that changed a stored value. */
  corrected: number;
  /** Re-sent readings equal to the stored ones (no effect). */
  unchanged: number;
  /** kpi.deviation events stored (new ones). */
  events: number;
  /** Events whose idempotency key already existed (re-imports). */
  duplicateEvents: number;
  runs: number;
  errors: LineError[];
  errorCount: number;
  durationMs: number;
  readingsPerSecond: number;
}

interface Parsed extends KpiReading {
  target: number | null;
  /** periodIndex(period), computed once per distinct period of the import. */
  index: number;
}

/** A valid period string of the import: its canonical string, kind and index. */
interface PeriodInfo {
  period: string;
  kind: 'week' | 'month';
  index: number;
}

/** Takes one reading (a flush of a full batch is awaited when a promise is returned). */
type Accept = (line: number, employeeId: unknown, kpiId: unknown, period: unknown, value: unknown, target: unknown) => Promise<void> | undefined;
/** Records a line error of the source (not a reading). */
type Reject = (line: number, code: string, message: string) => void;

interface BatchOutcome {
  accepted: number;
  corrected: number;
  unchanged: number;
  events: number;
  duplicateEvents: number;
  runs: number;
  jobs: Job[];
  /** The streak state of every pair of the batch after it (null: the pair has none). */
  states: Array<[string, StreakState | null]>;
}

/**
 * SQLite: the streak states an import wrote, carried to its next batch so that batch need not
 * read them back (the lookups, a random read per pair, were the largest part of the import's
 * SQL time). Only this service writes `kpi_streak`; the carried states are used only while no
 * other batch of this process (`generation`) and no other connection to the database file
 * (`PRAGMA data_version`, which changes when another connection commits) has written since.
 */
interface CarriedStates {
  states: Map<string, StreakState | null>;
  generation: number;
  dataVersion: number | null;
}

const READING_COLUMNS = ['employee_id', 'kpi_id', 'period', 'value', 'target', 'import_id', 'received_at'] as const;
const STATE_COLUMNS = ['employee_id', 'kpi_id', 'last_period', 'direction', 'length', 'readings', 'fired_for_streak_start', 'updated_at'] as const;
/** Most carried streak states per import (beyond, they are dropped and read again). */
const MAX_CARRIED_STATES = 100_000;
const pairKey = (employeeId: string, kpiId: string) => `${employeeId}\u0000${kpiId}`;
const byIndex = (a: Parsed, b: Parsed) => a.index - b.index;
const NO_READINGS: readonly Parsed[] = Object.freeze([]);
/** The readings of a state out of any streak, shared (never modified: the detector copies). */
const NO_STREAK_READINGS = Object.freeze([]) as unknown as StreakReading[];

/** The readings of one employee-KPI pair in a batch. */
interface PairGroup {
  employeeId: string;
  kpiId: string;
  first: Parsed;
  /** By period, when the pair has more than one reading in the batch (`first` included). */
  more: Map<string, Parsed> | null;
  /** Lowest period index of the pair's readings. */
  minIndex: number;
}

/** The idempotency key of a kpi.deviation signal: its streak label. */
export function deviationKey(signal: Pick<KpiDeviationSignal, 'employeeId' | 'kpi' | 'direction' | 'streak'>, streakStart: string): string {
  return `kpi.deviation:${signal.employeeId}:${signal.kpi.id}:${signal.direction}:${streakStart}:${signal.streak}`;
}

function toState(row: Row): StreakState {
  return {
    employeeId: String(row.employee_id),
    kpiId: String(row.kpi_id),
    lastPeriod: String(row.last_period),
    direction: (row.direction as StreakState['direction']) ?? null,
    length: Number(row.length),
    readings: fromJsonOrNull<StreakReading[]>(row.readings) ?? [],
    firedForStreakStart: (row.fired_for_streak_start as string | null) ?? null,
  };
}

function numberOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Context of one import: definitions and who is who, loaded once. */
interface ImportContext {
  kpis: Map<string, KpiDefinition & { ref: KpiRef }>;
  /** The directory: an employee's id as stored (the string readings keep) and job family. */
  employees: Map<string, { id: string; jobFamily: string | null }>;
  /** Periods seen by this import (null: not a valid period). */
  periods: Map<string, PeriodInfo | null>;
  ranges: Map<string, KpiRange>;
  /** SQLite only (see CarriedStates). */
  carried: CarriedStates | null;
}

export class KpiReadingImportService {
  /** Batches of this service begun so far (any import): tells an import whether another one wrote in between. */
  #generation = 0;

  constructor(
    private readonly deps: SignalDeps,
    private readonly enqueue: (jobs: Job[]) => Promise<void>,
  ) {}

  async #context(): Promise<ImportContext> {
    const kpis = new Map(((await this.deps.knex('kpi_definition').select('*')) as Row[]).map((r) => {
      const d = toKpiDefinition(r);
      return [d.id, { ...d, ref: kpiRef(d) }] as const;
    }));
    const employees = new Map(((await this.deps.knex('employee').select('id', 'job_family')) as Row[]).map((r) => {
      const id = String(r.id);
      return [id, { id, jobFamily: (r.job_family as string | null) ?? null }] as const;
    }));
    return { kpis, employees, periods: new Map(), ranges: new Map(), carried: this.deps.driver === 'sqlite' ? { states: new Map(), generation: -1, dataVersion: null } : null };
  }

  #range(ctx: ImportContext, def: KpiDefinition, employeeId: string): KpiRange {
    if (!def.overrides?.length) return def.range;
    const key = pairKey(employeeId, def.id);
    let r = ctx.ranges.get(key);
    if (!r) {
      r = resolveRange(def, { employeeId, jobFamily: ctx.employees.get(employeeId)?.jobFamily ?? null });
      if (ctx.ranges.size > 200_000) ctx.ranges.clear();
      ctx.ranges.set(key, r);
    }
    return r;
  }

  /** The period's kind and index (cached per distinct string), or null when it is not a valid period. */
  #period(ctx: ImportContext, period: string): PeriodInfo | null {
    let info = ctx.periods.get(period);
    if (info === undefined) {
      const kind = periodKindOf(period);
      info = null;
      if (kind) {
        try {
          info = { period, kind, index: periodIndex(period) };
        } catch {
          info = null;
        }
      }
      if (ctx.periods.size >= 10_000) ctx.periods.clear();
      ctx.periods.set(period, info);
    }
    return info;
  }

  /** Validates one reading against the definitions and the directory. */
  #parse(ctx: ImportContext, rawEmployeeId: unknown, rawKpiId: unknown, rawPeriod: unknown, rawValue: unknown, rawTarget: unknown): Parsed | { field: string; code: string; message: string } {
    const givenEmployeeId = typeof rawEmployeeId === 'string' ? rawEmployeeId.trim() : typeof rawEmployeeId === 'number' ? String(rawEmployeeId) : '';
    if (!givenEmployeeId) return { field: 'employeeId', code: 'required', message: 'employeeId is required' };
    const givenKpiId = typeof rawKpiId === 'string' ? rawKpiId.trim() : '';
    if (!givenKpiId) return { field: 'kpiId', code: 'required', message: 'kpiId is required' };
    const def = ctx.kpis.get(givenKpiId);
    if (!def) return { field: 'kpiId', code: 'unknown_kpi', message: `KPI ${givenKpiId} is not defined` };
    const employee = ctx.employees.get(givenEmployeeId);
    if (!employee) return { field: 'employeeId', code: 'unknown_employee', message: `employee ${givenEmployeeId} is not in the directory` };
    const givenPeriod = typeof rawPeriod === 'string' ? rawPeriod.trim() : '';
    const info = this.#period(ctx, givenPeriod);
    if (info?.kind !== def.period) {
      if (periodKindOf(givenPeriod) !== def.period) return { field: 'period', code: 'invalid_period', message: `period "${givenPeriod}" is not a ${def.period === 'week' ? 'ISO week (2026-W07)' : 'month (2026-03)'}` };
      return { field: 'period', code: 'invalid_period', message: `period "${givenPeriod}" does not exist` };
    }
    const value = numberOf(rawValue);
    if (value === null) return { field: 'value', code: rawValue === undefined || rawValue === '' || rawValue === null ? 'required' : 'invalid_number', message: 'value must be a number' };
    let target: number | null = null;
    if (rawTarget !== undefined && rawTarget !== null && rawTarget !== '') {
      target = numberOf(rawTarget);
      if (target === null) return { field: 'target', code: 'invalid_number', message: 'target must be a number' };
    }
    // The directory's and the definition's strings, not the source's: what the import keeps
    // (carried states, ranges) holds no part of the source's text.
    return { employeeId: employee.id, kpiId: def.id, period: info.period, value, target, index: info.index };
  }

  /** Imports readings from any source (API, CSV, JSON, demo), in batches. */
  async run(items: AsyncIterable<ReadingSourceItem> | Iterable<ReadingSourceItem>, options: ReadingImportOptions): Promise<ReadingImportResult> {
    return this.#import(options, async (accept, reject) => {
      for await (const item of items) {
        if ('error' in item) {
          reject(item.line, item.error.code, item.error.message);
          continue;
        }
        const r = item.reading;
        const flushing = accept(item.line, r.employeeId, r.kpiId, r.period, r.value, r.target);
        if (flushing) await flushing;
      }
    });
  }

  /**
   * One import: `feed` hands every reading of the source to `accept` (and source line errors to
   * `reject`), in order; readings are validated and applied in batches as they come.
   */
  async #import(options: ReadingImportOptions, feed: (accept: Accept, reject: Reject) => Promise<void>): Promise<ReadingImportResult> {
    const started = Date.now();
    const ctx = await this.#context();
    const batchSize = Math.max(1, Math.min(options.batchSize ?? 2000, 10_000));
    const importId = insertedId(
      await this.deps.knex('data_import').insert({ kind: 'kpi_readings', format: options.source, mode: 'delta', status: 'running', actor: options.actor ?? null, created_at: started }),
    );
    const errors = new LineErrors();
    const totals = { total: 0, accepted: 0, corrected: 0, unchanged: 0, events: 0, duplicateEvents: 0, runs: 0 };
    let batch: Parsed[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const out = await this.#applyBatch(ctx, batch, importId);
      batch = [];
      totals.accepted += out.accepted;
      totals.corrected += out.corrected;
      totals.unchanged += out.unchanged;
      totals.events += out.events;
      totals.duplicateEvents += out.duplicateEvents;
      totals.runs += out.runs;
      await this.enqueue(out.jobs);
    };
    const accept: Accept = (line, employeeId, kpiId, period, value, target) => {
      totals.total++;
      const p = this.#parse(ctx, employeeId, kpiId, period, value, target);
      if ('code' in p) {
        const id = typeof employeeId === 'string' ? employeeId : undefined;
        errors.add({ line, ...(id ? { id } : {}), field: p.field, code: p.code, reason: p.message });
        return undefined;
      }
      batch.push(p);
      return batch.length >= batchSize ? flush() : undefined;
    };
    const reject: Reject = (line, code, message) => {
      totals.total++;
      errors.add({ line, code, reason: message });
    };
    let status: 'applied' | 'failed' = 'applied';
    try {
      await feed(accept, reject);
      await flush();
    } catch (e) {
      status = 'failed';
      await this.#finish(importId, status, started, totals, errors, (e as Error).message);
      throw e;
    }
    const durationMs = await this.#finish(importId, status, started, totals, errors, null);
    return {
      id: importId,
      kind: 'kpi_readings',
      status,
      ...totals,
      rejected: errors.count,
      errors: errors.items,
      errorCount: errors.count,
      durationMs,
      readingsPerSecond: durationMs > 0 ? Math.round((totals.accepted * 1000) / durationMs) : totals.accepted,
    };
  }

  async #finish(importId: number, status: string, started: number, totals: Record<string, number>, errors: LineErrors, failure: string | null): Promise<number> {
    const now = Date.now();
    await this.deps.knex('data_import')
      .where({ id: importId })
      .update({ status, summary: toJson({ ...totals, rejected: errors.count, errorCount: errors.count, durationMs: now - started, ...(failure ? { failure } : {}) }), errors: toJson(errors.items), finished_at: now });
    return now - started;
  }

  /** Imports readings from CSV text or chunks (columns employeeId, kpiId, period, value, target). */
  async importCsv(chunks: AsyncIterable<string> | string, options: Omit<ReadingImportOptions, 'source'> = {}): Promise<ReadingImportResult> {
    const source = typeof chunks === 'string' ? chunksOf(chunks) : chunks;
    return this.#import({ ...options, source: 'csv' }, async (accept, reject) => {
      // The rows of each chunk at once, read by column position (no object per line).
      const batches = parseCsvRecordBatches(source)[Symbol.asyncIterator]();
      let done = false;
      try {
        let header: readonly string[] | null = null;
        let columns: number[] = [];
        for (;;) {
          let next: IteratorResult<Awaited<ReturnType<typeof batches.next>>['value']>;
          try {
            next = await batches.next();
          } catch (e) {
            done = true;
            throw UserError.badRequest('MALFORMED_CSV', `the CSV cannot be read: ${(e as Error).message}`);
          }
          if (next.done) {
            done = true;
            break;
          }
          const { header: h, items } = next.value;
          if (h !== header) {
            header = h;
            const column = (...names: string[]): number => {
              for (const name of names) if (h.includes(name)) return h.indexOf(name);
              return -1;
            };
            columns = [column('employeeId', 'employee_id'), column('kpiId', 'kpi_id'), column('period'), column('value'), column('target')];
          }
          const [e, k, p, v, t] = columns as [number, number, number, number, number];
          for (const item of items) {
            if ('error' in item) {
              reject(item.line, item.error.code, item.error.message);
              continue;
            }
            const f = item.fields;
            const flushing = accept(item.line, e < 0 ? undefined : f[e], k < 0 ? undefined : f[k], p < 0 ? undefined : f[p], v < 0 ? undefined : f[v], t < 0 ? undefined : f[t]);
            if (flushing) await flushing;
          }
        }
      } finally {
        // Stopped by a failed batch: close the source (a file stream) as for-await would.
        if (!done) await batches.return?.(undefined);
      }
    });
  }

  /** Imports a list of readings (API batch, JSON file); `line` is the 1-based position. */
  async importList(readings: readonly ReadingInput[], options: ReadingImportOptions): Promise<ReadingImportResult> {
    return this.#import(options, async (accept) => {
      for (let i = 0; i < readings.length; i++) {
        const r = readings[i] as ReadingInput;
        const flushing = accept(i + 1, r.employeeId, r.kpiId, r.period, r.value, r.target);
        if (flushing) await flushing;
      }
    });
  }

  async #applyBatch(ctx: ImportContext, batch: Parsed[], importId: number): Promise<BatchOutcome> {
    // Group by pair; within a batch, the last reading of a period wins (a correction). Most pairs
    // have one reading per batch: the map of periods is made for the others only.
    const pairs = new Map<string, PairGroup>();
    for (const r of batch) {
      const key = pairKey(r.employeeId, r.kpiId);
      const p = pairs.get(key);
      if (!p) {
        pairs.set(key, { employeeId: r.employeeId, kpiId: r.kpiId, first: r, more: null, minIndex: r.index });
        continue;
      }
      if (!p.more) p.more = new Map([[p.first.period, p.first]]);
      p.more.set(r.period, r);
      if (r.index < p.minIndex) p.minIndex = r.index;
    }
    const now = Date.now();
    // Embedded: BEGIN/COMMIT without knex's transaction object, which kept a whole batch's objects into the old generation (persistence/sqlite-transaction.ts).
    const inTransaction = this.deps.driver === 'sqlite' ? sqliteTransactionWithRetry : transactionWithRetry;
    const result = await inTransaction(this.deps.knex, async (trx) => {
      const carried = ctx.carried;
      let dataVersion: number | null = null;
      let known: Map<string, StreakState | null> | null = null;
      if (carried) {
        dataVersion = Number(((await trx.raw('PRAGMA data_version')) as Array<{ data_version: number }>)[0]?.data_version);
        if (carried.generation === this.#generation && carried.dataVersion === dataVersion) known = carried.states;
      }
      // Taken inside the transaction, before any write: a batch of another import that begins
      // after this one sees a generation its carried states do not have (a rolled-back batch
      // only makes the next one read the states again).
      const generation = ++this.#generation;
      // The pairs' states: carried from the previous batch, or read below.
      const states = new Map<string, StreakState>();
      const stateOf = (key: string): StreakState | undefined => (known?.has(key) ? (known.get(key) ?? undefined) : states.get(key));
      const employeesByKpi = new Map<string, string[]>();
      for (const [key, p] of pairs) {
        if (known?.has(key)) continue;
        let ids = employeesByKpi.get(p.kpiId);
        if (!ids) employeesByKpi.set(p.kpiId, (ids = []));
        ids.push(p.employeeId);
      }
      // The states of the other pairs, per KPI (`kpi_id = ? and employee_id in (…)`: one column's
      // values bound, the primary key walked).
      for (const [kpiId, ids] of employeesByKpi) {
        for (let i = 0; i < ids.length; i += 1000) {
          const q = trx('kpi_streak').where('kpi_id', kpiId).whereIn('employee_id', ids.slice(i, i + 1000));
          if (this.deps.driver === 'mysql') q.forUpdate();
          for (const row of (await q) as Row[]) states.set(pairKey(String(row.employee_id), String(row.kpi_id)), toState(row));
        }
      }
      // Pairs with late or corrected readings need their stored history.
      const lateTuples: string[][] = [];
      for (const [key, p] of pairs) {
        const s = stateOf(key);
        if (s && p.minIndex <= periodIndex(s.lastPeriod)) lateTuples.push([p.employeeId, p.kpiId]);
      }
      const histories = new Map<string, Map<string, Parsed>>();
      for (let i = 0; i < lateTuples.length; i += 500) {
        const rows = (await trx('kpi_reading').whereIn(['employee_id', 'kpi_id'], lateTuples.slice(i, i + 500)).select('employee_id', 'kpi_id', 'period', 'value', 'target')) as Row[];
        for (const row of rows) {
          const key = pairKey(String(row.employee_id), String(row.kpi_id));
          let h = histories.get(key);
          if (!h) histories.set(key, (h = new Map()));
          const period = String(row.period);
          h.set(period, { employeeId: String(row.employee_id), kpiId: String(row.kpi_id), period, value: Number(row.value), target: row.target === null || row.target === undefined ? null : Number(row.target), index: periodIndex(period) });
        }
      }

      const outcome: BatchOutcome = { accepted: 0, corrected: 0, unchanged: 0, events: 0, duplicateEvents: 0, runs: 0, jobs: [], states: [] };
      const readingRows: unknown[][] = [];
      const stateRows: unknown[][] = [];
      const events: SignalEvent[] = [];
      const emit = (signal: KpiDeviationSignal, streakStart: string) =>
        events.push({ type: 'kpi.deviation', idempotencyKey: deviationKey(signal, streakStart), payload: { ...signal, streakStart } as unknown as Record<string, unknown> });
      const addReading = (r: Parsed) => readingRows.push([r.employeeId, r.kpiId, r.period, r.value, r.target, importId, now]);

      for (const [key, p] of pairs) {
        const def = ctx.kpis.get(p.kpiId) as KpiDefinition & { ref: KpiRef };
        const range = this.#range(ctx, def, p.employeeId);
        const readings = p.more ? [...p.more.values()].sort(byIndex) : [p.first];
        const old = stateOf(key);
        let state = old;
        let changed = false;
        outcome.accepted += readings.length;
        const lastIdx = old ? periodIndex(old.lastPeriod) : Number.NEGATIVE_INFINITY;
        const late = p.minIndex <= lastIdx ? readings.filter((r) => r.index <= lastIdx) : NO_READINGS;
        const fresh = late.length ? readings.filter((r) => r.index > lastIdx) : readings;
        if (late.length && old) {
          const history = histories.get(key) ?? new Map<string, Parsed>();
          const corrections = late.filter((r) => {
            const stored = history.get(r.period);
            return !stored || stored.value !== r.value || (stored.target ?? null) !== (r.target ?? null);
          });
          outcome.unchanged += late.length - corrections.length;
          if (corrections.length) {
            for (const r of corrections) {
              history.set(r.period, r);
              addReading(r);
            }
            const sorted = [...history.values()].sort(byIndex);
            const recomputed = recompute(sorted, range);
            for (const s of signalsToEmitAfterCorrection(old, sorted, range, corrections[0]?.period as string, def.ref)) emit(s, recomputed.firedForStreakStart ?? s.period);
            state = recomputed;
            changed = true;
            outcome.corrected += corrections.length;
          }
        }
        for (const r of fresh) {
          // In range: the detector's state is "no streak" whatever came before (applyReading's own
          // answer, without its allocations); out of range goes through the detector.
          if (classify(r.value, boundsOf(range, r.target)) === 'in') {
            state = { employeeId: r.employeeId, kpiId: r.kpiId, lastPeriod: r.period, direction: null, length: 0, readings: NO_STREAK_READINGS, firedForStreakStart: null };
            changed = true;
            addReading(r);
            continue;
          }
          const res = applyReading(state, r, range, def.ref);
          state = res.state;
          changed = true;
          addReading(r);
          if (res.event) emit(res.event, state.firedForStreakStart ?? r.period);
        }
        outcome.states.push([key, state ?? null]);
        if (changed && state) {
          stateRows.push([state.employeeId, state.kpiId, state.lastPeriod, state.direction, state.length, state.readings.length ? toJson(state.readings) : null, state.firedForStreakStart, now]);
        }
      }
      const driver = this.deps.driver;
      await bulkUpsert(trx, driver, 'kpi_reading', READING_COLUMNS, readingRows, ['employee_id', 'kpi_id', 'period'], ['value', 'target', 'import_id', 'received_at']);
      await bulkUpsert(trx, driver, 'kpi_streak', STATE_COLUMNS, stateRows, ['employee_id', 'kpi_id'], STATE_COLUMNS.slice(2));
      const { ingested, jobs } = await emitWithin(this.deps, trx, events);
      for (const e of ingested) {
        if (e.duplicate) outcome.duplicateEvents++;
        else {
          outcome.events++;
          outcome.runs += e.runIds.length;
        }
      }
      outcome.jobs = jobs;
      return { outcome, generation, dataVersion };
    });
    // Committed: the next batch of this import may start from these states.
    const carried = ctx.carried;
    if (carried) {
      if (carried.generation !== result.generation - 1 || carried.dataVersion !== result.dataVersion || carried.states.size > MAX_CARRIED_STATES) carried.states.clear();
      for (const [key, state] of result.outcome.states) carried.states.set(key, state);
      carried.generation = result.generation;
      carried.dataVersion = result.dataVersion;
    }
    return result.outcome;
  }

  /** The stored streak states of an employee (or one pair). */
  async streaks(employeeId: string, kpiId?: string): Promise<StreakState[]> {
    const q = this.deps.knex('kpi_streak').where({ employee_id: employeeId });
    if (kpiId) q.andWhere({ kpi_id: kpiId });
    return ((await q.orderBy('kpi_id')) as Row[]).map(toState);
  }

  /** Stored readings of an employee (optionally one KPI), oldest first. */
  async readings(employeeId: string, kpiId?: string, limit = 520): Promise<Array<{ kpiId: string; period: string; value: number; target: number | null }>> {
    const q = this.deps.knex('kpi_reading').where({ employee_id: employeeId });
    if (kpiId) q.andWhere({ kpi_id: kpiId });
    const rows = (await q.orderBy([{ column: 'kpi_id' }, { column: 'period' }]).limit(limit)) as Row[];
    return rows.map((r) => ({ kpiId: String(r.kpi_id), period: String(r.period), value: Number(r.value), target: r.target === null ? null : Number(r.target) }));
  }
}

