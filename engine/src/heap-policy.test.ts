import { describe, expect, it } from 'vitest';
import { DEFAULT_HEAP_GROWING_PERCENT, heapGrowingPercent } from './heap-policy.js';

describe('heapGrowingPercent', () => {
  it('defaults to a fixed 20 % growth', () => {
    expect(heapGrowingPercent({})).toBe(DEFAULT_HEAP_GROWING_PERCENT);
    expect(heapGrowingPercent({ COACHFLOW_HEAP_GROWING_PERCENT: ' ' })).toBe(20);
  });
  it('takes a whole number; 0 leaves V8 its own policy', () => {
    expect(heapGrowingPercent({ COACHFLOW_HEAP_GROWING_PERCENT: '50' })).toBe(50);
    expect(heapGrowingPercent({ COACHFLOW_HEAP_GROWING_PERCENT: '0' })).toBeNull();
  });
  it('refuses anything else with the variable named', () => {
    for (const bad of ['-5', '12.5', 'lots', '401', '1e2']) {
      expect(() => heapGrowingPercent({ COACHFLOW_HEAP_GROWING_PERCENT: bad })).toThrow(/COACHFLOW_HEAP_GROWING_PERCENT.*0 to 400/);
    }
  });
});
