/**
 * Resuming a waiting run with an answer for its current node (action result, task completion,
 * approval decision, timer). Stale and duplicate answers are ignored: the input state comes back
 * unchanged with no effects.
 */
import { isRunFinished, UnexpectedError } from '@coachflow/model';
import type { NodeKind } from '@coachflow/model';
import type { HandlerContext, IgnoreOutcome, NodeOfKind, NodeOutcome } from './handler.types.js';
import { eventNotApplicable, toStepError } from './node-error.js';
import { applyOutcome, handlerContext, handlerFor, runFrom } from './run-loop.js';
import type { LoopContext } from './run-loop.js';
import { draftOf, setRunStatus } from './run-state.js';
import type { Effect, ExecutionState, IgnoreReason, ResumeEvent, StepRecord, TransitionResult } from './types.js';
import type { WorkflowGraph } from './workflow-graph.js';

/** The no-op result: the input state itself, no effects. */
export function ignored(state: ExecutionState, reason: IgnoreReason): TransitionResult {
  return { state, effects: [], ignored: reason };
}

function resumeNode<K extends NodeKind>(
  node: NodeOfKind<K>,
  step: Readonly<StepRecord>,
  event: ResumeEvent,
  ctx: HandlerContext,
): NodeOutcome | IgnoreOutcome {
  const handler = handlerFor(node.kind);
  if (handler.resume === undefined || !handler.accepts.includes(event.type)) {
    throw eventNotApplicable(node.kind, node.id, event.type);
  }
  try {
    return handler.resume(node, step, event, ctx);
  } catch (e) {
    return { kind: 'fail', error: toStepError(e) };
  }
}

/** Applies a node event to the run. See the module doc for the no-op cases. */
export function resumeRun(graph: WorkflowGraph, state: ExecutionState, event: ResumeEvent, lc: LoopContext): TransitionResult {
  if (isRunFinished(state.status)) return ignored(state, 'runFinished');
  const node = graph.nodes.get(event.nodeId);
  if (node === undefined) throw new UnexpectedError('UNKNOWN_NODE', `node ${event.nodeId} is not in the run's workflow version`);
  if (state.current !== event.nodeId) return ignored(state, 'notCurrent');
  const seq = state.steps.length - 1;
  const step = state.steps[seq];
  if (step === undefined || step.nodeId !== node.id) {
    throw new UnexpectedError('CORRUPT_STATE', `the run is at ${node.id} but its last step is ${step?.nodeId ?? 'missing'}`);
  }
  if (event.stepSeq !== undefined && event.stepSeq !== seq) return ignored(state, 'staleStep');

  const outcome = resumeNode(node, step, event, handlerContext(state, seq, lc));
  if (outcome.kind === 'ignore') return ignored(state, outcome.reason);

  const draft = draftOf(state);
  const effects: Effect[] = [];
  setRunStatus(draft, 'running');
  const next = applyOutcome(draft, graph, node.id, seq, outcome, effects, lc);
  if (next !== null) runFrom(draft, graph, next, effects, lc);
  return { state: draft, effects };
}
