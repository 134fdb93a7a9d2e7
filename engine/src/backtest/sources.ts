/**
 * Where a backtest's trigger events come from.
 *
 * - `kpi.deviation` (default): recomputed from the stored readings (`kpi_reading`) with the domain
 *   detector, exactly as the import emits them: per employee-KPI pair, readings in period order
 *   through `applyReading` with the range resolved for the employee (`resolveRange`), one event per
 *   out-of-range reading, payload `{ ...signal, streakStart }`, idempotency key = the streak label
 *   (`deviationKey`). With job-family overrides, the range of each reading is the one of the
 *   person's job family at the reading's period (`jobFamilyAt`, the directory as it was). Readings of up to `warmupPeriods` periods before the window are folded in
 *   first (without emitting), so a streak that began before the window has its true length.
 *   The stored readings are the final values: a reading corrected after its import counts with
 *   its corrected value (the import would have emitted the events of the corrected history).
 * - any other trigger type (or `source: 'events'`): the events stored in the `event` table in the
 *   window (goal.at_risk, coaching.recorded, training.requested, …) with their payloads as they
 *   were emitted. Retention may have pruned old events whose runs finished.
 *
 * Both are read in chunks (employees / event ids) so the API process stays responsive.
 */
import type { Knex } from '@mikro-orm/mysql';
import { boundsOf, classify, kpiRef, resolveRange, type KpiDefinition, type KpiRef } from '../domain/kpi-definition.js';
import { applyReading, type KpiReading, type StreakState } from '../domain/kpi-streak.js';
import { periodIndex, periodKindOf } from '../domain/period.js';
import { fromJson } from '../persistence/json.js';
import { deviationKey } from '../signals/kpi-reading-import.service.js';
import { toKpiDefinition } from '../signals/kpi-definition.service.js';
import { periodInWindow, periodStartMs, warmupStartIndex, weekOfMs, type BacktestWindow } from './window.js';

type Row = Record<string, unknown>;

/** A trigger event as the backtest replays it. */
export interface HistoryEvent {
  type: string;
  /** The idempotency key the real event has (or would have). */
  key: string;
  /** The stored event's id (stored events only). */
  eventId: number | null;
  payload: Record<string, unknown>;
  occurredAtMs: number;
  week: string;
  employeeId: string | null;
}

export interface SourceProgress {
  done: number;
  total: number;
}

export interface SourceStats {
  kind: 'kpi_readings' | 'stored_events';
  readings?: number;
  pairs?: number;
  warmupPeriods?: number;
  events: number;
}

const SLICE_MS = 15;
const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Default warm-up: two years of weeks (or months). */
export const DEFAULT_WARMUP_PERIODS = 104;

/**
 * kpi.deviation events of the window, recomputed from the readings, one chunk of employees at a
 * time: yields the events of each chunk (any order inside a chunk).
 */
