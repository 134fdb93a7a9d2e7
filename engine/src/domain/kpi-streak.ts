/**
 * KPI deviation streak detector — the source of `kpi.deviation` signals.
 *
 * A streak is a maximal run of readings of one employee-KPI pair that are out of range in the
 * same direction in consecutive periods. In-order readings are folded into a small
 * {@link StreakState} in O(1) (no history rescans): same direction and the next period → length+1;
 * a direction switch or a gap (a missing period) → a new streak of 1; in range → length 0.
 *
 * Signals: {@link applyReading} emits a signal for EVERY out-of-range reading, carrying the
 * current streak length. A workflow rule `streak == 3` therefore fires exactly once per streak,
 * because the streak number of a given streak passes through 3 exactly once; a streak that ends
 * and restarts is a new streak and fires again. (`streak >= 3` would fire on every further week.)
 *
 * Late or corrected readings (period ≤ lastPeriod) cannot be folded in; the caller loads the
 * pair's history and calls {@link recompute} and {@link signalsToEmitAfterCorrection}
 * (semantics documented there).
 */
import { boundsOf, classify } from './kpi-definition.js';
import type { KpiBounds, KpiRange, KpiRef } from './kpi-definition.js';
import { comparePeriods, isConsecutive } from './period.js';

export type { KpiDefinition, KpiRange, KpiRangeOverride, KpiRef, KpiBounds } from './kpi-definition.js';
export { classify, resolveRange, boundsOf } from './kpi-definition.js';

/** One KPI value for one employee and period. `target` overrides the range's target (same tolerance). */
export interface KpiReading {
  employeeId: string;
  kpiId: string;
  period: string;
  value: number;
  target?: number | null;
}

/** A reading as kept in a streak, with the bounds that applied to it. */
export interface StreakReading extends KpiBounds {
  period: string;
  value: number;
}

/** Out-of-range direction. */
export type StreakDirection = 'above' | 'below';

/** Most readings kept in a state or a signal (a year of weeks). */
export const STREAK_READINGS_CAP = 52;

/** Detector state of one employee-KPI pair after its latest reading. */
export interface StreakState {
  employeeId: string;
  kpiId: string;
  /** Period of the latest reading folded in. */
  lastPeriod: string;
  /** Direction of the current streak; null when the latest reading was in range. */
  direction: StreakDirection | null;
  /** Length of the current streak; 0 when the latest reading was in range. */
  length: number;
  /** The readings of the current streak, oldest first, capped to the last {@link STREAK_READINGS_CAP}. */
  readings: StreakReading[];
  /**
   * First period of the current streak, i.e. the streak whose signals have been emitted
   * (a signal goes out for every reading of a streak); null when not in a streak.
   * (direction, firedForStreakStart, n) identifies the n-th signal of a streak.
   */
  firedForStreakStart: string | null;
}

/** Payload of a `kpi.deviation` trigger event. */
export interface KpiDeviationSignal {
  employeeId: string;
  kpi: KpiRef;
  period: string;
  direction: StreakDirection;
  /** Length of the streak including this reading (1 = first period out of range). */
  streak: number;
  range: KpiBounds;
  value: number;
  /** The streak's readings up to and including this one, oldest first (capped). */
  readings: StreakReading[];
}

/** Result of folding one reading. */
export interface ApplyResult {
  state: StreakState;
  event: KpiDeviationSignal | null;
}

/** Thrown by {@link applyReading} for a reading that is not after the state's lastPeriod. */
export class OutOfOrderReadingError extends RangeError {
  constructor(readonly period: string, readonly lastPeriod: string) {
    super(`reading for ${period} is not after ${lastPeriod}: recompute from history`);
    this.name = 'OutOfOrderReadingError';
  }
}

/** Whether a reading can be folded in incrementally (first reading, or period after lastPeriod). */
export function isInOrder(state: StreakState | undefined, reading: KpiReading): boolean {
  return state === undefined || comparePeriods(reading.period, state.lastPeriod) > 0;
}

function signalFrom(state: StreakState, reading: KpiReading, kpi: KpiRef | undefined): KpiDeviationSignal {
  const last = state.readings[state.readings.length - 1];
  if (!state.direction || !last) throw new Error('no streak to signal');
  return {
    employeeId: state.employeeId,
    kpi: kpi ?? { id: state.kpiId, name: state.kpiId, unit: '' },
    period: reading.period,
    direction: state.direction,
    streak: state.length,
    range: { low: last.low, high: last.high },
    value: reading.value,
    readings: state.readings.map((r) => ({ ...r })),
  };
}

