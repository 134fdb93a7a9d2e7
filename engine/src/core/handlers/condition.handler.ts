/** condition: one rule; handle `true` / `false` by JSON-logic truthiness. Output `{result}`. */
import type { NodeHandler } from '../handler.types.js';
import { evaluateWithEvidence, isTruthy } from '../rule-eval.js';

/** Handler of the condition node. */
export const conditionHandler: NodeHandler<'condition'> = {
  accepts: [],
  enter(node, ctx) {
    const evaluation = evaluateWithEvidence(node.config.rule, ctx.data);
    const result = isTruthy(evaluation.result);
    return { kind: 'done', handle: result ? 'true' : 'false', output: { result }, evaluations: [evaluation] };
  },
};
