import { afterEach, describe, expect, it } from 'vitest';
import { compileRule } from './compile-rule.js';
import { evaluateRule } from './rule-cache.js';
import { readValues } from '../analysis/rule-variables.js';

const protoKeysBefore = Object.getOwnPropertyNames(Object.prototype).sort();

afterEach(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoKeysBefore);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
});

describe('prototype safety', () => {
  const data = { a: { b: 1 }, list: [1, 2], s: 'abc' };

  it('var never reads inherited properties', () => {
    for (const path of ['__proto__', 'constructor', 'constructor.prototype', 'a.__proto__', 'a.constructor.name', 'toString', 'list.map', 's.toUpperCase', 'a.hasOwnProperty', '__proto__.polluted']) {
      expect(evaluateRule({ var: path }, data), path).toBeNull();
      expect(evaluateRule({ var: [path, 'dflt'] }, data), path).toBe('dflt');
    }
    expect(evaluateRule({ var: 'list.length' }, data)).toBe(2);
    expect(evaluateRule({ var: 's.length' }, data)).toBe(3);
    expect(evaluateRule({ var: 'n.toFixed' }, { n: 5 })).toBeNull();
  });

  it('own "__proto__" keys from JSON.parse are ordinary data', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": "yes"}}') as unknown;
    expect(evaluateRule({ var: '__proto__.polluted' }, parsed)).toBe('yes');
    expect(readValues({ var: '__proto__.polluted' }, parsed)).toEqual({ '__proto__.polluted': 'yes' });
    const values = readValues({ var: '__proto__' }, parsed);
    expect(Object.getPrototypeOf(values)).toBe(Object.prototype);
    expect(Object.keys(values)).toEqual(['__proto__']);
  });

  it('no rule can mutate Object.prototype', () => {
    const attempts = [
      JSON.parse('{"merge":[{"var":"__proto__"},{"__proto__":{"polluted":1}}]}') as unknown,
      { reduce: [[1, 2], { var: 'accumulator.__proto__' }, { var: 'constructor' }] },
      { map: [{ var: 'list' }, { var: 'constructor.prototype' }] },
      { missing: ['__proto__', 'constructor.prototype.polluted'] },
      { cat: [{ var: '__proto__' }, 'x'] },
    ];
    for (const rule of attempts) {
      try {
        compileRule(rule).evaluate(data);
      } catch {
        // rejected rules are fine; only the prototype matters
      }
    }
    expect(evaluateRule({ missing: ['__proto__', 'constructor'] }, {})).toEqual(['__proto__', 'constructor']);
  });

  it('there is no method-call operator', () => {
    expect(() => compileRule({ method: ['abc', 'toUpperCase'] })).toThrow(expect.objectContaining({ code: 'RULE_UNKNOWN_OPERATOR' }));
    expect(() => compileRule({ log: 'x' })).toThrow(expect.objectContaining({ code: 'RULE_UNKNOWN_OPERATOR' }));
  });
});
