/**
 * Writing the run state. `transition` never mutates its input: it works on a shallow draft whose
 * containers (vars, outputs, steps) are fresh copies, and copies a step record before changing it.
 * Unchanged objects are shared between the input and the output state, so callers must treat both
 * as immutable (persist or serialise them; do not edit them in place).
 *
 * Every status change goes through the model's transition table.
 */
import { assertRunTransition, assertStepTransition } from '@coachflow/model';
import type { RunStatus, StepStatus } from '@coachflow/model';
import type { Effect, ExecutionState, StepError, StepRecord } from './types.js';

/** A writable shallow copy of `state` (copy-on-write for step records: see {@link ownStep}). */
export function draftOf(state: Readonly<ExecutionState>): ExecutionState {
  return { ...state, vars: { ...state.vars }, outputs: { ...state.outputs }, steps: state.steps.slice() };
}

/** Replaces the step at `seq` in the draft by a copy and returns that copy, ready to be written. */
export function ownStep(draft: ExecutionState, seq: number): StepRecord {
  const step = draft.steps[seq];
  if (step === undefined) throw new RangeError(`no step ${seq}`);
  const copy = { ...step };
  draft.steps[seq] = copy;
  return copy;
}

/** Moves the run to `to`, asserting the transition. */
export function setRunStatus(state: ExecutionState, to: RunStatus): void {
  assertRunTransition(state.status, to);
  state.status = to;
}

/** Moves a (writable) step to `to`, asserting the transition. */
export function setStepStatus(step: StepRecord, to: StepStatus): void {
  assertStepTransition(step.status, to);
  step.status = to;
}

/** Ends the run successfully with `outcome`, emitting `runFinished`. */
export function succeedRun(state: ExecutionState, outcome: string | null, effects: Effect[]): void {
  setRunStatus(state, 'succeeded');
  state.current = null;
  if (outcome !== null) state.outcome = outcome;
  else if (state.outcome !== undefined) delete state.outcome;
  effects.push({ type: 'runFinished', status: 'succeeded', outcome });
}

/** Fails the run at `nodeId` with `error`, emitting `runFinished`. The failed node is kept in `error.nodeId`. */
export function failRun(state: ExecutionState, nodeId: string, error: StepError, effects: Effect[]): void {
  setRunStatus(state, 'failed');
  state.current = null;
  state.error = { nodeId, ...error };
  effects.push({ type: 'runFinished', status: 'failed', outcome: null });
}
