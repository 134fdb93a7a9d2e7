import { describe, expect, it } from 'vitest';
import { RULE_CACHE_SIZE, clearRuleCache, evaluateRule, getCompiledRule, ruleCacheSize } from './rule-cache.js';
import { compileRule } from './compile-rule.js';

describe('evaluateRule and its LRU cache', () => {
  it('evaluates and reuses compiled rules by JSON text', () => {
    clearRuleCache();
    expect(evaluateRule({ '+': [{ var: 'a' }, 1] }, { a: 1 })).toBe(2);
    const first = getCompiledRule({ '+': [{ var: 'a' }, 1] });
    expect(getCompiledRule(JSON.parse('{"+":[{"var":"a"},1]}'))).toBe(first);
    expect(getCompiledRule({ '+': [{ var: 'a' }, 1] }, { maxSteps: 5 })).not.toBe(first);
    expect(ruleCacheSize()).toBe(2);
  });

  it('keeps at most RULE_CACHE_SIZE entries, evicting the least recently used', () => {
    clearRuleCache();
    const keep = getCompiledRule({ var: 'keep' });
    for (let i = 0; i < RULE_CACHE_SIZE + 50; i++) {
      evaluateRule({ '==': [{ var: 'x' }, i] }, { x: i });
      if (i % 100 === 0) getCompiledRule({ var: 'keep' });
    }
    expect(ruleCacheSize()).toBe(RULE_CACHE_SIZE);
    expect(getCompiledRule({ var: 'keep' })).toBe(keep);
  });

  it('does not cache failures and rethrows them every time', () => {
    expect(() => evaluateRule({ nope: 1 }, {})).toThrow(expect.objectContaining({ code: 'RULE_UNKNOWN_OPERATOR' }));
    expect(() => evaluateRule({ nope: 1 }, {})).toThrow(expect.objectContaining({ code: 'RULE_UNKNOWN_OPERATOR' }));
  });

  it('compiled rules expose test() with json-logic truthiness and return fresh arrays', () => {
    const c = compileRule({ if: [{ var: 'x' }, [1, 2], []] });
    expect(c.test({ x: true })).toBe(true);
    expect(c.test({ x: false })).toBe(false);
    const a = c.evaluate({ x: true }) as number[];
    a.push(3);
    expect(c.evaluate({ x: true })).toEqual([1, 2]);
  });
});
