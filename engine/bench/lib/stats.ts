/** Small statistics helpers for the benchmarks: median, percentiles (nearest-rank), ops/s. */

/** Sorted copy (numbers ascending). */
export function sorted(values: readonly number[]): number[] {
  return Float64Array.from(values).sort() as unknown as number[];
}

/**
 * Nearest-rank percentile (p in 0–100) of `values`: the smallest value such that at least p% of
 * the values are ≤ it. NaN for an empty list. Pass `isSorted` to skip the sort.
 */
export function percentile(values: ArrayLike<number>, p: number, isSorted = false): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const s = isSorted ? values : sorted(Array.from(values));
  const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
  return s[rank - 1] as number;
}

export function median(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const s = sorted(Array.from(values));
  return n % 2 ? (s[(n - 1) / 2] as number) : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2;
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return values.length ? sum / values.length : Number.NaN;
}

export interface Summary {
  n: number;
  min: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(values: ArrayLike<number>): Summary {
  const s = sorted(Array.from(values));
  return {
    n: s.length,
    min: s.length ? (s[0] as number) : Number.NaN,
    p50: percentile(s, 50, true),
    p90: percentile(s, 90, true),
    p95: percentile(s, 95, true),
    p99: percentile(s, 99, true),
    max: s.length ? (s[s.length - 1] as number) : Number.NaN,
    mean: mean(s),
  };
}

/** Operations per second of `count` operations in `ms` milliseconds. */
export function opsPerSecond(count: number, ms: number): number {
  return ms > 0 ? (count / ms) * 1000 : Number.NaN;
}

/**
 * Runs `fn` in a tight loop for about `ms` milliseconds (after `warmup` calls) and returns the
 * measured operations per second. `fn` results are folded into a sink so the JIT cannot drop them.
 */
export function measureOps(fn: () => unknown, ms = 1000, warmup = 20_000): { ops: number; opsPerSecond: number; ms: number; sink: number } {
  let sink = 0;
  for (let i = 0; i < warmup; i++) if (fn()) sink++;
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 10_000; i++) if (fn()) sink++;
    n += 10_000;
    elapsed = performance.now() - start;
  }
  return { ops: n, opsPerSecond: opsPerSecond(n, elapsed), ms: elapsed, sink };
}

/** Rounds for display: 3 significant digits below 100, integers above. */
export function round(x: number, digits = 1): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function fmtInt(x: number): string {
  return Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : String(x);
}

export function fmtMs(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return x >= 100 ? `${Math.round(x)} ms` : `${round(x, x >= 10 ? 1 : 2)} ms`;
}

export function fmtMb(bytes: number): string {
  return Number.isFinite(bytes) ? `${round(bytes / 1048576, 1)} MB` : String(bytes);
}
