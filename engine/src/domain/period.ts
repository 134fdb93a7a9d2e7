/**
 * Period arithmetic for KPI readings and goal progress: ISO weeks (`2026-W07`) and calendar
 * months (`2026-03`). Every period maps to a monotonic integer index, so "next period",
 * "consecutive" and "gap" are integer comparisons. Pure; no time zone other than UTC is used.
 */

/** The granularity of a KPI or a goal history. */
export type PeriodKind = 'week' | 'month';

const WEEK_RE = /^(\d{4})-W(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;
const DAY_MS = 86_400_000;
/** 1970-01-05 was a Monday: week indexes count whole weeks from it. */
const EPOCH_MONDAY_MS = 4 * DAY_MS;

/** Monday (UTC ms) of ISO week 1 of `year`: the week that contains 4 January. */
function isoWeekOneMonday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const dow = (new Date(jan4).getUTCDay() + 6) % 7; // Monday = 0
  return jan4 - dow * DAY_MS;
}

/** Which kind a period string is, or null when it is neither an ISO week nor a month. */
export function periodKindOf(period: string): PeriodKind | null {
  if (WEEK_RE.test(period)) return 'week';
  if (MONTH_RE.test(period)) return 'month';
  return null;
}

/**
 * Monotonic integer index of a period: consecutive periods differ by exactly 1.
 * Weeks and months live on different scales; do not compare across kinds.
 * @throws RangeError for malformed strings or impossible weeks/months (e.g. `2025-W53`, `2026-13`).
 */
export function periodIndex(period: string): number {
  const cached = INDEX_CACHE.get(period);
  if (cached !== undefined) return cached;
  const index = computePeriodIndex(period);
  if (INDEX_CACHE.size >= INDEX_CACHE_MAX) INDEX_CACHE.clear();
  INDEX_CACHE.set(period, index);
  return index;
}

/**
 * Valid periods seen, with their index: imports call periodIndex several times per reading (order,
 * gaps, streak continuation), always on a handful of distinct periods. Bounded; invalid input is
 * never cached (it throws).
 */
const INDEX_CACHE = new Map<string, number>();
const INDEX_CACHE_MAX = 10_000;

function computePeriodIndex(period: string): number {
  const w = WEEK_RE.exec(period);
  if (w) {
    const year = Number(w[1]);
    const week = Number(w[2]);
    const monday = isoWeekOneMonday(year) + (week - 1) * 7 * DAY_MS;
    const index = Math.round((monday - EPOCH_MONDAY_MS) / (7 * DAY_MS));
    if (week < 1 || periodFromIndex('week', index) !== period) {
      throw new RangeError(`invalid ISO week: ${period}`);
    }
    return index;
  }
  const m = MONTH_RE.exec(period);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) throw new RangeError(`invalid month: ${period}`);
    return Number(m[1]) * 12 + (month - 1);
  }
  throw new RangeError(`not a period (expected YYYY-Www or YYYY-MM): ${period}`);
}

/** The period string for an index produced by {@link periodIndex}. */
export function periodFromIndex(kind: PeriodKind, index: number): string {
  if (kind === 'month') {
    const year = Math.floor(index / 12);
    const month = index - year * 12 + 1;
    return `${year}-${String(month).padStart(2, '0')}`;
  }
  const monday = EPOCH_MONDAY_MS + index * 7 * DAY_MS;
  const thursday = new Date(monday + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((monday - isoWeekOneMonday(year)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function kindOrThrow(period: string): PeriodKind {
  const kind = periodKindOf(period);
  if (!kind) throw new RangeError(`not a period: ${period}`);
  return kind;
}

/** The period `n` steps after `period` (negative `n` goes back). */
export function addPeriods(period: string, n: number): string {
  return periodFromIndex(kindOrThrow(period), periodIndex(period) + n);
}

/** The period right after `period` (`2026-W52` → `2026-W53` → `2027-W01`, `2026-12` → `2027-01`). */
export function nextPeriod(period: string): string {
  return addPeriods(period, 1);
}

/** The period right before `period`. */
export function previousPeriod(period: string): string {
  return addPeriods(period, -1);
}

/**
 * Compares two periods of the same kind: negative when `a` is earlier, 0 when equal, positive when later.
 * @throws RangeError when the kinds differ.
 */
export function comparePeriods(a: string, b: string): number {
  if (kindOrThrow(a) !== kindOrThrow(b)) throw new RangeError(`cannot compare ${a} with ${b}`);
  return periodIndex(a) - periodIndex(b);
}

/** Number of periods from `a` to `b` (b − a); 1 means `b` directly follows `a`. */
export function periodsBetween(a: string, b: string): number {
  return comparePeriods(b, a);
}

/** Whether `b` directly follows `a` (no gap). */
export function isConsecutive(a: string, b: string): boolean {
  return periodsBetween(a, b) === 1;
}

/** The period of a given kind that contains a calendar date (`YYYY-MM-DD` or a full ISO timestamp, read in UTC). */
export function periodOfDate(date: string, kind: PeriodKind): string {
  const ms = Date.parse(date.length === 10 ? `${date}T00:00:00Z` : date);
  if (Number.isNaN(ms)) throw new RangeError(`not a date: ${date}`);
  if (kind === 'month') return new Date(ms).toISOString().slice(0, 7);
  const dayIndex = Math.floor((ms - EPOCH_MONDAY_MS) / DAY_MS);
  return periodFromIndex('week', Math.floor(dayIndex / 7));
}

/** First day (`YYYY-MM-DD`, UTC) of a period: the Monday of a week, the 1st of a month. */
export function periodStartDate(period: string): string {
  if (kindOrThrow(period) === 'month') return `${period}-01`;
  const ms = EPOCH_MONDAY_MS + periodIndex(period) * 7 * DAY_MS;
  return new Date(ms).toISOString().slice(0, 10);
}
