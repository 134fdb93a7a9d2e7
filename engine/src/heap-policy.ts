/**
 * How eagerly V8 grows the old generation of a long-running engine process (`engine start`,
 * `engine worker`). By default V8 lets the old space grow to up to four times what survived the
 * last full collection before it collects again; under a steady event load the API's live heap is
 * ≈ 55 MB, yet the old space filled up to 190 MB of mostly garbage and the process reached
 * 300–340 MB RSS (engine/docs/performance.md, "Engine memory"). Growing by a fixed 20 % instead
 * keeps the heap within ≈ 1.2 × live data — more frequent, smaller major collections, no
 * measurable loss of throughput in the benchmark.
 *
 * COACHFLOW_HEAP_GROWING_PERCENT [20]: the growth in percent (1–400); 0 leaves V8's own policy.
 * The flag is read by V8 at every heap-limit computation, so setting it at start-up is enough.
 */
import { setFlagsFromString } from 'node:v8';

export const DEFAULT_HEAP_GROWING_PERCENT = 20;

/** The percentage from the environment; null = V8's default policy. Throws on a value that is not 0–400. */
export function heapGrowingPercent(env: NodeJS.ProcessEnv = process.env): number | null {
  const raw = env.COACHFLOW_HEAP_GROWING_PERCENT?.trim();
  if (raw === undefined || raw === '') return DEFAULT_HEAP_GROWING_PERCENT;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 400) {
    throw new Error(`COACHFLOW_HEAP_GROWING_PERCENT must be a whole number from 0 to 400 (0 = V8's default policy), got "${raw}"`);
  }
  return n === 0 ? null : n;
}

/** Applies the policy to this process; returns the percentage set (null: V8's default). */
export function applyHeapPolicy(env: NodeJS.ProcessEnv = process.env): number | null {
  const percent = heapGrowingPercent(env);
  if (percent !== null) setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}
