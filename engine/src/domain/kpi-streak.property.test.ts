/**
 * Property tests of the streak detector over random histories. fast-check does not resolve from
 * the engine package, so cases come from the seeded generator in demo/prng.ts (each failure
 * reports its seed; rerun with that seed to reproduce).
 */
import { describe, expect, it } from 'vitest';
import { createRng } from './demo/prng.js';
import type { Rng } from './demo/prng.js';
import {
  applyReading,
  fullRecompute,
  isInOrder,
  recompute,
  signalsToEmitAfterCorrection,
} from './kpi-streak.js';
import type { KpiDeviationSignal, KpiReading, StreakState } from './kpi-streak.js';
import { addPeriods, comparePeriods } from './period.js';

const range = { target: 50, tolerance: 10 } as const;
const RUNS = 300;

/** Values biased towards long runs: mostly repeat the previous class. */
function randomValue(rng: Rng, prev: number | undefined): number {
  if (prev !== undefined && rng.chance(0.6)) return prev;
  return rng.pick([25, 39.99, 40, 50, 60, 60.01, 75]);
}

function randomHistory(rng: Rng): KpiReading[] {
  const n = rng.int(1, 40);
  const out: KpiReading[] = [];
  let period = rng.pick(['2025-W48', '2026-W01', '2026-W50']);
  let prev: number | undefined;
  for (let i = 0; i < n; i++) {
    period = addPeriods(period, rng.chance(0.1) ? rng.int(2, 3) : 1); // occasional gaps
    prev = randomValue(rng, prev);
    const target = rng.chance(0.1) ? rng.pick([30, 70]) : undefined;
    out.push({ employeeId: 'E1', kpiId: 'k', period, value: prev, ...(target === undefined ? {} : { target }) });
  }
  return out;
}

const label = (s: KpiDeviationSignal) => `${s.direction}|${s.readings.length === s.streak ? s.readings[0]?.period : '?'}|${s.streak}`;

describe('streak detector properties', () => {
  it('in-order delivery: the incremental state after each reading equals the full recomputation', () => {
    for (let seed = 1; seed <= RUNS; seed++) {
      const history = randomHistory(createRng(seed));
      let state: StreakState | undefined;
      for (let i = 0; i < history.length; i++) {
        const reading = history[i] as KpiReading;
        state = applyReading(state, reading, range).state;
        expect(state, `seed ${seed}, step ${i}`).toEqual(fullRecompute(history.slice(0, i + 1), range));
      }
    }
  });

  it('in-order delivery: every streak emits each length exactly once (so streak == N fires once per streak)', () => {
    for (let seed = 1; seed <= RUNS; seed++) {
      const history = randomHistory(createRng(seed));
      let state: StreakState | undefined;
      const seen = new Set<string>();
      for (const reading of history) {
        const res = applyReading(state, reading, range);
        if (res.event) {
          expect(seen.has(label(res.event)), `seed ${seed}`).toBe(false);
          seen.add(label(res.event));
          const prevLen = state?.direction === res.event.direction ? state.length : 0;
          expect([1, prevLen + 1]).toContain(res.event.streak);
        }
        state = res.state;
      }
    }
  });

  it('late and corrected readings: the final state equals the full recomputation; signals stay in the live streak', () => {
    for (let seed = 1; seed <= RUNS; seed++) {
      const rng = createRng(10_000 + seed);
      const base = randomHistory(rng);
      // Deliver mostly in order, with some readings held back and delivered late, and some corrections.
      const deliveries: KpiReading[] = [];
      const held: KpiReading[] = [];
      for (const reading of base) {
        if (rng.chance(0.15)) held.push(reading);
        else deliveries.push(reading);
        if (held.length > 0 && rng.chance(0.3)) deliveries.push(held.shift() as KpiReading);
        if (deliveries.length > 0 && rng.chance(0.15)) {
          const victim = rng.pick(deliveries);
          deliveries.push({ ...victim, value: randomValue(rng, undefined) });
        }
      }
      deliveries.push(...held);

      const history = new Map<string, KpiReading>();
      let state: StreakState | undefined;
      for (const reading of deliveries) {
        history.set(reading.period, reading);
        if (isInOrder(state, reading)) {
          state = applyReading(state, reading, range).state;
          continue;
        }
        const sorted = [...history.values()].sort((a, b) => comparePeriods(a.period, b.period));
        const signals = signalsToEmitAfterCorrection(state, sorted, range, reading.period);
        const next = recompute(sorted, range);
        for (const s of signals) {
          expect(s.direction, `seed ${seed}`).toBe(next.direction);
          expect(comparePeriods(s.period, reading.period)).toBeGreaterThanOrEqual(0);
          const alreadyLive =
            state?.direction === s.direction && state.firedForStreakStart === next.firedForStreakStart && s.streak <= state.length;
          expect(alreadyLive, `seed ${seed}: re-fired ${label(s)}`).toBe(false);
        }
        state = next;
      }
      expect(state, `seed ${seed}`).toEqual(fullRecompute(deliveries, range));
    }
  });
});
