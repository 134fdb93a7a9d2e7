/**
 * Rule evaluation for handlers, on top of @coachflow/rules: compiled rules are cached per rule
 * object (definitions are immutable), and decisions come with the values they read (evidence).
 */
import { compileRule, readValues, truthy } from '@coachflow/rules';
import type { Rule } from '@coachflow/model';
import type { RuleEvaluation } from './types.js';

type CompiledRule = ReturnType<typeof compileRule>;

const compiled = new WeakMap<object, CompiledRule>();

/** Evaluates `rule` against `data`. Throws the rules package's `RuleError` on a bad rule or limit. */
export function evaluate(rule: Rule, data: Record<string, unknown>): unknown {
  if (typeof rule !== 'object' || rule === null) return compileRule(rule).evaluate(data);
  let c = compiled.get(rule);
  if (c === undefined) {
    c = compileRule(rule);
    compiled.set(rule, c);
  }
  return c.evaluate(data);
}

/** Evaluates `rule` and records what it read and returned, for the evidence of a decision. */
export function evaluateWithEvidence(rule: Rule, data: Record<string, unknown>): RuleEvaluation {
  const result = evaluate(rule, data);
  return { rule, variables: readValues(rule, data), result };
}

/** JSON-logic truthiness (json-logic-js `truthy`, from @coachflow/rules): `[]` is falsy. */
export function isTruthy(value: unknown): boolean {
  return truthy(value);
}
