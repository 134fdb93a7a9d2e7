import { describe, expect, it } from 'vitest';
import { RuleErrorCode, isRuleError } from '../errors/rule.error.js';
import type { RuleError } from '../errors/rule.error.js';
import { DEFAULT_RULE_LIMITS } from '../limits/rule-limits.js';
import { compileRule } from './compile-rule.js';

function caught(fn: () => unknown): RuleError {
  try {
    fn();
  } catch (e) {
    if (isRuleError(e)) return e;
    throw e;
  }
  throw new Error('expected a RuleError');
}

function nest(depth: number): unknown {
  let rule: unknown = true;
  for (let i = 0; i < depth; i++) rule = { '!': [rule] };
  return rule;
}

describe('limits', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_RULE_LIMITS).toEqual({ maxDepth: 32, maxNodes: 2000, maxArrayLength: 10_000, maxStringLength: 100_000, maxSteps: 100_000 });
    expect(Object.isFrozen(DEFAULT_RULE_LIMITS)).toBe(true);
  });

  it('rejects a deeply nested rule (RULE_TOO_DEEP), also far beyond the stack', () => {
    expect(() => compileRule(nest(31))).not.toThrow();
    expect(caught(() => compileRule(nest(40))).code).toBe(RuleErrorCode.TooDeep);
    expect(caught(() => compileRule(nest(100_000))).code).toBe(RuleErrorCode.TooDeep);
    expect(caught(() => compileRule(nest(10), { maxDepth: 5 })).path).toBe('![0].![0].![0].![0].![0]');
  });

  it('rejects a 5000-node rule (RULE_TOO_LARGE)', () => {
    const rule = { or: Array.from({ length: 2500 }, (_, i) => ({ '==': [{ var: 'a' }, i] })) };
    expect(caught(() => compileRule(rule)).code).toBe(RuleErrorCode.TooLarge);
    expect(() => compileRule(rule, { maxNodes: 20_000 })).not.toThrow();
  });

  it('rejects a huge literal array (RULE_ARRAY_TOO_LARGE) and a huge literal string', () => {
    const e = caught(() => compileRule({ in: [{ var: 'x' }, Array.from({ length: 20_000 }, (_, i) => i)] }));
    expect(e.code).toBe(RuleErrorCode.ArrayTooLarge);
    expect(e.path).toBe('in[1]');
    expect(caught(() => compileRule({ in: [{ var: 'x' }, Array.from({ length: 5000 }, (_, i) => i)] })).code).toBe(RuleErrorCode.TooLarge);
    expect(caught(() => compileRule({ cat: ['x'.repeat(100_001)] })).code).toBe(RuleErrorCode.StringTooLong);
  });

  it('stops a merge bomb at runtime (RULE_ARRAY_TOO_LARGE) before allocating', () => {
    const big = Array.from({ length: 6000 }, (_, i) => i);
    const e = caught(() => compileRule({ merge: [{ var: 'big' }, { var: 'big' }] }).evaluate({ big }));
    expect(e.code).toBe(RuleErrorCode.ArrayTooLarge);
    expect(e.path).toBe('');
    let bomb: unknown = { var: 'a' };
    for (let i = 0; i < 8; i++) bomb = { merge: [bomb, bomb] };
    expect(compileRule(bomb).evaluate({ a: [1, 2, 3] })).toHaveLength(768);
    expect(caught(() => compileRule(bomb).evaluate({ a: big.slice(0, 100) })).code).toBe(RuleErrorCode.ArrayTooLarge);
  });

  it('refuses to map, filter or test a huge runtime array', () => {
    const huge = new Array<number>(50_000).fill(1);
    for (const op of ['map', 'filter', 'all', 'some', 'none', 'reduce']) {
      expect(caught(() => compileRule({ [op]: [{ var: 'xs' }, { var: '' }] }).evaluate({ xs: huge })).code).toBe(RuleErrorCode.ArrayTooLarge);
    }
    expect(caught(() => compileRule({ in: [2, { var: 'xs' }] }).evaluate({ xs: huge })).code).toBe(RuleErrorCode.ArrayTooLarge);
  });

  it('enforces the step budget (RULE_BUDGET_EXCEEDED) on nested iteration', () => {
    const xs = Array.from({ length: 5000 }, (_, i) => i);
    const rule = { map: [{ var: 'xs' }, { map: [{ var: '' }, 1] }] };
    const nested = { map: [{ var: 'xs' }, { reduce: [{ var: '' }, { '+': [1, 1] }, 0] }] };
    expect(() => compileRule(rule).evaluate({ xs })).not.toThrow();
    const e = caught(() => compileRule(nested).evaluate({ xs: xs.map(() => xs) }));
    expect(e.code).toBe(RuleErrorCode.BudgetExceeded);
    expect(caught(() => compileRule({ '+': [1, 2] }, { maxSteps: 0 }).evaluate(null)).code).toBe(RuleErrorCode.BudgetExceeded);
    // the budget is per evaluation
    const small = compileRule({ '+': [1, { '+': [1, 1] }] }, { maxSteps: 2 });
    expect(small.evaluate(null)).toBe(3);
    expect(small.evaluate(null)).toBe(3);
  });

  it('caps strings built by cat and substr at runtime (RULE_STRING_TOO_LONG)', () => {
    const s = 'x'.repeat(60_000);
    expect(caught(() => compileRule({ cat: [{ var: 's' }, { var: 's' }] }).evaluate({ s })).code).toBe(RuleErrorCode.StringTooLong);
    expect(compileRule({ cat: [{ var: 's' }, 'y'] }).evaluate({ s })).toHaveLength(60_001);
  });
});
