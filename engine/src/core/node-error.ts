/**
 * Errors raised while a node runs. Data problems (bad rule, bad duration, bad date) fail the step
 * and the run; they never escape `transition`. Programming errors (`UnexpectedError`) still throw.
 */
import { isAppError, UnexpectedError } from '@coachflow/model';
import { isRuleError } from '@coachflow/rules';
import type { StepError } from './types.js';

/** Generic code of a node's data/config problem that is not a rule error. */
export const NODE_ERROR = 'NODE_ERROR';

/** A node could not run because of its config or the run's data. Never retryable. */
export class NodeError extends Error {
  override readonly name = 'NodeError';
  constructor(
    message: string,
    readonly code: string = NODE_ERROR,
  ) {
    super(message);
  }
}

/**
 * Maps an error thrown by a handler to the step error. Rethrows bugs of our own
 * (`UnexpectedError`, e.g. an illegal status transition).
 */
export function toStepError(e: unknown): StepError {
  if (isRuleError(e)) return { code: e.code, message: e.message, retryable: false };
  if (e instanceof NodeError) return { code: e.code, message: e.message, retryable: false };
  if (isAppError(e) && e.kind === 'unexpected') throw e;
  const message = e instanceof Error ? e.message : String(e);
  return { code: NODE_ERROR, message, retryable: false };
}

/** The error for an event a node kind cannot take (an adapter bug, never a data problem). */
export function eventNotApplicable(kind: string, nodeId: string, eventType: string): UnexpectedError {
  return new UnexpectedError('EVENT_NOT_APPLICABLE', `${kind} node ${nodeId} cannot take a ${eventType} event`);
}
