/**
 * action: calls a connector action. Step statuses: `running` while a call is out (the run is
 * `waiting`), `retrying` while a retry timer runs, then `succeeded` / `failed`.
 *
 * - enter: evaluates each input field as a rule → `runAction` attempt 1.
 * - actionSucceeded (current attempt) → output = the action's output, handle `out`.
 * - actionFailed (current attempt): retryable and attempts left → `scheduleTimer` (purpose `retry`) at
 *   now + backoffMs · factor^(attempt−1); otherwise the step and the run fail with the error.
 * - timerFired (retry) → `runAction` with attempt + 1, the same input and idempotency key.
 */
import type { RetryPolicy } from '@coachflow/model';
import type { HandlerContext, NodeHandler, NodeOfKind } from '../handler.types.js';
import { eventNotApplicable } from '../node-error.js';
import { evaluate } from '../rule-eval.js';
import type { Effect } from '../types.js';

/** Retry policy of an action without its own. */
export const DEFAULT_RETRY: Required<RetryPolicy> = { maxAttempts: 3, backoffMs: 1000, backoffFactor: 2 };
/** Call timeout of an action without its own. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Idempotency key of a node's connector call: same across automatic retries, new per manual retry. */
export function idempotencyKey(runId: string, nodeId: string, manualRetries: number): string {
  return `cf:${runId}:${nodeId}:${manualRetries}`;
}

/** Delay before attempt `attempt + 1` after attempt `attempt` failed. */
export function backoffDelayMs(policy: RetryPolicy | undefined, attempt: number): number {
  const backoffMs = policy?.backoffMs ?? DEFAULT_RETRY.backoffMs;
  const factor = policy?.backoffFactor ?? DEFAULT_RETRY.backoffFactor;
  return backoffMs * factor ** (attempt - 1);
}

function runAction(node: NodeOfKind<'action'>, ctx: HandlerContext, input: Record<string, unknown>, attempt: number): Effect {
  return {
    type: 'runAction',
    nodeId: node.id,
    stepSeq: ctx.stepSeq,
    connector: node.config.connector,
    action: node.config.action,
    input,
    attempt,
    idempotencyKey: idempotencyKey(ctx.runId, node.id, ctx.state.manualRetries),
    timeoutMs: node.config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Handler of the action node. */
export const actionHandler: NodeHandler<'action'> = {
  accepts: ['actionSucceeded', 'actionFailed', 'timerFired'],
  enter(node, ctx) {
    const input: Record<string, unknown> = {};
    for (const [field, rule] of Object.entries(node.config.input)) input[field] = evaluate(rule, ctx.data);
    return { kind: 'wait', status: 'running', input, effects: [runAction(node, ctx, input, 1)] };
  },
  resume(node, step, event, ctx) {
    switch (event.type) {
      case 'actionSucceeded':
        if (step.status !== 'running') return { kind: 'ignore', reason: 'unexpectedForStatus' };
        if (event.attempt !== step.attempt) return { kind: 'ignore', reason: 'staleAttempt' };
        return { kind: 'done', handle: 'out', output: event.output };
      case 'actionFailed': {
        if (step.status !== 'running') return { kind: 'ignore', reason: 'unexpectedForStatus' };
        if (event.attempt !== step.attempt) return { kind: 'ignore', reason: 'staleAttempt' };
        const maxAttempts = node.config.retry?.maxAttempts ?? DEFAULT_RETRY.maxAttempts;
        if (!event.error.retryable || step.attempt >= maxAttempts) return { kind: 'fail', error: event.error };
        const at = new Date(ctx.now.getTime() + backoffDelayMs(node.config.retry, step.attempt)).toISOString();
        return {
          kind: 'wait',
          status: 'retrying',
          error: event.error,
          effects: [{ type: 'scheduleTimer', nodeId: node.id, stepSeq: ctx.stepSeq, at, purpose: 'retry' }],
        };
      }
      case 'timerFired': {
        if (event.purpose !== 'retry') throw eventNotApplicable('action', node.id, 'timerFired(delay)');
        if (step.status !== 'retrying') return { kind: 'ignore', reason: 'unexpectedForStatus' };
        const input = isRecord(step.input) ? step.input : {};
        const attempt = step.attempt + 1;
        return { kind: 'wait', status: 'running', attempt, effects: [runAction(node, ctx, input, attempt)] };
      }
      default:
        throw eventNotApplicable('action', node.id, event.type);
    }
  },
};
