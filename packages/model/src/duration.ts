/**
 * ISO-8601 durations as used by task `dueIn`, approval `sla` and delay `duration`.
 *
 * Supported: weeks, days and a time part with hours, minutes and (fractional) seconds, e.g.
 * `P7D`, `P2W`, `PT4H`, `PT2S`, `PT0.5S`, `P1DT2H`. Years and months are not supported: their
 * length depends on the calendar, and a coaching SLA never needs them.
 */

/** Pattern of a supported duration (also used in the node config schemas). */
export const ISO_DURATION_PATTERN = '^P(?!$)(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$';

const DURATION_RE = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/**
 * Converts an ISO-8601 duration to milliseconds.
 * Returns `null` when the text is not a supported duration (including the empty `P` / `PT`).
 */
export function parseDuration(iso: unknown): number | null {
  if (typeof iso !== 'string' || iso.length > 64) return null;
  const m = DURATION_RE.exec(iso);
  if (!m) return null;
  const [, w, d, h, min, s] = m;
  if (w === undefined && d === undefined && h === undefined && min === undefined && s === undefined) return null;
  // `PT` followed by nothing, or a trailing `T`, is not a duration.
  if (iso.includes('T') && h === undefined && min === undefined && s === undefined) return null;
  const ms =
    Number(w ?? 0) * WEEK + Number(d ?? 0) * DAY + Number(h ?? 0) * HOUR + Number(min ?? 0) * MINUTE + Number(s ?? 0) * SECOND;
  return Number.isFinite(ms) ? Math.round(ms) : null;
}

/** Whether `value` is a supported ISO-8601 duration. */
export function isDuration(value: unknown): value is string {
  return parseDuration(value) !== null;
}
