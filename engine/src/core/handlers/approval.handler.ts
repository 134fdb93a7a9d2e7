/**
 * approval: opens an approval chain (approvers, mode, SLA, escalation, evidence) and waits
 * (step `waiting`). `approvalDecided` → output `{outcome, decisions}`, handle = outcome.
 *
 * With `config.external` the approval is opened in Feishu / DingTalk: the `createApproval` effect
 * carries the evaluated `createInstance` input and an idempotency key; the adapter starts the
 * instance and answers with `approvalDecided` once the external system decides, or with
 * `actionFailed` (non-retryable) when the instance cannot be started, which fails the step.
 */
import { EXTERNAL_APPROVAL_FORM_FIELD, isTypedFormValue, parseDuration, type ExternalApprovalConfig } from '@coachflow/model';
import { renderTemplate } from '@coachflow/rules';
import { evidenceOf } from '../evidence.js';
import type { HandlerContext, NodeHandler } from '../handler.types.js';
import { eventNotApplicable, NodeError } from '../node-error.js';
import { evaluate } from '../rule-eval.js';
import type { ExternalApprovalRequest } from '../types.js';
import { idempotencyKey } from './action.handler.js';

function externalRequest(nodeId: string, external: ExternalApprovalConfig, ctx: HandlerContext): ExternalApprovalRequest {
  const input: Record<string, unknown> = {};
  for (const [field, rule] of Object.entries(external.input)) input[field] = evaluate(rule, ctx.data);
  if (external.form) {
    const form: Record<string, unknown> = {};
    for (const [control, entry] of Object.entries(external.form)) {
      if (!isTypedFormValue(entry)) form[control] = evaluate(entry, ctx.data);
      // DingTalk components have no type in the request: only the value is sent.
      else form[control] = external.connector === 'approval-feishu' ? { type: entry.type, value: evaluate(entry.value, ctx.data) } : evaluate(entry.value, ctx.data);
    }
    const field = Object.hasOwn(EXTERNAL_APPROVAL_FORM_FIELD, external.connector) ? EXTERNAL_APPROVAL_FORM_FIELD[external.connector] : 'form';
    input[field] = form;
  }
  return { connector: external.connector, input, idempotencyKey: idempotencyKey(ctx.runId, nodeId, ctx.state.manualRetries) };
}

/** Handler of the approval node. */
export const approvalHandler: NodeHandler<'approval'> = {
  accepts: ['approvalDecided', 'actionFailed'],
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
    const external = config.external ? externalRequest(node.id, config.external, ctx) : undefined;
    const tolerance = config.maxRejections !== undefined ? { maxRejections: config.maxRejections } : {};
    return {
      kind: 'wait',
      status: 'waiting',
      input: { title, description, approvers: config.approvers, mode: config.mode, quorum, ...tolerance, slaMs, escalateTo, ...(external ? { external: { connector: external.connector, input: external.input } } : {}) },
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
          ...tolerance,
          slaMs,
          escalateTo,
          evidence: evidenceOf(ctx.state),
          ...(external ? { external } : {}),
        },
      ],
    };
  },
  resume(node, step, event) {
    if (event.type === 'actionFailed') {
      // The external instance could not be started (the adapter already retried what could be).
      if (!node.config.external || step.status !== 'waiting') return { kind: 'ignore', reason: 'unexpectedForStatus' };
      return { kind: 'fail', error: event.error };
    }
    if (event.type !== 'approvalDecided') throw eventNotApplicable('approval', step.nodeId, event.type);
    if (step.status !== 'waiting') return { kind: 'ignore', reason: 'unexpectedForStatus' };
    return { kind: 'done', handle: event.outcome, output: { outcome: event.outcome, decisions: event.decisions } };
  },
};
