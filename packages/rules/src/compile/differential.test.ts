/**
 * Property-based differential test: random rules over the standard operators, on random data,
 * give the same result as json-logic-js 2.0.5 `apply`.
 */
import fc from 'fast-check';
import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { sameValue } from '../test-support/same-value.js';
import { compileRule } from './compile-rule.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const KEYS = ['a', 'b', 'arr', 's', 'n', 'x', 'y', 'obj'] as const;
const PATHS = ['a', 'b', 'a.b', 'arr', 'arr.0', 'arr.1', 'arr.length', 's', 's.0', 'n', 'x.y', 'obj.a', 'obj.arr.0', '', 'nope', 'current', 'accumulator'];

const primitive: fc.Arbitrary<Json> = fc.oneof(
  fc.integer({ min: -5, max: 12 }),
  fc.constantFrom(0.5, -2.5, 1e3, 0),
  fc.constantFrom('', 'a', 'abc', '1', '2', '0', '-1', 'sales', ' ', 'a.b', 'below', '3.5'),
  fc.boolean(),
  fc.constant(null),
);

const dataArb: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 3 },
    primitive,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 5 }),
  ),
})).value;

const pathArb = fc.constantFrom(...PATHS);
const op = (name: string) => (args: Json[]): Json => ({ [name]: args });

const ruleArb: fc.Arbitrary<Json> = fc.letrec<{ rule: Json; leaf: Json; node: Json }>((tie) => {
  const r = tie('rule');
  const args = (min: number, max: number) => fc.array(r, { minLength: min, maxLength: max });
  return {
    rule: fc.oneof({ depthSize: 'small', maxDepth: 4, withCrossShrink: true }, tie('leaf'), tie('node'), tie('node')),
    leaf: fc.oneof(
      primitive,
      fc.array(primitive, { maxLength: 4 }),
      pathArb.map((p): Json => ({ var: p })),
      fc.tuple(pathArb, primitive).map(([p, d]): Json => ({ var: [p, d] })),
    ),
    node: fc.oneof(
      fc.tuple(fc.constantFrom('!', '!!'), r).map(([o, a]): Json => (Array.isArray(a) ? { [o]: [a] } : { [o]: a })),
      fc.tuple(fc.constantFrom('==', '===', '!=', '!==', '>', '>=', '/', '%', 'in'), args(2, 2)).map(([o, a]) => op(o)(a)),
      fc.tuple(fc.constantFrom('<', '<='), args(2, 3)).map(([o, a]) => op(o)(a)),
      fc.tuple(fc.constantFrom('and', 'or', '+', '*', 'min', 'max', 'cat'), args(1, 4)).map(([o, a]) => op(o)(a)),
      args(0, 3).map(op('merge')),
      args(1, 5).map(op('if')),
      args(3, 3).map(op('?:')),
      args(1, 2).map(op('-')),
      args(2, 3).map(op('substr')),
      fc.tuple(fc.constantFrom('map', 'filter', 'all', 'none', 'some'), args(2, 2)).map(([o, a]) => op(o)(a)),
      args(2, 3).map(op('reduce')),
      fc.tuple(r, fc.option(r, { nil: undefined })).map(([p, d]): Json => ({ var: d === undefined ? [p] : [p, d] })),
      fc.array(pathArb, { maxLength: 3 }).map(op('missing')),
      fc.tuple(fc.integer({ min: 0, max: 3 }), fc.array(pathArb, { maxLength: 3 })).map(([n, ps]): Json => ({ missing_some: [n, ps] })),
    ),
  };
}).rule;

function outcome(fn: () => unknown): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: fn() };
  } catch {
    return { ok: false };
  }
}

describe('differential: compiled rules vs json-logic-js 2.0.5', () => {
  it('gives the same result as jsonLogic.apply on random rules and data', () => {
    fc.assert(
      fc.property(ruleArb, dataArb, (rule, data) => {
        const expected = outcome(() => jsonLogic.apply(rule as never, data));
        const actual = outcome(() => compileRule(rule).evaluate(data));
        if (!expected.ok) return !actual.ok;
        return actual.ok && sameValue(actual.value, expected.value);
      }),
      { numRuns: 3000 },
    );
  });

  it('sameValue treats NaN as equal to NaN', () => {
    expect(sameValue([NaN, { a: NaN }], [NaN, { a: NaN }])).toBe(true);
    expect(sameValue([1], [1, 2])).toBe(false);
  });
});
