/**
 * Date operators (custom): `date_add`, `date_diff`, `date_before`, `date_after`. Dates are ISO 8601
 * strings or epoch milliseconds; results are ISO strings in UTC. A date-time without an offset is
 * read as UTC (never as the server's local time), so results do not depend on where they run.
 * Invalid input gives null (`date_add`, `date_diff`) or false (`date_before`, `date_after`).
 */
import { argAt } from '../evaluation/runtime-checks.js';
import type { OperatorCompiler } from '../evaluation/evaluator.types.js';
import { toFiniteNumber } from './arithmetic.operators.js';

/** Units accepted by `date_add` and `date_diff`. */
export const DATE_UNITS = ['minutes', 'hours', 'days', 'weeks', 'months'] as const;
/** A unit accepted by `date_add` and `date_diff`. */
export type DateUnit = (typeof DATE_UNITS)[number];

const UNIT_MS: Readonly<Record<Exclude<DateUnit, 'months'>, number>> = {
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
  weeks: 604_800_000,
};

const MAX_EPOCH_MS = 8.64e15;
const ISO_DATE =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

function isDateUnit(u: unknown): u is DateUnit {
  return typeof u === 'string' && (DATE_UNITS as readonly string[]).includes(u);
}

/** Epoch milliseconds of an ISO 8601 string or epoch-ms number; null when invalid. */
export function toEpochMs(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) <= MAX_EPOCH_MS ? value : null;
  if (typeof value !== 'string') return null;
  const m = ISO_DATE.exec(value.trim());
  if (m === null) return null;
  const [, day, hm, sec, frac, zone] = m;
  if (hm === undefined) return checked(Date.parse(`${day}T00:00:00Z`));
  const millis = (frac ?? '').padEnd(3, '0').slice(0, 3);
  let offset = zone === undefined || zone.toUpperCase() === 'Z' ? 'Z' : zone;
  if (offset.length === 3) offset += ':00';
  else if (offset.length === 5) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  return checked(Date.parse(`${day}T${hm}:${sec ?? '00'}.${millis}${offset}`));
}

function checked(ms: number): number | null {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_EPOCH_MS ? ms : null;
}

function toIso(ms: number): string | null {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_EPOCH_MS ? new Date(ms).toISOString() : null;
}

/** Adds whole calendar months in UTC, clamping the day to the target month's last day. */
export function addMonths(ms: number, months: number): number {
  const day = new Date(ms).getUTCDate();
  const out = new Date(ms);
  out.setUTCDate(1);
  out.setUTCMonth(out.getUTCMonth() + months);
  const end = new Date(out.getTime());
  end.setUTCMonth(end.getUTCMonth() + 1, 0); // day 0 of the next month: last day of this one
  out.setUTCDate(Math.min(day, end.getUTCDate()));
  return out.getTime();
}

/** Whole calendar months from `b` to `a` (a - b), truncated toward zero. */
export function monthsBetween(a: number, b: number): number {
  const da = new Date(a);
  const db = new Date(b);
  let m = (da.getUTCFullYear() - db.getUTCFullYear()) * 12 + (da.getUTCMonth() - db.getUTCMonth());
  if (m > 0 && addMonths(b, m) > a) m--;
  else if (m < 0 && addMonths(b, m) < a) m++;
  return m;
}

const compileDateAdd: OperatorCompiler = (args) => {
  const date = argAt(args, 0);
  const amount = argAt(args, 1);
  const unit = argAt(args, 2);
  return (data, ctx) => {
    const t = toEpochMs(date(data, ctx));
    const n = toFiniteNumber(amount(data, ctx));
    const u = unit(data, ctx);
    if (t === null || n === null || !isDateUnit(u)) return null;
    if (u === 'months') return toIso(addMonths(t, Math.trunc(n)));
    return toIso(t + n * UNIT_MS[u]);
  };
};

const compileDateDiff: OperatorCompiler = (args) => {
  const first = argAt(args, 0);
  const second = argAt(args, 1);
  const unit = argAt(args, 2);
  return (data, ctx) => {
    const a = toEpochMs(first(data, ctx));
    const b = toEpochMs(second(data, ctx));
    const u = unit(data, ctx);
    if (a === null || b === null || !isDateUnit(u)) return null;
    const r = u === 'months' ? monthsBetween(a, b) : Math.trunc((a - b) / UNIT_MS[u]);
    return r === 0 ? 0 : r;
  };
};

function compileDateOrder(before: boolean): OperatorCompiler {
  return (args) => {
    const first = argAt(args, 0);
    const second = argAt(args, 1);
    return (data, ctx) => {
      const a = toEpochMs(first(data, ctx));
      const b = toEpochMs(second(data, ctx));
      if (a === null || b === null) return false;
      return before ? a < b : a > b;
    };
  };
}

/** Compilers of the date operators. */
export const dateCompilers = {
  date_add: compileDateAdd,
  date_diff: compileDateDiff,
  date_before: compileDateOrder(true),
  date_after: compileDateOrder(false),
} satisfies Record<string, OperatorCompiler>;