export async function* kpiDeviationEvents(
  knex: Knex,
  window: BacktestWindow,
  stats: SourceStats,
  progress: (p: SourceProgress) => void,
  options: { chunk?: number; warmupPeriods?: number; jobFamilyAt?: (employeeId: string, ms: number) => string | null | undefined } = {},
): AsyncGenerator<HistoryEvent[]> {
  const chunkSize = options.chunk ?? 200;
  const warmup = options.warmupPeriods ?? DEFAULT_WARMUP_PERIODS;
  stats.warmupPeriods = warmup;
  stats.readings = 0;
  stats.pairs = 0;
  const defs = new Map<string, KpiDefinition & { ref: KpiRef }>();
  for (const row of (await knex('kpi_definition').select('*')) as Row[]) {
    const d = toKpiDefinition(row);
    defs.set(d.id, { ...d, ref: kpiRef(d) });
  }
  const minIndex = { week: warmupStartIndex('week', window, warmup), month: warmupStartIndex('month', window, warmup) };
  // Employees in id order, a page at a time: readings are read per range of the primary key.
  const total = Number(((await knex('employee').count({ n: '*' }).first()) as { n: number | string } | undefined)?.n ?? 0);
  let done = 0;
  let after = '';
  const jobFamilies = new Map<string, string | null>();
  // Per period, computed once: its index, whether the warm-up or the window includes it, its start.
  const periodInfo = new Map<string, { index: number; use: boolean; inWindow: boolean; at: number; week: string } | null>();
  const infoOf = (period: string) => {
    let info = periodInfo.get(period);
    if (info === undefined) {
      const kind = periodKindOf(period);
      if (!kind) info = null;
      else {
        const index = periodIndex(period);
        const at = periodStartMs(period);
        info = { index, use: index >= minIndex[kind] && at < window.toMs, inWindow: periodInWindow(period, window), at, week: weekOfMs(at) };
      }
      periodInfo.set(period, info);
    }
    return info;
  };
  for (;;) {
    const people = (await knex('employee').where('id', '>', after).orderBy('id').limit(chunkSize).select('id', 'job_family')) as Row[];
    if (people.length === 0) break;
    const first = String(people[0]?.id);
    const last = String(people[people.length - 1]?.id);
    after = last;
    jobFamilies.clear();
    for (const r of people) jobFamilies.set(String(r.id), (r.job_family as string | null) ?? null);
    // A range of the primary key (employee, KPI, period): one index range scan per chunk.
    const rows = (await knex('kpi_reading')
      .where('employee_id', '>=', first)
      .andWhere('employee_id', '<=', last)
      .select('employee_id', 'kpi_id', 'period', 'value', 'target')) as Row[];
    // Pairs, readings in period order, within [warm-up start, window end).
    const pairs = new Map<string, Array<KpiReading & { index: number }>>();
    for (const r of rows) {
      const period = String(r.period);
      const info = infoOf(period);
      if (!info || !info.use) continue;
      const key = `${r.employee_id}\u0000${r.kpi_id}`;
      let list = pairs.get(key);
      if (!list) pairs.set(key, (list = []));
      list.push({ employeeId: String(r.employee_id), kpiId: String(r.kpi_id), period, value: Number(r.value), target: r.target === null || r.target === undefined ? null : Number(r.target), index: info.index });
    }
    stats.readings += rows.length;
    stats.pairs += pairs.size;
    const events: HistoryEvent[] = [];
    let slice = Date.now();
    for (const list of pairs.values()) {
      if (Date.now() - slice > SLICE_MS) {
        await yieldNow();
        slice = Date.now();
      }
      const head = list[0];
      if (!head) continue;
      const def = defs.get(head.kpiId);
      if (!def) continue;
      const todayFamily = jobFamilies.get(head.employeeId) ?? null;
      let range = def.overrides?.length ? resolveRange(def, { employeeId: head.employeeId, jobFamily: todayFamily }) : def.range;
      const byFamily = options.jobFamilyAt && def.overrides?.some((o) => o.employeeId === undefined && o.jobFamily !== undefined);
      list.sort((a, b) => a.index - b.index);
      let state: StreakState | undefined;
      for (const reading of list) {
        if (byFamily) {
          const family = options.jobFamilyAt?.(head.employeeId, (periodInfo.get(reading.period) as { at: number }).at);
          range = resolveRange(def, { employeeId: head.employeeId, jobFamily: family === undefined ? todayFamily : family });
        }
        // In range: the detector's answer is "no streak" whatever came before (as the import does).
        if (classify(reading.value, boundsOf(range, reading.target)) === 'in') {
          state = undefined;
          continue;
        }
        const res = applyReading(state, reading, range, def.ref);
        state = res.state;
        const info = periodInfo.get(reading.period);
        if (!res.event || !info?.inWindow) continue;
        const streakStart = state.firedForStreakStart ?? reading.period;
        events.push({
          type: 'kpi.deviation',
          key: deviationKey(res.event, streakStart),
          eventId: null,
          payload: { ...res.event, streakStart } as unknown as Record<string, unknown>,
          occurredAtMs: info.at,
          week: info.week,
          employeeId: reading.employeeId,
        });
      }
    }
    stats.events += events.length;
    done += people.length;
    progress({ done, total: Math.max(total, done) });
    yield events;
  }
  if (done === 0) progress({ done: 1, total: 1 });
}

/** Stored events of one type in the window, by id pages. */
export async function* storedEvents(
  knex: Knex,
  type: string,
  window: BacktestWindow,
  stats: SourceStats,
  progress: (p: SourceProgress) => void,
  options: { page?: number } = {},
): AsyncGenerator<HistoryEvent[]> {
  const page = options.page ?? 2000;
  const base = () => knex('event').where({ type }).andWhere('occurred_at', '>=', window.fromMs).andWhere('occurred_at', '<', window.toMs);
  const total = Number(((await base().count({ n: '*' }).first()) as { n: number | string } | undefined)?.n ?? 0);
  let done = 0;
  let after = 0;
  for (;;) {
    const rows = (await base().andWhere('id', '>', after).orderBy('id').limit(page).select('id', 'type', 'idempotency_key', 'payload', 'occurred_at')) as Row[];
    if (rows.length === 0) break;
    after = Number(rows[rows.length - 1]?.id);
    const events = rows.map((r): HistoryEvent => {
      const payload = fromJson<Record<string, unknown>>(r.payload);
      const at = Number(r.occurred_at);
      return {
        type: String(r.type),
        key: String(r.idempotency_key),
        eventId: Number(r.id),
        payload,
        occurredAtMs: at,
        week: weekOfMs(at),
        employeeId: typeof payload.employeeId === 'string' ? payload.employeeId : null,
      };
    });
    done += rows.length;
    stats.events += events.length;
    progress({ done, total: Math.max(total, done) });
    yield events;
  }
  if (total === 0) progress({ done: 1, total: 1 });
}
