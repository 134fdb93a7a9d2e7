import { describe, expect, it } from 'vitest';
import { boundsOf, classify, isFavourable, resolveRange } from './kpi-definition.js';
import type { KpiDefinition } from './kpi-definition.js';

const sales: KpiDefinition = {
  id: 'sales_amount',
  name: '销售额',
  unit: '万元',
  period: 'week',
  direction: 'higher_is_better',
  range: { low: 0, high: null },
  overrides: [
    { jobFamily: 'sales', range: { target: 50, tolerance: 10 } },
    { employeeId: 'E0042', range: { target: 80, tolerance: 0.1, toleranceKind: 'relative' } },
  ],
};

describe('KPI ranges', () => {
  it('person beats job family beats default', () => {
    expect(resolveRange(sales, { employeeId: 'E0042', jobFamily: 'sales' })).toEqual({ target: 80, tolerance: 0.1, toleranceKind: 'relative' });
    expect(resolveRange(sales, { employeeId: 'E0001', jobFamily: 'sales' })).toEqual({ target: 50, tolerance: 10 });
    expect(resolveRange(sales, { employeeId: 'E0001', jobFamily: 'hr' })).toEqual({ low: 0, high: null });
  });

  it('a reading target replaces the range target with the same tolerance', () => {
    expect(boundsOf({ target: 50, tolerance: 10 })).toEqual({ low: 40, high: 60 });
    expect(boundsOf({ target: 50, tolerance: 10 }, 70)).toEqual({ low: 60, high: 80 });
    expect(boundsOf({ target: 80, tolerance: 0.1, toleranceKind: 'relative' }, 100)).toEqual({ low: 90, high: 110 });
    expect(boundsOf({ low: 1, high: 2 }, 70)).toEqual({ low: 1, high: 2 });
  });

  it('classifies with inclusive bounds and open sides', () => {
    const b = { low: 40, high: 60 };
    expect(classify(40, b)).toBe('in');
    expect(classify(60, b)).toBe('in');
    expect(classify(39.99, b)).toBe('below');
    expect(classify(60.01, b)).toBe('above');
    expect(classify(1e9, { low: 0, high: null })).toBe('in');
    expect(classify(-1, { low: null, high: 5 })).toBe('in');
    expect(classify(70, { target: 50, tolerance: 10 })).toBe('above');
  });

  it('knows which direction is favourable', () => {
    expect(isFavourable('higher_is_better', 'above')).toBe(true);
    expect(isFavourable('lower_is_better', 'above')).toBe(false);
    expect(isFavourable('target', 'below')).toBe(false);
  });
});
