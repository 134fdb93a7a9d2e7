/** Drives a run through the core for tests, keeping the latest state and effects. */
import type { WorkflowDefinition } from '@coachflow/model';
import { startRun, transition } from '../transition.js';
import type { Effect, ExecutionEvent, ExecutionState, RunContext, TransitionContext, TransitionResult } from '../types.js';
import { runContext, tctx } from './fixtures.js';

/**
 * A run under test. Definition, context and every state are deep-frozen before the core sees them,
 * so a mutation of its input by the core throws in any test that uses the harness.
 */
export class RunHarness {
  state: ExecutionState;
  effects: Effect[];
  last: TransitionResult;

  constructor(
    readonly definition: WorkflowDefinition,
    context: RunContext = runContext(),
    readonly ctx: TransitionContext = tctx(),
  ) {
    deepFreeze(definition);
    this.last = startRun(definition, deepFreeze(context), ctx);
    this.state = this.last.state;
    this.effects = this.last.effects;
  }

  /** Applies `event` at `now` (default: the harness clock). */
  send(event: ExecutionEvent, now: Date = this.ctx.now): TransitionResult {
    this.last = transition(this.definition, deepFreeze(this.state), event, { ...this.ctx, now });
    this.state = this.last.state;
    this.effects = this.last.effects;
    return this.last;
  }

  /** The effect of `type` among the latest effects (throws when absent). */
  effect<T extends Effect['type']>(type: T): Extract<Effect, { type: T }> {
    const found = this.effects.find((e): e is Extract<Effect, { type: T }> => e.type === type);
    if (found === undefined) throw new Error(`no ${type} effect in ${JSON.stringify(this.effects.map((e) => e.type))}`);
    return found;
  }

  /** The node ids of the path taken, with each step's status. */
  path(): string[] {
    return this.state.steps.map((s) => `${s.nodeId}:${s.status}`);
  }
}

/** Starts a run under test. */
export function run(definition: WorkflowDefinition, context?: RunContext, ctx?: TransitionContext): RunHarness {
  return new RunHarness(definition, context, ctx);
}

/** Freezes `value` deeply, so any mutation by the code under test throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
