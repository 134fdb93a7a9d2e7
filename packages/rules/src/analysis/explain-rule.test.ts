import { describe, expect, it } from 'vitest';
import { explainRule } from './explain-rule.js';
import type { ExplainEvaluated, ExplainNode } from './explain-node.types.js';

function evaluated(node: ExplainNode | undefined): ExplainEvaluated {
  if (node === undefined || node.kind === 'literal') throw new Error('expected an evaluated node');
  return node;
}

describe('explainRule', () => {
  it('gives every sub-expression its value', () => {
    const root = evaluated(explainRule({ and: [{ '>=': [{ var: 'a' }, 3] }, { '==': [{ var: 'b' }, 'x'] }] }, { a: 4, b: 'x' }));
    expect(root).toMatchObject({ kind: 'operator', op: 'and', path: '', value: true, evaluated: true, evaluations: 1 });
    const ge = evaluated(root.args[0]);
    expect(ge).toMatchObject({ op: '>=', path: 'and[0]', value: true });
    expect(ge.args[0]).toMatchObject({ kind: 'operator', op: 'var', value: 4, path: 'and[0].>=[0]' });
    expect(ge.args[1]).toEqual({ kind: 'literal', path: 'and[0].>=[1]', value: 3 });
  });

  it('marks short-circuited nodes as not evaluated', () => {
    const root = evaluated(explainRule({ or: [true, { var: 'x' }] }, {}));
    expect(root.value).toBe(true);
    expect(evaluated(root.args[1])).toMatchObject({ evaluated: false, evaluations: 0, value: undefined });
  });

  it('lists per-element values inside scoped operators', () => {
    const root = evaluated(explainRule({ map: [{ var: 'xs' }, { '*': [{ var: '' }, 2] }] }, { xs: [1, 2, 3] }));
    expect(root.value).toEqual([2, 4, 6]);
    expect(evaluated(root.args[1])).toMatchObject({ evaluations: 3, value: 2, values: [2, 4, 6] });
  });

  it('explains arrays of rules and literals', () => {
    expect(explainRule(5, null)).toEqual({ kind: 'literal', path: '', value: 5 });
    const arr = evaluated(explainRule([1, { var: 'a' }], { a: 2 }));
    expect(arr).toMatchObject({ kind: 'array', op: '[]', value: [1, 2] });
  });

  it('reports a runtime failure on the root instead of throwing, and throws on a bad rule', () => {
    const root = evaluated(explainRule({ map: [{ var: 'xs' }, 1] }, { xs: new Array(20).fill(0) }, { maxArrayLength: 10 }));
    expect(root.error).toMatchObject({ code: 'RULE_ARRAY_TOO_LARGE', path: '' });
    expect(() => explainRule({ nope: 1 }, {})).toThrow(expect.objectContaining({ code: 'RULE_UNKNOWN_OPERATOR' }));
  });
});
