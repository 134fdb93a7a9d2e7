/**
 * `compileRule`: validate once, build the closure tree, evaluate many times.
 */
import { RuleError, RuleErrorCode, isRuleError } from '../errors/rule.error.js';
import { resolveLimits } from '../limits/rule-limits.js';
import type { RuleLimits } from '../limits/rule-limits.js';
import type { EvalContext, Evaluator } from '../evaluation/evaluator.types.js';
import { truthy } from '../evaluation/runtime-checks.js';
import type { ExplainNode } from '../analysis/explain-node.types.js';
import { compileNode } from './compile-node.js';
import { collectProblems } from './validate-rule.js';

/** A validated rule, ready to evaluate. */
export interface CompiledRule {
  /** The rule as given to `compileRule`. */
  readonly rule: unknown;
  /** Limits it was compiled with (and evaluates with). */
  readonly limits: RuleLimits;
  /**
   * Evaluates the rule against `data` (json-logic-js semantics).
   * @throws RuleError `RULE_BUDGET_EXCEEDED`, `RULE_ARRAY_TOO_LARGE`, `RULE_STRING_TOO_LONG`, `RULE_TYPE_ERROR`
   */
  evaluate(data: unknown): unknown;
  /** Evaluates and applies json-logic truthiness (`[]` is falsy): the outcome of a condition. */
  test(data: unknown): boolean;
}

/** Throws the first structural problem of `rule` as a RuleError. */
export function assertValidRule(rule: unknown, limits: RuleLimits): void {
  let problem;
  try {
    problem = collectProblems(rule, limits, true)[0];
  } catch (e) {
    throw new RuleError(RuleErrorCode.Invalid, e instanceof Error ? e.message : String(e));
  }
  if (problem !== undefined) throw new RuleError(problem.code, problem.message, problem.path);
}

/** Runs an evaluator with a fresh step budget, turning stray exceptions into RuleErrors. */
export function runEvaluator(evaluate: Evaluator, data: unknown, limits: RuleLimits): unknown {
  const ctx: EvalContext = { steps: 0, maxSteps: limits.maxSteps };
  try {
    return evaluate(data, ctx);
  } catch (e) {
    if (isRuleError(e)) throw e;
    // e.g. a stack overflow joining deeply nested data in `cat`.
    throw new RuleError(RuleErrorCode.TypeError, e instanceof Error ? e.message : String(e));
  }
}

/**
 * Validates `rule` and compiles it to a closure tree.
 * @param rule a json-logic rule (parsed JSON)
 * @param limits overrides of {@link DEFAULT_RULE_LIMITS}
 * @throws RuleError when the rule is malformed, uses an unknown operator or exceeds a limit
 */
export function compileRule(rule: unknown, limits?: Partial<RuleLimits>): CompiledRule {
  const resolved = resolveLimits(limits);
  assertValidRule(rule, resolved);
  const root = compileNode(rule, '', resolved, false).arg.evaluate;
  return Object.freeze({
    rule,
    limits: resolved,
    evaluate: (data: unknown) => runEvaluator(root, data, resolved),
    test: (data: unknown) => truthy(runEvaluator(root, data, resolved)),
  });
}

/** Compiles `rule` with tracing on; the explanation tree fills in as the evaluator runs. */
export function compileTraced(rule: unknown, limits: RuleLimits): { evaluate: Evaluator; trace: ExplainNode } {
  assertValidRule(rule, limits);
  const compiled = compileNode(rule, '', limits, true);
  return { evaluate: compiled.arg.evaluate, trace: compiled.trace as ExplainNode };
}
