/**
 * switch: cases in order, the first truthy one wins and its id is the handle; none → `default`.
 * Output `{case}` (the case id or `default`); every evaluated case is recorded as evidence.
 */
import type { NodeHandler } from '../handler.types.js';
import { evaluateWithEvidence, isTruthy } from '../rule-eval.js';
import type { RuleEvaluation } from '../types.js';

/** Handle taken when no case matches. */
export const DEFAULT_CASE = 'default';

/** Handler of the switch node. */
export const switchHandler: NodeHandler<'switch'> = {
  accepts: [],
  enter(node, ctx) {
    const evaluations: RuleEvaluation[] = [];
    for (const c of node.config.cases) {
      const evaluation = evaluateWithEvidence(c.rule, ctx.data);
      evaluations.push(evaluation);
      if (isTruthy(evaluation.result)) return { kind: 'done', handle: c.id, output: { case: c.id }, evaluations };
    }
    return { kind: 'done', handle: DEFAULT_CASE, output: { case: DEFAULT_CASE }, evaluations };
  },
};