/**
 * Folds one in-order reading into the state of its employee-KPI pair.
 * @param state the pair's state, or undefined for its first reading
 * @param range the range resolved for this employee (see `resolveRange`)
 * @param kpi id/name/unit for the signal (defaults to the reading's kpiId)
 * @returns the new state and, when the reading is out of range, the `kpi.deviation` signal
 * @throws OutOfOrderReadingError when `reading.period` is not after `state.lastPeriod`
 */
export function applyReading(
  state: StreakState | undefined,
  reading: KpiReading,
  range: KpiRange,
  kpi?: KpiRef,
): ApplyResult {
  if (state && (state.employeeId !== reading.employeeId || state.kpiId !== reading.kpiId)) {
    throw new RangeError(`reading for ${reading.employeeId}/${reading.kpiId} applied to state of ${state.employeeId}/${state.kpiId}`);
  }
  if (state && !isInOrder(state, reading)) throw new OutOfOrderReadingError(reading.period, state.lastPeriod);
  const bounds = boundsOf(range, reading.target);
  const cls = classify(reading.value, bounds);
  const base = { employeeId: reading.employeeId, kpiId: reading.kpiId, lastPeriod: reading.period };
  if (cls === 'in') {
    return { state: { ...base, direction: null, length: 0, readings: [], firedForStreakStart: null }, event: null };
  }
  const item: StreakReading = { period: reading.period, value: reading.value, low: bounds.low, high: bounds.high };
  const continues =
    state !== undefined && state.direction === cls && state.length > 0 && isConsecutive(state.lastPeriod, reading.period);
  const next: StreakState = continues
    ? {
        ...base,
        direction: cls,
        length: state.length + 1,
        readings: [...state.readings, item].slice(-STREAK_READINGS_CAP),
        firedForStreakStart: state.firedForStreakStart,
      }
    : { ...base, direction: cls, length: 1, readings: [item], firedForStreakStart: reading.period };
  return { state: next, event: signalFrom(next, reading, kpi) };
}

function assertSortedHistory(history: readonly KpiReading[]): void {
  for (let i = 1; i < history.length; i++) {
    const prev = history[i - 1];
    const cur = history[i];
    if (prev && cur && comparePeriods(prev.period, cur.period) >= 0) {
      throw new RangeError(`history must be sorted by period without duplicates (at ${cur.period})`);
    }
  }
}

/**
 * Recomputes a pair's state from its whole history (one reading per period, sorted ascending):
 * the path for late or corrected readings. Equivalent to folding {@link applyReading}.
 * @throws RangeError on an empty, unsorted or duplicated history
 */
export function recompute(history: readonly KpiReading[], range: KpiRange): StreakState {
  return replay(history, range, undefined).state;
}

function replay(
  history: readonly KpiReading[],
  range: KpiRange,
  kpi: KpiRef | undefined,
): { state: StreakState; events: Array<{ signal: KpiDeviationSignal; start: string }> } {
  if (history.length === 0) throw new RangeError('empty history');
  assertSortedHistory(history);
  let state: StreakState | undefined;
  const events: Array<{ signal: KpiDeviationSignal; start: string }> = [];
  for (const r of history) {
    const res = applyReading(state, r, range, kpi);
    state = res.state;
    if (res.event && state.firedForStreakStart) events.push({ signal: res.event, start: state.firedForStreakStart });
  }
  if (!state) throw new RangeError('empty history');
  return { state, events };
}

/**
 * Signals to emit after a late or corrected reading, so that a rule `streak == N` still fires at
 * most once per streak and the automation reacts to the present situation.
 *
 * Semantics. Label every out-of-range reading with (direction, streakStart, length). Let p0 be the
 * corrected period and L the new LIVE streak (the streak that contains the latest period of the new
 * history; none if the latest reading is in range). Emit one signal, in period order, for each
 * reading of L at a period ≥ p0 whose label was not a label of the old live streak
 * (oldState.direction, oldState.firedForStreakStart, 1..oldState.length).
 *
 * Consequences:
 * - readings before p0 keep their labels, so nothing already emitted for them is repeated;
 * - a correction that extends or merges the live streak emits only the new lengths (a merge that
 *   passes through 3 fires `streak == 3` once, for the merged streak);
 * - a correction that splits the live streak makes its tail a new streak: it fires again as it grows;
 * - a correction that only changes a value but not its direction emits nothing;
 * - streaks that already ended (do not reach the latest period) are history: they are not fired
 *   late. This is a deliberate choice: the trigger drives follow-up on the current situation.
 * For an in-order reading (p0 after the old lastPeriod) the result equals {@link applyReading}'s
 * event. Labels are compared with the old LIVE streak only, so a correction that undoes an earlier
 * correction may fire a label again; callers that need stronger guarantees dedupe on
 * (employeeId, kpi.id, direction, streakStart = readings[0].period, streak).
 *
 * @param oldState the stored state before the correction (undefined if none)
 * @param newHistory the pair's history after the correction, sorted, one reading per period
 * @param correctedPeriod the period of the late or corrected reading (p0)
 */
