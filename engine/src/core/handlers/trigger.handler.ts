/** trigger: the run's first step. Output `{eventId, type}`; an optional filter rule is evidence. */
import type { NodeHandler } from '../handler.types.js';
import { evaluateWithEvidence, isTruthy } from '../rule-eval.js';

/** Outcome of a run whose trigger filter was falsy (adapters normally check the filter before starting). */
export const FILTERED_OUTCOME = 'filtered';

/** Handler of the trigger node. */
export const triggerHandler: NodeHandler<'trigger'> = {
  accepts: [],
  enter(node, ctx) {
    const { event } = ctx.state.context;
    const output = { eventId: event.id, type: event.type };
    if (node.config.filter === undefined) return { kind: 'done', handle: 'out', output };
    const evaluation = evaluateWithEvidence(node.config.filter, ctx.data);
    const finish = isTruthy(evaluation.result) ? undefined : { outcome: FILTERED_OUTCOME };
    return { kind: 'done', handle: 'out', output, evaluations: [evaluation], finish };
  },
};
