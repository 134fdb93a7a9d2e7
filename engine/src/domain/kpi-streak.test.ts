import { describe, expect, it } from 'vitest';
import {
  OutOfOrderReadingError,
  applyReading,
  findStreaks,
  fullRecompute,
  recompute,
  signalsToEmitAfterCorrection,
} from './kpi-streak.js';
import type { KpiDeviationSignal, KpiReading, StreakState } from './kpi-streak.js';
import { addPeriods } from './period.js';

const range = { target: 50, tolerance: 10 } as const; // in range: [40, 60]
const kpi = { id: 'sales_amount', name: '销售额', unit: '万元' };
const r = (period: string, value: number, target?: number): KpiReading => ({
  employeeId: 'E0007',
  kpiId: 'sales_amount',
  period,
  value,
  ...(target === undefined ? {} : { target }),
});
/** Weekly readings from 2026-W01 on; `null` leaves a gap. */
const weeks = (values: Array<number | null>): KpiReading[] =>
  values.flatMap((v, i) => (v === null ? [] : [r(addPeriods('2026-W01', i), v)]));

function feed(readings: KpiReading[]): { state: StreakState | undefined; events: KpiDeviationSignal[] } {
  let state: StreakState | undefined;
  const events: KpiDeviationSignal[] = [];
  for (const reading of readings) {
    const res = applyReading(state, reading, range, kpi);
    state = res.state;
    if (res.event) events.push(res.event);
  }
  return { state, events };
}
const streakEq = (events: KpiDeviationSignal[], n: number) => events.filter((e) => e.streak === n);

describe('applyReading', () => {
  it('an in-range reading gives length 0 and no signal', () => {
    const { state, event } = applyReading(undefined, r('2026-W01', 50), range, kpi);
    expect(event).toBeNull();
    expect(state).toMatchObject({ lastPeriod: '2026-W01', direction: null, length: 0, readings: [], firedForStreakStart: null });
  });

  it('bounds are inclusive', () => {
    expect(applyReading(undefined, r('2026-W01', 40), range).event).toBeNull();
    expect(applyReading(undefined, r('2026-W01', 60), range).event).toBeNull();
  });

  it('counts consecutive below-range readings and emits the trigger payload', () => {
    const { state, events } = feed(weeks([50, 30, 35, 38]));
    expect(state).toMatchObject({ direction: 'below', length: 3, firedForStreakStart: '2026-W02' });
    expect(events.map((e) => e.streak)).toEqual([1, 2, 3]);
    expect(events[2]).toEqual({
      employeeId: 'E0007',
      kpi,
      period: '2026-W04',
      direction: 'below',
      streak: 3,
      range: { low: 40, high: 60 },
      value: 38,
      readings: [
        { period: '2026-W02', value: 30, low: 40, high: 60 },
        { period: '2026-W03', value: 35, low: 40, high: 60 },
        { period: '2026-W04', value: 38, low: 40, high: 60 },
      ],
    });
  });

  it('counts above-range streaks', () => {
    const { state } = feed(weeks([61, 70, 65]));
    expect(state).toMatchObject({ direction: 'above', length: 3, firedForStreakStart: '2026-W01' });
  });

  it('a direction switch starts a new streak of 1', () => {
    const { state, events } = feed(weeks([30, 30, 70]));
    expect(state).toMatchObject({ direction: 'above', length: 1, firedForStreakStart: '2026-W03' });
    expect(events.map((e) => `${e.direction}${e.streak}`)).toEqual(['below1', 'below2', 'above1']);
  });

  it('a missing period (gap) starts a new streak', () => {
    const { state } = feed(weeks([30, 30, null, 30]));
    expect(state).toMatchObject({ direction: 'below', length: 1, firedForStreakStart: '2026-W04' });
  });

  it('uses the reading target with the range tolerance', () => {
    const { event } = applyReading(undefined, r('2026-W01', 65, 80), range, kpi);
    expect(event).toMatchObject({ direction: 'below', range: { low: 70, high: 90 } });
  });

  it('streak == 3 fires exactly once per streak, and again for a restarted streak', () => {
    const { events } = feed(weeks([30, 30, 30, 30, 30, 50, 30, 30, 30, 30, 70, 70, 70]));
    const threes = streakEq(events, 3);
    expect(threes.map((e) => `${e.direction}@${e.period}`)).toEqual(['below@2026-W03', 'below@2026-W09', 'above@2026-W13']);
  });

  it('caps the kept readings to 52 but keeps counting', () => {
    const { state } = feed(weeks(Array.from({ length: 60 }, () => 10)));
    expect(state?.length).toBe(60);
    expect(state?.readings).toHaveLength(52);
    expect(state?.firedForStreakStart).toBe('2026-W01');
  });

  it('refuses late readings and readings of another pair', () => {
    const { state } = feed(weeks([30, 30]));
    expect(() => applyReading(state, r('2026-W02', 30), range)).toThrow(OutOfOrderReadingError);
    expect(() => applyReading(state, { ...r('2026-W03', 30), employeeId: 'E0008' }, range)).toThrow(RangeError);
  });
});

