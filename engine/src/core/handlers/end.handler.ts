/** end: the run succeeds with the configured outcome (or null). Output `{outcome}`. */
import type { NodeHandler } from '../handler.types.js';

/** Handler of the end node. */
export const endHandler: NodeHandler<'end'> = {
  accepts: [],
  enter(node) {
    const outcome = node.config.outcome ?? null;
    return { kind: 'done', handle: 'out', output: { outcome }, finish: { outcome } };
  },
};
