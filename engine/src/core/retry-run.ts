/**
 * Retrying a failed run by hand from its failed node: the run goes back to `running`, the failed
 * step stays as it was and the node gets a new step (new `seq`, attempt 1, `retryOf` = the failed
 * step), `manualRetries` grows by one (so an action gets a new idempotency key), and the run
 * continues from there. `retry` on a run that is not failed is a no-op.
 */
import { UnexpectedError } from '@coachflow/model';
import type { LoopContext } from './run-loop.js';
import { runFrom } from './run-loop.js';
import { ignored } from './resume-run.js';
import { draftOf, setRunStatus } from './run-state.js';
import type { Effect, ExecutionState, TransitionResult } from './types.js';
import type { WorkflowGraph } from './workflow-graph.js';

/** Applies a `retry` event. */
export function retryRun(graph: WorkflowGraph, state: ExecutionState, lc: LoopContext): TransitionResult {
  if (state.status !== 'failed') return ignored(state, 'notFailed');
  const nodeId = state.error?.nodeId;
  if (nodeId === undefined || !graph.nodes.has(nodeId)) {
    throw new UnexpectedError('CORRUPT_STATE', `failed run has no known failed node (${String(nodeId)})`);
  }
  const draft = draftOf(state);
  const effects: Effect[] = [];
  setRunStatus(draft, 'running');
  draft.manualRetries = state.manualRetries + 1;
  delete draft.error;
  delete draft.outcome;
  let failedSeq: number | undefined;
  for (let i = draft.steps.length - 1; i >= 0; i--) {
    const step = draft.steps[i];
    if (step !== undefined && step.nodeId === nodeId && step.status === 'failed') {
      failedSeq = step.seq;
      break;
    }
  }
  runFrom(draft, graph, nodeId, effects, lc, failedSeq);
  return { state: draft, effects };
}
