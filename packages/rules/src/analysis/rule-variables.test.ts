import { describe, expect, it } from 'vitest';
import { readValues, ruleVariables } from './rule-variables.js';

describe('ruleVariables', () => {
  it('lists var paths once, with hasDefault', () => {
    const rule = { and: [{ '>=': [{ var: 'trigger.streak' }, 3] }, { '==': [{ var: ['employee.jobFamily', 'none'] }, { var: 'trigger.streak' }] }] };
    expect(ruleVariables(rule)).toEqual([
      { path: 'trigger.streak', hasDefault: false },
      { path: 'employee.jobFamily', hasDefault: true },
    ]);
  });

  it('hasDefault is true only when every read has a default', () => {
    expect(ruleVariables({ or: [{ var: ['a', 1] }, { var: 'a' }] })).toEqual([{ path: 'a', hasDefault: false }]);
    expect(ruleVariables({ or: [{ var: ['a', 1] }, { var: ['a', 2] }] })).toEqual([{ path: 'a', hasDefault: true }]);
  });

  it('includes missing and missing_some keys', () => {
    expect(ruleVariables({ missing: ['a', 'b.c'] }).map((v) => v.path)).toEqual(['a', 'b.c']);
    expect(ruleVariables({ missing: [['x', 'y']] }).map((v) => v.path)).toEqual(['x', 'y']);
    expect(ruleVariables({ missing_some: [1, ['p', 'q']] }).map((v) => v.path)).toEqual(['p', 'q']);
  });

  it('reports the array argument of scoped operators, not the per-element reads', () => {
    const rule = {
      and: [
        { some: [{ var: 'trigger.readings' }, { '<': [{ var: 'value' }, { var: 'target' }] }] },
        { reduce: [{ var: 'steps.a.items' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, { var: 'vars.start' }] },
        { map: [{ filter: [{ var: 'xs' }, { var: 'ok' }] }, { map: [{ var: 'inner' }, { var: 'deep' }] }] },
      ],
    };
    expect(ruleVariables(rule).map((v) => v.path)).toEqual(['trigger.readings', 'steps.a.items', 'vars.start', 'xs']);
  });

  it('reports dynamic paths as "*" and still walks the rule computing them', () => {
    expect(ruleVariables({ var: { cat: ['employee.', { var: 'trigger.field' }] } })).toEqual([
      { path: '*', hasDefault: false, dynamic: true },
      { path: 'trigger.field', hasDefault: false },
    ]);
  });

  it('handles whole-data reads, numeric paths and invalid rules without throwing', () => {
    expect(ruleVariables({ var: '' })).toEqual([{ path: '', hasDefault: false }]);
    expect(ruleVariables({ var: 1 })).toEqual([{ path: '1', hasDefault: false }]);
    expect(ruleVariables({ a: 1, b: 2 })).toEqual([]);
    expect(ruleVariables({ unknown: [{ var: 'x' }] })).toEqual([{ path: 'x', hasDefault: false }]);
  });
});

describe('readValues', () => {
  it('returns the value of each read path (null when absent), for evidence', () => {
    const rule = { and: [{ '>=': [{ var: 'trigger.streak' }, 3] }, { '==': [{ var: ['employee.jobFamily', 'x'] }, 'sales'] }, { var: 'nope' }] };
    const data = { trigger: { streak: 4 }, employee: { jobFamily: 'sales' } };
    expect(readValues(rule, data)).toEqual({ 'trigger.streak': 4, 'employee.jobFamily': 'sales', nope: null });
    expect(readValues({ var: '' }, { a: 1 })).toEqual({ '': { a: 1 } });
    expect(readValues({ var: { cat: ['a'] } }, { a: 1 })).toEqual({});
    expect(readValues({ var: 'constructor' }, {})).toEqual({ constructor: null });
  });
});
