import { describe, expect, it } from 'vitest';
import {
  addPeriods,
  comparePeriods,
  isConsecutive,
  nextPeriod,
  periodFromIndex,
  periodIndex,
  periodKindOf,
  periodOfDate,
  periodStartDate,
  previousPeriod,
} from './period.js';

describe('period arithmetic', () => {
  it('steps ISO weeks across year ends, including 53-week years', () => {
    expect(nextPeriod('2026-W07')).toBe('2026-W08');
    expect(nextPeriod('2026-W52')).toBe('2026-W53'); // 2026 starts on a Thursday: 53 weeks
    expect(nextPeriod('2026-W53')).toBe('2027-W01');
    expect(nextPeriod('2025-W52')).toBe('2026-W01'); // 2025 has 52 weeks
    expect(previousPeriod('2026-W01')).toBe('2025-W52');
    expect(addPeriods('2026-W47', -25)).toBe('2026-W22');
  });

  it('steps months', () => {
    expect(nextPeriod('2026-12')).toBe('2027-01');
    expect(previousPeriod('2026-01')).toBe('2025-12');
    expect(addPeriods('2026-03', 14)).toBe('2027-05');
  });

  it('indexes are monotonic and consecutive, and round-trip', () => {
    let p = '2019-W40';
    for (let i = 0; i < 500; i++) {
      const n = nextPeriod(p);
      expect(periodIndex(n) - periodIndex(p)).toBe(1);
      expect(periodFromIndex('week', periodIndex(n))).toBe(n);
      p = n;
    }
    expect(periodIndex('2026-03') - periodIndex('2025-03')).toBe(12);
  });

  it('rejects malformed and impossible periods', () => {
    expect(() => periodIndex('2025-W53')).toThrow(RangeError);
    expect(() => periodIndex('2026-W00')).toThrow(RangeError);
    expect(() => periodIndex('2026-13')).toThrow(RangeError);
    expect(() => periodIndex('2026-7')).toThrow(RangeError);
    expect(periodKindOf('hello')).toBeNull();
  });

  it('compares within a kind and refuses mixing kinds', () => {
    expect(comparePeriods('2026-W07', '2026-W10')).toBeLessThan(0);
    expect(comparePeriods('2026-W10', '2026-W10')).toBe(0);
    expect(isConsecutive('2026-W53', '2027-W01')).toBe(true);
    expect(isConsecutive('2026-W07', '2026-W09')).toBe(false);
    expect(() => comparePeriods('2026-W07', '2026-03')).toThrow(RangeError);
  });

  it('maps dates to periods and back', () => {
    expect(periodOfDate('2026-01-01', 'week')).toBe('2026-W01'); // Thursday
    expect(periodOfDate('2027-01-01', 'week')).toBe('2026-W53');
    expect(periodOfDate('2026-11-16', 'week')).toBe('2026-W47');
    expect(periodOfDate('2026-03-31T23:30:00Z', 'month')).toBe('2026-03');
    expect(periodStartDate('2026-W47')).toBe('2026-11-16');
    expect(periodStartDate('2026-W01')).toBe('2025-12-29');
    expect(periodStartDate('2026-03')).toBe('2026-03-01');
  });
});
