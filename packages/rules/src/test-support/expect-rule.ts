/**
 * Test helper: evaluate a rule with the compiled engine and, for standard operators, check that
 * json-logic-js 2.0.5 gives the same expected value.
 */
import jsonLogic from 'json-logic-js';
import { expect } from 'vitest';
import { compileRule } from '../compile/compile-rule.js';
import { sameValue } from './same-value.js';

/** A table row: rule, data, expected value. */
export type RuleCase = readonly [rule: unknown, data: unknown, expected: unknown];

/** Asserts the compiled result (and json-logic-js's when `standard`) equals `expected`. */
export function expectRule(rule: unknown, data: unknown, expected: unknown, standard = true): void {
  const actual = compileRule(rule).evaluate(data);
  expect(sameValue(actual, expected), `${JSON.stringify(rule)} on ${JSON.stringify(data)} gave ${JSON.stringify(actual)}`).toBe(true);
  if (standard) {
    const reference: unknown = jsonLogic.apply(rule as never, data);
    expect(sameValue(reference, expected), `json-logic-js gave ${JSON.stringify(reference)} for ${JSON.stringify(rule)}`).toBe(true);
  }
}
