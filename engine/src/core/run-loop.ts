/**
 * The run loop: enter a node, apply its outcome, follow the edge of the chosen handle, and repeat
 * until the run waits, ends or fails. Synchronous kinds run inline; waiting kinds stop the loop.
 */
import type { NodeKind } from '@coachflow/model';
import { NODE_HANDLERS } from './handlers/registry.js';
import type { HandlerContext, NodeHandler, NodeOfKind, NodeOutcome } from './handler.types.js';
import { toStepError } from './node-error.js';
import { ruleDataOf } from './rule-data.js';
import { failRun, ownStep, setRunStatus, setStepStatus, succeedRun } from './run-state.js';
import type { Effect, ExecutionState, StepRecord } from './types.js';
import type { WorkflowGraph } from './workflow-graph.js';

/** Error code of a run that exceeded `maxSteps`. */
export const RUN_TOO_LONG = 'RUN_TOO_LONG';
/** Error code of a definition the engine cannot follow (an edge to a missing node). */
export const INVALID_WORKFLOW = 'INVALID_WORKFLOW';

/** Per-transition values shared by the loop and the handlers. */
export interface LoopContext {
  runId: string;
  now: Date;
  nowIso: string;
  maxSteps: number;
}

/** The handler of `kind`, typed for that kind. */
export function handlerFor<K extends NodeKind>(kind: K): NodeHandler<K> {
  return NODE_HANDLERS[kind];
}

/**
 * A new step record with every field of {@link StepRecord} present from the start (the optional
 * ones `undefined`, which JSON leaves out): the steps of all runs then share one object shape, and
 * writing an outcome to a step (and copying it, `ownStep`) fills fields in place instead of adding
 * properties — adding them one by one moved each step through several shapes and allocated its
 * property storage again and again (core at 36–54 µs → 21 µs per reference-workflow run with the
 * JSON of its state, `bench/core-cpu.ts`; engine/docs/performance.md).
 */
export function newStep(seq: number, nodeId: string, kind: NodeKind, startedAt: string, retryOf: number | undefined): StepRecord {
  return { seq, nodeId, kind, status: 'running', attempt: 1, startedAt, input: undefined, evaluations: undefined, finishedAt: undefined, output: undefined, handle: undefined, error: undefined, retryOf };
}

/** A handler context for the step at `seq` of `state`. */
export function handlerContext(state: ExecutionState, seq: number, lc: LoopContext): HandlerContext {
  return { runId: lc.runId, now: lc.now, nowIso: lc.nowIso, state, stepSeq: seq, data: ruleDataOf(state, lc.nowIso) };
}

function enter<K extends NodeKind>(node: NodeOfKind<K>, ctx: HandlerContext): NodeOutcome {
  try {
    return handlerFor(node.kind).enter(node, ctx);
  } catch (e) {
    return { kind: 'fail', error: toStepError(e) };
  }
}

/**
 * Runs the draft from node `startId` until it waits, ends or fails. Each visit appends a step.
 * `retryOf` marks the first new step as the manual retry of that failed step.
 */
export function runFrom(draft: ExecutionState, graph: WorkflowGraph, startId: string, effects: Effect[], lc: LoopContext, retryOf?: number): void {
  let nextId: string | null = startId;
  let first = true;
  while (nextId !== null) {
    const node = graph.nodes.get(nextId);
    if (node === undefined) throw new RangeError(`node ${nextId} is not in the definition`);
    if (draft.steps.length >= lc.maxSteps) {
      const message = `the run exceeded its limit of ${lc.maxSteps} steps`;
      failRun(draft, node.id, { code: RUN_TOO_LONG, message, retryable: false }, effects);
      return;
    }
    const seq = draft.steps.length;
    const step = newStep(seq, node.id, node.kind, lc.nowIso, first ? retryOf : undefined);
    first = false;
    draft.steps.push(step);
    draft.current = node.id;
    const outcome = enter(node, handlerContext(draft, seq, lc));
    nextId = applyOutcome(draft, graph, node.id, seq, outcome, effects, lc);
  }
}

/**
 * Writes a node's outcome to the draft (step record, outputs, vars, run status, effects) and
 * returns the next node to enter, or null when the run waits, ended or failed.
 */
export function applyOutcome(
  draft: ExecutionState,
  graph: WorkflowGraph,
  nodeId: string,
  seq: number,
  outcome: NodeOutcome,
  effects: Effect[],
  lc: LoopContext,
): string | null {
  const step = ownStep(draft, seq);
  if (outcome.input !== undefined) step.input = outcome.input;
  if (outcome.evaluations !== undefined) step.evaluations = outcome.evaluations;

  if (outcome.kind === 'wait') {
    setStepStatus(step, outcome.status);
    if (outcome.attempt !== undefined) step.attempt = outcome.attempt;
    if (outcome.error !== undefined) step.error = outcome.error;
    for (const effect of outcome.effects) effects.push(effect);
    setRunStatus(draft, 'waiting');
    draft.current = nodeId;
    return null;
  }

  step.finishedAt = lc.nowIso;
  if (outcome.kind === 'fail') {
    setStepStatus(step, 'failed');
    step.error = outcome.error;
    failRun(draft, nodeId, outcome.error, effects);
    return null;
  }

  setStepStatus(step, 'succeeded');
  // `delete` only when needed: it turns the object into a slow dictionary-mode object in V8.
  if (step.error !== undefined) delete step.error;
  step.output = outcome.output;
  step.handle = outcome.handle;
  draft.outputs[nodeId] = outcome.output;
  if (outcome.vars !== undefined) Object.assign(draft.vars, outcome.vars);
  if (outcome.effects !== undefined) for (const effect of outcome.effects) effects.push(effect);
  if (outcome.finish !== undefined) {
    succeedRun(draft, outcome.finish.outcome, effects);
    return null;
  }
  const target = graph.next(nodeId, outcome.handle);
  if (target === undefined) {
    succeedRun(draft, null, effects);
    return null;
  }
  if (!graph.nodes.has(target)) {
    const message = `the edge from ${nodeId} (${outcome.handle}) leads to the missing node ${target}`;
    failRun(draft, nodeId, { code: INVALID_WORKFLOW, message, retryable: false }, effects);
    return null;
  }
  setRunStatus(draft, 'running');
  return target;
}