export function signalsToEmitAfterCorrection(
  oldState: StreakState | undefined,
  newHistory: readonly KpiReading[],
  range: KpiRange,
  correctedPeriod: string,
  kpi?: KpiRef,
): KpiDeviationSignal[] {
  const { state, events } = replay(newHistory, range, kpi);
  const liveStart = state.firedForStreakStart;
  if (!state.direction || !liveStart) return [];
  const result: KpiDeviationSignal[] = [];
  for (const { signal, start } of events) {
    if (start !== liveStart || comparePeriods(signal.period, correctedPeriod) < 0) continue;
    const existed =
      oldState !== undefined &&
      oldState.direction === signal.direction &&
      oldState.firedForStreakStart === liveStart &&
      signal.streak <= oldState.length;
    if (!existed) result.push(signal);
  }
  return result;
}

/**
 * Reference implementation: the state after `readings` computed from scratch by grouping maximal
 * runs, independent of {@link applyReading}. Accepts readings in any order; when a period occurs
 * more than once the last occurrence wins (a correction).
 * @throws RangeError on an empty list
 */
export function fullRecompute(readings: readonly KpiReading[], range: KpiRange): StreakState {
  const byPeriod = new Map<string, KpiReading>();
  for (const r of readings) byPeriod.set(r.period, r);
  const sorted = [...byPeriod.values()].sort((a, b) => comparePeriods(a.period, b.period));
  const last = sorted[sorted.length - 1];
  if (!last) throw new RangeError('empty history');
  const classes = sorted.map((r) => {
    const b = boundsOf(range, r.target);
    return { r, b, cls: classify(r.value, b) };
  });
  // Walk back from the end while the run continues.
  let startIdx = classes.length - 1;
  const lastCls = classes[startIdx]?.cls;
  if (lastCls === 'in' || lastCls === undefined) {
    return { employeeId: last.employeeId, kpiId: last.kpiId, lastPeriod: last.period, direction: null, length: 0, readings: [], firedForStreakStart: null };
  }
  while (startIdx > 0) {
    const prev = classes[startIdx - 1];
    const cur = classes[startIdx];
    if (!prev || !cur || prev.cls !== lastCls || !isConsecutive(prev.r.period, cur.r.period)) break;
    startIdx--;
  }
  const run = classes.slice(startIdx);
  return {
    employeeId: last.employeeId,
    kpiId: last.kpiId,
    lastPeriod: last.period,
    direction: lastCls,
    length: run.length,
    readings: run.slice(-STREAK_READINGS_CAP).map(({ r, b }) => ({ period: r.period, value: r.value, low: b.low, high: b.high })),
    firedForStreakStart: run[0]?.r.period ?? null,
  };
}

/** A maximal streak found in a history (used by analytics and the demo data's planted list). */
export interface StreakSummary {
  employeeId: string;
  kpiId: string;
  direction: StreakDirection;
  startPeriod: string;
  endPeriod: string;
  length: number;
}

/**
 * All maximal streaks of a pair's history (sorted, one reading per period) with length ≥ `minLength`,
 * found by running the detector over it.
 */
export function findStreaks(history: readonly KpiReading[], range: KpiRange, minLength = 1): StreakSummary[] {
  if (history.length === 0) return [];
  const { events } = replay(history, range, undefined);
  const byStart = new Map<string, StreakSummary>();
  for (const { signal, start } of events) {
    byStart.set(`${signal.direction}|${start}`, {
      employeeId: signal.employeeId,
      kpiId: signal.kpi.id,
      direction: signal.direction,
      startPeriod: start,
      endPeriod: signal.period,
      length: signal.streak,
    });
  }
  return [...byStart.values()].filter((s) => s.length >= minLength);
}
