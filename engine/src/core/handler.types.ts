/**
 * The node-handler contract: one handler per node kind turns "the run arrived at this node" (and,
 * for waiting kinds, "an answer for this node arrived") into a {@link NodeOutcome}. Handlers are pure
 * and never touch the state; the run loop applies their outcome.
 */
import type { NodeConfigByKind, NodeKind } from '@coachflow/model';
import type {
  Effect,
  ExecutionState,
  IgnoreReason,
  ResumeEvent,
  RuleEvaluation,
  StepError,
  StepRecord,
} from './types.js';
import type { RuleData } from './rule-data.js';

/** A workflow node of kind `K` (structurally the matching member of `WorkflowNode`). */
export interface NodeOfKind<K extends NodeKind> {
  /** Unique node id. */
  id: string;
  /** The node kind. */
  kind: K;
  /** Canvas label. */
  name?: string;
  /** Canvas position (ignored by the engine). */
  position?: { x: number; y: number };
  /** The kind's configuration. */
  config: NodeConfigByKind[K];
}

/** What a handler sees. Read-only: handlers return outcomes, they never write. */
export interface HandlerContext {
  /** Run id (part of idempotency keys). */
  readonly runId: string;
  /** The transition's clock. */
  readonly now: Date;
  /** `now` as ISO-8601, computed once per transition. */
  readonly nowIso: string;
  /** The run as it stands when the node is entered or resumed. */
  readonly state: Readonly<ExecutionState>;
  /** `seq` of the step being executed. */
  readonly stepSeq: number;
  /** Data visible to rules and templates. */
  readonly data: RuleData;
}

/** The node finished: take `handle`. */
export interface DoneOutcome {
  kind: 'done';
  /** Outgoing handle to follow. */
  handle: string;
  /** Becomes `steps.<nodeId>`. */
  output: unknown;
  /** What the node worked on (evaluated input, rendered text), for the replay. */
  input?: unknown;
  /** Rule decisions taken by the node (evidence). */
  evaluations?: RuleEvaluation[];
  /** Effects of a synchronous node (notify). */
  effects?: Effect[];
  /** Variables to merge into `vars` (set). */
  vars?: Record<string, unknown>;
  /** End the run here with this outcome instead of following `handle` (end, filtered trigger). */
  finish?: { outcome: string | null };
}

/** The run waits at the node for something outside. */
export interface WaitOutcome {
  kind: 'wait';
  /** Step status while waiting: `waiting` (human, timer), `running` (call out), `retrying` (backoff). */
  status: 'waiting' | 'running' | 'retrying';
  /** What to ask the adapters for. */
  effects: Effect[];
  input?: unknown;
  evaluations?: RuleEvaluation[];
  /** New attempt number (action retries). */
  attempt?: number;
  /** The error that caused a retry. */
  error?: StepError;
}

/** The node failed; the run fails with this error. */
export interface FailOutcome {
  kind: 'fail';
  error: StepError;
  input?: unknown;
  evaluations?: RuleEvaluation[];
}

/** The event was stale or a duplicate: change nothing. */
export interface IgnoreOutcome {
  kind: 'ignore';
  reason: IgnoreReason;
}

/** Result of entering a node. */
export type NodeOutcome = DoneOutcome | WaitOutcome | FailOutcome;

/** Handler of one node kind. */
export interface NodeHandler<K extends NodeKind> {
  /** The run arrived at the node. May throw rule/config errors: the loop turns them into a failed step. */
  enter(node: NodeOfKind<K>, ctx: HandlerContext): NodeOutcome;
  /** Event types this kind waits for; empty for synchronous kinds. Any other event type is a bug. */
  readonly accepts: readonly ResumeEvent['type'][];
  /** An event for the node arrived while the run waits at `step`. */
  resume?(node: NodeOfKind<K>, step: Readonly<StepRecord>, event: ResumeEvent, ctx: HandlerContext): NodeOutcome | IgnoreOutcome;
}

/** One handler per node kind: a missing kind is a compile error. */
export type NodeHandlerRegistry = { [K in NodeKind]: NodeHandler<K> };
