/**
 * Run (execution) and step statuses as closed unions, with the allowed transitions.
 * The engine asserts every change through `assertRunTransition` / `assertStepTransition`;
 * the designer uses the same values to colour a replay.
 */
import { UnexpectedError } from './errors/index.js';

export const RunStatus = {
  Running: 'running',
  Waiting: 'waiting',
  Succeeded: 'succeeded',
  Failed: 'failed',
  Cancelled: 'cancelled',
} as const;
export type RunStatus = (typeof RunStatus)[keyof typeof RunStatus];

export const StepStatus = {
  Running: 'running',
  Waiting: 'waiting',
  Retrying: 'retrying',
  Succeeded: 'succeeded',
  Failed: 'failed',
  Skipped: 'skipped',
  Cancelled: 'cancelled',
} as const;
export type StepStatus = (typeof StepStatus)[keyof typeof StepStatus];

const RUN_TRANSITIONS: Record<RunStatus, readonly RunStatus[]> = {
  running: ['running', 'waiting', 'succeeded', 'failed', 'cancelled'],
  waiting: ['running', 'waiting', 'succeeded', 'failed', 'cancelled'],
  succeeded: [],
  // A failed run can be retried from its failed node, or cancelled.
  failed: ['running', 'cancelled'],
  cancelled: [],
};

const STEP_TRANSITIONS: Record<StepStatus, readonly StepStatus[]> = {
  running: ['running', 'waiting', 'retrying', 'succeeded', 'failed', 'cancelled'],
  waiting: ['running', 'succeeded', 'failed', 'cancelled'],
  retrying: ['running', 'succeeded', 'failed', 'cancelled'],
  succeeded: [],
  // A failed step is re-run when its run is retried.
  failed: ['running', 'cancelled'],
  skipped: [],
  cancelled: [],
};

export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled'];

export function isRunFinished(status: RunStatus): boolean {
  return status === 'succeeded' || status === 'cancelled' || status === 'failed';
}

export function canTransitionRun(from: RunStatus, to: RunStatus): boolean {
  return RUN_TRANSITIONS[from].includes(to);
}

export function canTransitionStep(from: StepStatus, to: StepStatus): boolean {
  return STEP_TRANSITIONS[from].includes(to);
}

/** Throws an `ILLEGAL_STATE` error when a run moves along a transition the table does not allow. */
export function assertRunTransition(from: RunStatus, to: RunStatus): void {
  if (!canTransitionRun(from, to)) {
    throw new UnexpectedError('ILLEGAL_RUN_TRANSITION', `run cannot go from ${from} to ${to}`);
  }
}

export function assertStepTransition(from: StepStatus, to: StepStatus): void {
  if (!canTransitionStep(from, to)) {
    throw new UnexpectedError('ILLEGAL_STEP_TRANSITION', `step cannot go from ${from} to ${to}`);
  }
}
