import { describe, expect, it } from 'vitest';
import { RuleError, RuleErrorCode, isRuleError } from '../errors/rule.error.js';
import { compileRule } from './compile-rule.js';
import { validateRule } from './validate-rule.js';

describe('validateRule and compile-time errors', () => {
  it('accepts valid rules', () => {
    expect(validateRule({ and: [{ '>=': [{ var: 'a' }, 1] }, { date_before: ['2024-01-01', { var: 'd' }] }] })).toEqual([]);
    expect(validateRule(3)).toEqual([]);
    expect(validateRule([1, 'a', null])).toEqual([]);
  });

  it('rejects unknown operators (never treated as data), including log, method and prototype keys', () => {
    for (const op of ['log', 'method', 'foo', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'var.x']) {
      const rule = JSON.parse(`{"and":[true,{${JSON.stringify(op)}:[1]}]}`) as unknown;
      const problems = validateRule(rule);
      expect(problems, op).toEqual([{ code: RuleErrorCode.UnknownOperator, message: `unknown operator "${op}"`, path: 'and[1]' }]);
      expect(() => compileRule(rule)).toThrow(RuleError);
    }
  });

  it('rejects malformed operator objects (RULE_INVALID)', () => {
    expect(validateRule({ '==': [1, 1], '!=': [1, 2] })[0]?.code).toBe(RuleErrorCode.Invalid);
    expect(validateRule({})[0]?.code).toBe(RuleErrorCode.Invalid);
    expect(validateRule({ or: [true, { a: 1, b: 2 }] })[0]).toMatchObject({ code: 'RULE_INVALID', path: 'or[1]' });
    expect(validateRule(() => 1)[0]?.code).toBe(RuleErrorCode.Invalid);
    expect(validateRule(10n)[0]?.code).toBe(RuleErrorCode.Invalid);
  });

  it('checks arity against the table', () => {
    expect(validateRule({ '==': [1] })[0]).toMatchObject({ code: RuleErrorCode.Arity, path: '' });
    expect(validateRule({ and: [{ '>=': [{ var: 'a' }, { '!': [1, 2] }] }] })[0]).toMatchObject({ code: 'RULE_ARITY', path: 'and[0].>=[1]' });
    expect(validateRule({ '<': [1, 2, 3, 4] })[0]?.code).toBe(RuleErrorCode.Arity);
    expect(validateRule({ '!': true })).toEqual([]);
  });

  it('lists every problem, compileRule throws the first with its path', () => {
    const rule = { and: [{ nope: [1] }, { '==': [1] }, { x: 1, y: 2 }] };
    expect(validateRule(rule).map((p) => [p.code, p.path])).toEqual([
      ['RULE_UNKNOWN_OPERATOR', 'and[0]'],
      ['RULE_ARITY', 'and[1]'],
      ['RULE_INVALID', 'and[2]'],
    ]);
    try {
      compileRule(rule);
      expect.unreachable();
    } catch (e) {
      expect(isRuleError(e)).toBe(true);
      expect(e).toMatchObject({ code: 'RULE_UNKNOWN_OPERATOR', path: 'and[0]', name: 'RuleError' });
    }
  });

  it('never throws, even on hostile input', () => {
    const hostile = { get and(): unknown { throw new Error('boom'); } };
    expect(validateRule(hostile)[0]?.code).toBe(RuleErrorCode.Invalid);
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(validateRule(cyclic)[0]?.code).toBe(RuleErrorCode.TooDeep);
  });
});

describe('RuleError', () => {
  it('carries a stable code, path and a Symbol.for marker', () => {
    const e = new RuleError(RuleErrorCode.TypeError, 'bad', 'and[0]');
    expect(e).toBeInstanceOf(Error);
    expect(isRuleError(e)).toBe(true);
    expect(isRuleError({ [Symbol.for('coachflow.RuleError')]: true, code: 'X' })).toBe(true);
    expect(isRuleError(new Error('x'))).toBe(false);
    expect(isRuleError(null)).toBe(false);
    expect(e.toProblem()).toEqual({ code: 'RULE_TYPE_ERROR', message: 'bad', path: 'and[0]' });
  });

  it('missing_some with a null key list is a RULE_TYPE_ERROR', () => {
    expect(() => compileRule({ missing_some: [1, { var: 'nope' }] }).evaluate({})).toThrow(expect.objectContaining({ code: 'RULE_TYPE_ERROR', path: '' }));
  });
});
