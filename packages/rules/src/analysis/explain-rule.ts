/**
 * `explainRule`: every sub-expression's value, for the designer's live preview.
 */
import { isRuleError } from '../errors/rule.error.js';
import { resolveLimits } from '../limits/rule-limits.js';
import type { RuleLimits } from '../limits/rule-limits.js';
import { compileTraced, runEvaluator } from '../compile/compile-rule.js';
import type { ExplainNode } from './explain-node.types.js';

/**
 * Evaluates `rule` against `data` and returns the tree of its sub-expressions with their values.
 * Nodes that short-circuiting skipped have `evaluated: false`; nodes inside map/filter/... list
 * their per-element `values`. A runtime failure (budget, size limit) is reported as `error` on the
 * root instead of being thrown.
 * @throws RuleError when the rule does not compile (use `validateRule` to list problems)
 */
export function explainRule(rule: unknown, data: unknown, limits?: Partial<RuleLimits>): ExplainNode {
  const resolved = resolveLimits(limits);
  const { evaluate, trace } = compileTraced(rule, resolved);
  try {
    runEvaluator(evaluate, data, resolved);
  } catch (e) {
    if (!isRuleError(e) || trace.kind === 'literal') throw e;
    trace.error = e.toProblem();
  }
  return trace;
}
