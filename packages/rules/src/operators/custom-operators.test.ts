import { describe, expect, it } from 'vitest';
import { compileRule } from '../compile/compile-rule.js';
import { expectRule } from '../test-support/expect-rule.js';
import { addMonths, monthsBetween, toEpochMs } from './date.operators.js';

const run = (rule: unknown, data: unknown = null): unknown => compileRule(rule).evaluate(data);

describe('date operators', () => {
  it('date_add adds minutes, hours, days, weeks and months (UTC)', () => {
    expect(run({ date_add: ['2024-01-31T10:00:00Z', 30, 'minutes'] })).toBe('2024-01-31T10:30:00.000Z');
    expect(run({ date_add: ['2024-01-31T10:00:00Z', -2, 'hours'] })).toBe('2024-01-31T08:00:00.000Z');
    expect(run({ date_add: ['2024-01-31', 1, 'days'] })).toBe('2024-02-01T00:00:00.000Z');
    expect(run({ date_add: ['2024-01-31', 2, 'weeks'] })).toBe('2024-02-14T00:00:00.000Z');
    expect(run({ date_add: ['2024-01-31', 1, 'months'] })).toBe('2024-02-29T00:00:00.000Z');
    expect(run({ date_add: ['2023-01-31', 1, 'months'] })).toBe('2023-02-28T00:00:00.000Z');
    expect(run({ date_add: ['2024-03-31', -1, 'months'] })).toBe('2024-02-29T00:00:00.000Z');
    expect(run({ date_add: ['2024-11-15', 3, 'months'] })).toBe('2025-02-15T00:00:00.000Z');
    expect(run({ date_add: [0, 1, 'days'] })).toBe('1970-01-02T00:00:00.000Z');
    expect(run({ date_add: [{ var: 'd' }, { var: 'n' }, 'days'] }, { d: '2024-05-01T00:00:00+08:00', n: '2' })).toBe('2024-05-02T16:00:00.000Z');
  });

  it('date_add returns null for invalid input', () => {
    expect(run({ date_add: ['not a date', 1, 'days'] })).toBeNull();
    expect(run({ date_add: ['2024-01-01', 1, 'years'] })).toBeNull();
    expect(run({ date_add: ['2024-01-01', 'x', 'days'] })).toBeNull();
    expect(run({ date_add: ['2024-13-01', 1, 'days'] })).toBeNull();
  });

  it('reads date-times without an offset as UTC, normalizes offsets and fractions', () => {
    expect(toEpochMs('2024-01-01T08:00')).toBe(Date.UTC(2024, 0, 1, 8));
    expect(toEpochMs('2024-01-01 08:00:00')).toBe(Date.UTC(2024, 0, 1, 8));
    expect(toEpochMs('2024-01-01T08:00:00+0800')).toBe(Date.UTC(2024, 0, 1, 0));
    expect(toEpochMs('2024-01-01T08:00:00.123456Z')).toBe(Date.UTC(2024, 0, 1, 8, 0, 0, 123));
    expect(toEpochMs(Number.NaN)).toBeNull();
    expect(toEpochMs('1 Jan 2024')).toBeNull();
  });

  it('date_diff is a - b in whole units, truncated toward zero', () => {
    expect(run({ date_diff: ['2024-01-10', '2024-01-01', 'days'] })).toBe(9);
    expect(run({ date_diff: ['2024-01-01', '2024-01-10', 'days'] })).toBe(-9);
    expect(run({ date_diff: ['2024-01-01T11:59:00Z', '2024-01-01T00:00:00Z', 'hours'] })).toBe(11);
    expect(run({ date_diff: ['2024-01-01T00:00:00Z', '2024-01-01T11:59:00Z', 'hours'] })).toBe(-11);
    expect(run({ date_diff: ['2024-01-01T00:30:00Z', '2024-01-01T00:00:00Z', 'days'] })).toBe(0);
    expect(Object.is(run({ date_diff: ['2024-01-01T00:00:00Z', '2024-01-01T00:30:00Z', 'days'] }), 0)).toBe(true);
    expect(run({ date_diff: ['2024-01-29', '2024-01-01', 'weeks'] })).toBe(4);
    expect(run({ date_diff: ['2024-02-29', '2024-01-31', 'months'] })).toBe(1);
    expect(run({ date_diff: ['2024-02-28', '2024-01-31', 'months'] })).toBe(0);
    expect(run({ date_diff: ['2024-01-15', '2024-03-16', 'months'] })).toBe(-2);
    expect(run({ date_diff: ['2024-01-01', 'bad', 'days'] })).toBeNull();
    expect(monthsBetween(Date.UTC(2025, 0, 1), Date.UTC(2024, 0, 1))).toBe(12);
    expect(addMonths(Date.UTC(2024, 0, 31), 13)).toBe(Date.UTC(2025, 1, 28));
  });

  it('date_before and date_after compare, false on invalid input', () => {
    expect(run({ date_before: ['2024-01-01', '2024-01-02'] })).toBe(true);
    expect(run({ date_before: ['2024-01-02', '2024-01-01'] })).toBe(false);
    expect(run({ date_after: ['2024-01-02T00:00:00Z', Date.UTC(2024, 0, 1)] })).toBe(true);
    expect(run({ date_after: ['x', '2024-01-01'] })).toBe(false);
    expect(run({ date_before: ['2024-01-01', null] })).toBe(false);
  });
});

describe('numeric and misc custom operators', () => {
  it('pct_deviation', () => {
    expect(run({ pct_deviation: [80, 100] })).toBe(-20);
    expect(run({ pct_deviation: [-15, -10] })).toBe(-50);
    expect(run({ pct_deviation: [5, 0] })).toBeNull();
    expect(run({ pct_deviation: ['80', 100] })).toBeNull();
    expect(run({ pct_deviation: [{ var: 'v' }, { var: 't' }] }, { v: 110, t: 100 })).toBeCloseTo(10);
  });

  it('between is inclusive', () => {
    expect(run({ between: [5, 1, 5] })).toBe(true);
    expect(run({ between: [1, 1, 5] })).toBe(true);
    expect(run({ between: [6, 1, 5] })).toBe(false);
    expect(run({ between: [{ var: 'x' }, 1, 5] }, { x: 0 })).toBe(false);
  });

  it('abs', () => {
    expect(run({ abs: -3.5 })).toBe(3.5);
    expect(run({ abs: ['-2'] })).toBe(2);
    expect(run({ abs: ['x'] })).toBeNull();
    expect(run({ abs: [null] })).toBeNull();
  });

  it('round (half away from zero, optional digits)', () => {
    expect(run({ round: [2.5] })).toBe(3);
    expect(run({ round: [-2.5] })).toBe(-3);
    expect(run({ round: [1.005, 2] })).toBe(1.01);
    expect(run({ round: [1234.5678, -2] })).toBe(1200);
    expect(run({ round: [-0.4] })).toBe(0);
    expect(Object.is(run({ round: [-0.4] }), 0)).toBe(true);
    expect(run({ round: ['x'] })).toBeNull();
    expect(run({ round: [1.5, 1.5] })).toBeNull();
  });

  it('contains is in with swapped arguments', () => {
    expectRule({ contains: [['below', 'above'], 'below'] }, null, true, false);
    expectRule({ contains: ['coaching', 'coach'] }, null, true, false);
    expectRule({ contains: [{ var: 'tags' }, 'x'] }, { tags: ['y'] }, false, false);
    expectRule({ contains: [null, 'x'] }, null, false, false);
    expectRule({ contains: [{ var: 's' }, 'a'] }, { s: 'abc' }, true, false);
  });
});
