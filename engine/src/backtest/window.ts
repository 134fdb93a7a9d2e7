/**
 * The history window of a backtest: `from` and `to` are ISO weeks (`2026-W22`) or dates
 * (`2026-05-25`, or full ISO timestamps), both inclusive: from the start of `from` to the end of
 * `to`, in UTC. A KPI period belongs to the window when it starts inside it; a stored event when it
 * occurred inside it.
 */
import { UserError } from '@coachflow/model';
import { addPeriods, periodFromIndex, periodIndex, periodKindOf, periodOfDate, periodStartDate, type PeriodKind } from '../domain/period.js';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

export interface WindowInput {
  from: string;
  to: string;
}

export interface BacktestWindow {
  from: string;
  to: string;
  /** Inclusive start, epoch ms. */
  fromMs: number;
  /** Exclusive end, epoch ms. */
  toMs: number;
  /** ISO weeks of the window, in order. */
  weeks: string[];
}

/** Largest window accepted (about two years of weeks). */
export const MAX_WINDOW_WEEKS = 106;

function bound(value: string, edge: 'from' | 'to'): number {
  if (periodKindOf(value) === 'week') {
    try {
      const start = Date.parse(`${periodStartDate(value)}T00:00:00Z`);
      return edge === 'from' ? start : start + WEEK_MS;
    } catch {
      throw UserError.badRequest('INVALID_WINDOW', `window.${edge} "${value}" is not an ISO week`);
    }
  }
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms)) throw UserError.badRequest('INVALID_WINDOW', `window.${edge} "${value}" is neither an ISO week (2026-W22) nor a date`);
  return edge === 'to' && dateOnly ? ms + DAY_MS : edge === 'to' ? ms + 1 : ms;
}

export function parseWindow(input: WindowInput): BacktestWindow {
  const fromMs = bound(input.from, 'from');
  const toMs = bound(input.to, 'to');
  if (toMs <= fromMs) throw UserError.badRequest('INVALID_WINDOW', 'window.to is before window.from');
  const first = periodOfDate(new Date(fromMs).toISOString(), 'week');
  const last = periodOfDate(new Date(toMs - 1).toISOString(), 'week');
  const count = periodIndex(last) - periodIndex(first) + 1;
  if (count > MAX_WINDOW_WEEKS) throw UserError.badRequest('WINDOW_TOO_LONG', `the window spans ${count} weeks; at most ${MAX_WINDOW_WEEKS}`);
  const weeks = Array.from({ length: count }, (_, i) => addPeriods(first, i));
  return { from: input.from, to: input.to, fromMs, toMs, weeks };
}

/** Epoch ms of a period's start. */
export function periodStartMs(period: string): number {
  return Date.parse(`${periodStartDate(period)}T00:00:00Z`);
}

/** Whether a KPI period starts inside the window. */
export function periodInWindow(period: string, w: BacktestWindow): boolean {
  const ms = periodStartMs(period);
  return ms >= w.fromMs && ms < w.toMs;
}

/** The first period index of `kind` the warm-up reads from (`warmup` periods before the window). */
export function warmupStartIndex(kind: PeriodKind, w: BacktestWindow, warmup: number): number {
  return periodIndex(periodOfDate(new Date(w.fromMs).toISOString(), kind)) - warmup;
}

export { periodFromIndex };

/** ISO week of an instant. */
export function weekOfMs(ms: number): string {
  return periodOfDate(new Date(ms).toISOString(), 'week');
}
