/**
 * approval: opens an approval chain (approvers, mode, SLA, escalation, evidence) and waits
 * (step `waiting`). `approvalDecided` → output `{outcome, decisions}`, handle = outcome.
 */
import { parseDuration } from '@coachflow/model';
import { renderTemplate } from '@coachflow/rules';
import { evidenceOf } from '../evidence.js';
import type { NodeHandler } from '../handler.types.js';
import { eventNotApplicable, NodeError } from '../node-error.js';

/** Handler of the approval node. */
export const approvalHandler: NodeHandler<'approval'> = {
  accepts: ['approvalDecided'],
  enter(node, ctx) {
    const { config } = node;
    const title = renderTemplate(config.title, ctx.data);
    const description = config.description === undefined ? '' : renderTemplate(config.description, ctx.data);
    let slaMs: number | null = null;
    if (config.sla !== undefined) {
      slaMs = parseDuration(config.sla);
      if (slaMs === null) throw new NodeError(`sla is not a supported ISO-8601 duration: ${JSON.stringify(config.sla)}`);
    }
    const quorum = config.quorum ?? null;
    const escalateTo = config.escalateTo ?? null;
    return {
      kind: 'wait',
      status: 'waiting',
      input: { title, description, approvers: config.approvers, mode: config.mode, quorum, slaMs, escalateTo },
      effects: [
        {
          type: 'createApproval',
          nodeId: node.id,
          stepSeq: ctx.stepSeq,
          title,
          description,
          approvers: config.approvers,
          mode: config.mode,
          quorum,
          slaMs,
          escalateTo,
          evidence: evidenceOf(ctx.state),
        },
      ],
    };
  },
  resume(_node, step, event) {
    if (event.type !== 'approvalDecided') throw eventNotApplicable('approval', step.nodeId, event.type);
    if (step.status !== 'waiting') return { kind: 'ignore', reason: 'unexpectedForStatus' };
    return { kind: 'done', handle: event.outcome, output: { outcome: event.outcome, decisions: event.decisions } };
  },
};
