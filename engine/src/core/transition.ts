/**
 * The pure execution core's entry points. `startRun` creates a run and executes it up to its first
 * wait; `transition` applies one event to a run. Both are deterministic functions of their inputs:
 * no clock (time is `ctx.now`), no randomness, no I/O. The input state is never mutated.
 *
 * Data problems (bad rule, bad duration, failed connector) become a failed step and run, never an
 * exception; stale or duplicate events are no-ops (`ignored` set, state returned as is). Only
 * programming errors throw (`UnexpectedError`): an event naming a node the version does not have,
 * an event type the current node's kind cannot take, a definition without a trigger.
 */
import { UnexpectedError } from '@coachflow/model';
import type { WorkflowDefinition } from '@coachflow/model';
import { cancelRun } from './cancel-run.js';
import { ignored, resumeRun } from './resume-run.js';
import { retryRun } from './retry-run.js';
import { runFrom } from './run-loop.js';
import type { LoopContext } from './run-loop.js';
import { draftOf } from './run-state.js';
import type { Effect, ExecutionEvent, ExecutionState, RunContext, TransitionContext, TransitionResult } from './types.js';
import { graphOf } from './workflow-graph.js';

function loopContext(ctx: TransitionContext): LoopContext {
  return { runId: ctx.runId, now: ctx.now, nowIso: ctx.now.toISOString(), maxSteps: ctx.maxSteps };
}

/** The state of a run that has not started yet: `running`, no steps, no current node. */
export function initialState(context: RunContext): ExecutionState {
  return { status: 'running', context, vars: {}, outputs: {}, steps: [], current: null, manualRetries: 0 };
}

/**
 * Starts a run of `definition` for `context`: runs the trigger node (output `{eventId, type}`) and
 * continues until the run waits, ends or fails.
 */
export function startRun(definition: WorkflowDefinition, context: RunContext, ctx: TransitionContext): TransitionResult {
  return transition(definition, initialState(context), { type: 'start' }, ctx);
}

/** Applies one event to a run of `definition` and returns the new state plus the effects to perform. */
export function transition(
  definition: WorkflowDefinition,
  state: ExecutionState,
  event: ExecutionEvent,
  ctx: TransitionContext,
): TransitionResult {
  const lc = loopContext(ctx);
  switch (event.type) {
    case 'start': {
      if (state.steps.length > 0 || state.status !== 'running') return ignored(state, 'alreadyStarted');
      const graph = graphOf(definition);
      if (graph.trigger === undefined) throw new UnexpectedError('INVALID_WORKFLOW', 'the workflow has no trigger node');
      const draft = draftOf(state);
      const effects: Effect[] = [];
      runFrom(draft, graph, graph.trigger.id, effects, lc);
      return { state: draft, effects };
    }
    case 'cancel':
      return cancelRun(state, event, lc);
    case 'retry':
      return retryRun(graphOf(definition), state, lc);
    default:
      return resumeRun(graphOf(definition), state, event, lc);
  }
}
