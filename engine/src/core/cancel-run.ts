/**
 * Cancelling a run. A running or waiting run becomes `cancelled`, its current step `cancelled`, and
 * the adapters get `cancelWaits` (close the open task, approval or timer; ignore a call in flight)
 * and `runFinished`. A failed run can be cancelled too (it then stops being retryable); its failed
 * step stays failed. Cancelling a succeeded or cancelled run is a no-op.
 */
import { isRunFinished } from '@coachflow/model';
import type { LoopContext } from './run-loop.js';
import { ignored } from './resume-run.js';
import { draftOf, ownStep, setRunStatus, setStepStatus } from './run-state.js';
import type { Effect, ExecutionEvent, ExecutionState, TransitionResult } from './types.js';

/** Applies a `cancel` event. */
export function cancelRun(state: ExecutionState, event: Extract<ExecutionEvent, { type: 'cancel' }>, lc: LoopContext): TransitionResult {
  if (state.status === 'succeeded' || state.status === 'cancelled') return ignored(state, 'runFinished');
  const draft = draftOf(state);
  const effects: Effect[] = [];
  const current = draft.current;
  if (!isRunFinished(state.status) && current !== null) {
    const last = draft.steps[draft.steps.length - 1];
    if (last !== undefined && last.nodeId === current && !isStepFinished(last.status)) {
      const step = ownStep(draft, last.seq);
      setStepStatus(step, 'cancelled');
      step.finishedAt = lc.nowIso;
    }
    effects.push({ type: 'cancelWaits', nodeId: current });
  }
  setRunStatus(draft, 'cancelled');
  draft.current = null;
  draft.cancellation = { at: lc.nowIso };
  if (event.by !== undefined) draft.cancellation.by = event.by;
  if (event.reason !== undefined) draft.cancellation.reason = event.reason;
  effects.push({ type: 'runFinished', status: 'cancelled', outcome: null });
  return { state: draft, effects };
}

function isStepFinished(status: string): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'skipped' || status === 'cancelled';
}