describe('recompute and corrections', () => {
  it('recompute equals the incremental fold and the reference', () => {
    const history = weeks([30, 50, 70, 70, null, 70, 30, 30]);
    expect(recompute(history, range)).toEqual(feed(history).state);
    expect(fullRecompute([...history].reverse(), range)).toEqual(feed(history).state);
    expect(() => recompute([...history].reverse(), range)).toThrow(RangeError);
  });

  it('a late reading that fills a gap merges the streak and fires only the new lengths', () => {
    const oldHistory = weeks([30, 30, null, 30]); // live streak: W04, length 1
    const oldState = recompute(oldHistory, range);
    const newHistory = weeks([30, 30, 30, 30]);
    const signals = signalsToEmitAfterCorrection(oldState, newHistory, range, '2026-W03', kpi);
    expect(signals.map((s) => `${s.period}:${s.streak}`)).toEqual(['2026-W03:3', '2026-W04:4']);
    expect(signals[0]?.readings.map((x) => x.period)).toEqual(['2026-W01', '2026-W02', '2026-W03']);
  });

  it('a correction that changes a value but not its direction emits nothing', () => {
    const oldState = recompute(weeks([30, 30, 30]), range);
    expect(signalsToEmitAfterCorrection(oldState, weeks([30, 25, 30]), range, '2026-W02')).toEqual([]);
  });

  it('a correction that splits the live streak restarts it, so streak == 3 can fire again later', () => {
    const oldState = recompute(weeks([30, 30, 30, 30]), range); // already fired 3
    const newHistory = weeks([30, 30, 50, 30]);
    const signals = signalsToEmitAfterCorrection(oldState, newHistory, range, '2026-W03');
    expect(signals.map((s) => `${s.period}:${s.streak}`)).toEqual(['2026-W04:1']);
    let state = recompute(newHistory, range);
    const later: KpiDeviationSignal[] = [];
    for (const reading of weeks([30, 30, 50, 30, 30, 30]).slice(4)) {
      const res = applyReading(state, reading, range);
      state = res.state;
      if (res.event) later.push(res.event);
    }
    expect(later.map((s) => s.streak)).toEqual([2, 3]);
  });

  it('a correction that ends the live streak emits nothing', () => {
    const oldState = recompute(weeks([50, 30, 30]), range);
    expect(signalsToEmitAfterCorrection(oldState, weeks([50, 30, 50]), range, '2026-W03')).toEqual([]);
  });

  it('a correction that turns the live streak around emits the new direction from p0 on', () => {
    const oldState = recompute(weeks([70, 70, 30, 30]), range);
    const signals = signalsToEmitAfterCorrection(oldState, weeks([70, 70, 70, 30]), range, '2026-W03');
    expect(signals.map((s) => `${s.direction}${s.streak}@${s.period}`)).toEqual(['below1@2026-W04']);
    const signals2 = signalsToEmitAfterCorrection(oldState, weeks([70, 70, 30, 70]), range, '2026-W04');
    expect(signals2.map((s) => `${s.direction}${s.streak}@${s.period}`)).toEqual(['above1@2026-W04']);
  });

  it('a corrected reading in a streak that already ended is not fired late', () => {
    const oldState = recompute(weeks([30, 30, 50, 30, 50, 50]), range);
    const signals = signalsToEmitAfterCorrection(oldState, weeks([30, 30, 30, 30, 50, 50]), range, '2026-W03');
    expect(signals).toEqual([]);
  });

  it('an in-order reading gives the same signal as applyReading', () => {
    const history = weeks([30, 30]);
    const oldState = recompute(history, range);
    const next = r('2026-W03', 30);
    const viaCorrection = signalsToEmitAfterCorrection(oldState, [...history, next], range, next.period, kpi);
    expect(viaCorrection).toEqual([applyReading(oldState, next, range, kpi).event]);
  });

  it('findStreaks lists maximal streaks', () => {
    const s = findStreaks(weeks([30, 30, 30, 50, 70, 70, 70, 70, null, 30]), range, 3);
    expect(s.map((x) => `${x.direction}:${x.startPeriod}-${x.endPeriod}:${x.length}`)).toEqual([
      'below:2026-W01-2026-W03:3',
      'above:2026-W05-2026-W08:4',
    ]);
  });
});
