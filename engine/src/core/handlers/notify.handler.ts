/** notify: renders title and body, emits a `notify` effect and continues. Output `{channel, recipients}`. */
import { renderTemplate } from '@coachflow/rules';
import type { NodeHandler } from '../handler.types.js';

/** Handler of the notify node. */
export const notifyHandler: NodeHandler<'notify'> = {
  accepts: [],
  enter(node, ctx) {
    const { channel, to } = node.config;
    const title = renderTemplate(node.config.title, ctx.data);
    const body = renderTemplate(node.config.body, ctx.data);
    return {
      kind: 'done',
      handle: 'out',
      input: { title, body },
      output: { channel, recipients: to.length },
      effects: [{ type: 'notify', nodeId: node.id, stepSeq: ctx.stepSeq, channel, to, title, body }],
    };
  },
};
