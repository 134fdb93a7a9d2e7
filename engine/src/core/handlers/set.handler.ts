/** set: assignments in order (each sees the ones before it as `vars.*`). Output = the assigned values. */
import type { NodeHandler } from '../handler.types.js';
import { evaluate } from '../rule-eval.js';

/** Handler of the set node. */
export const setHandler: NodeHandler<'set'> = {
  accepts: [],
  enter(node, ctx) {
    const vars: Record<string, unknown> = { ...ctx.state.vars };
    const data = { ...ctx.data, vars };
    const assigned: Record<string, unknown> = {};
    for (const { name, rule } of node.config.assignments) {
      const value = evaluate(rule, data);
      vars[name] = value;
      assigned[name] = value;
    }
    return { kind: 'done', handle: 'out', output: assigned, vars: assigned };
  },
};
