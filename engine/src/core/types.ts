/**
 * Types of the pure execution core. The core takes a workflow definition, an execution state and
 * an event, and returns the new state plus the effects to perform. It never does I/O: time comes
 * in as `now`, the run id from the caller.
 */
import type {
  AssigneeRef,
  ApprovalConfig,
  FormTemplate,
  NodeKind,
  NotifyConfig,
  Rule,
  RunStatus,
  StepStatus,
  TaskLoadCap,
} from '@coachflow/model';

/** Data fixed when the run starts; visible to rules as `trigger`, `event`, `employee`, `manager`, `org`. */
export interface RunContext {
  event: { id: string; type: string; occurredAt: string };
  /** The event payload. */
  trigger: Record<string, unknown>;
  employee: Record<string, unknown> | null;
  manager: Record<string, unknown> | null;
  org: Record<string, unknown> | null;
}

export interface StepError {
  code: string;
  message: string;
  /** Whether a retry can help. */
  retryable: boolean;
}

/** What a rule evaluation read and returned: the evidence of an automated decision. */
export interface RuleEvaluation {
  rule: Rule;
  /** Each variable path the rule reads, with its value at evaluation time. */
  variables: Record<string, unknown>;
  result: unknown;
}

/** One visit of one node. `seq` is the position in the run's path (0 = trigger). */
export interface StepRecord {
  seq: number;
  nodeId: string;
  kind: NodeKind;
  status: StepStatus;
  /** 1-based attempt number (actions retry). */
  attempt: number;
  input?: unknown;
  output?: unknown;
  error?: StepError;
  /** The outgoing handle taken when the step finished. */
  handle?: string;
  evaluations?: RuleEvaluation[];
  startedAt: string;
  finishedAt?: string;
  /** Set on the step a manual retry created: the `seq` of the failed step it replaces. */
  retryOf?: number;
}

export interface ExecutionState {
  status: RunStatus;
  context: RunContext;
  /** Variables from set nodes (`vars.*`). */
  vars: Record<string, unknown>;
  /** Outputs of finished nodes (`steps.<nodeId>`). */
  outputs: Record<string, unknown>;
  /** The path taken so far. */
  steps: StepRecord[];
  /** Node the run is at (executing or waiting); null once finished. */
  current: string | null;
  /** How many times the run was retried by hand from a failed node (part of idempotency keys). */
  manualRetries: number;
  outcome?: string;
  error?: StepError & { nodeId: string };
  /** Set when the run was cancelled: who, why and when. */
  cancellation?: { at: string; by?: string; reason?: string };
}

/**
 * Inputs to the core. Events addressed to a node may carry the `stepSeq` of the effect they answer
 * (adapters should echo it): an event whose `stepSeq` is not the current step's is stale and ignored,
 * which tells a late answer from before a manual retry apart from an answer to the new step.
 */
export type ExecutionEvent =
  | { type: 'start' }
  | { type: 'actionSucceeded'; nodeId: string; attempt: number; output: unknown; stepSeq?: number }
  | { type: 'actionFailed'; nodeId: string; attempt: number; error: StepError; stepSeq?: number }
  | {
      type: 'taskCompleted';
      nodeId: string;
      stepSeq?: number;
      taskId: string;
      completedBy: string;
      data: Record<string, unknown>;
    }
  | {
      type: 'approvalDecided';
      nodeId: string;
      stepSeq?: number;
      approvalId: string;
      outcome: 'approved' | 'rejected';
      decisions: Array<{ by: string; decision: 'approved' | 'rejected'; comment?: string; at: string; onBehalfOf?: string }>;
    }
  | { type: 'timerFired'; nodeId: string; purpose: 'delay' | 'retry'; stepSeq?: number }
  | { type: 'cancel'; reason?: string; by?: string }
  | { type: 'retry'; by?: string };

/** Work for the adapters. Effects are data. */
export type Effect =
  | {
      type: 'runAction';
      nodeId: string;
      stepSeq: number;
      connector: string;
      action: string;
      input: Record<string, unknown>;
      attempt: number;
      /** Derived from run, node and manual-retry generation; identical across automatic retries. */
      idempotencyKey: string;
      timeoutMs: number;
    }
  | {
      type: 'createTask';
      nodeId: string;
      stepSeq: number;
      title: string;
      description: string;
      assignee: AssigneeRef;
      dueAt: string | null;
      priority: 'low' | 'normal' | 'high';
      form: FormTemplate | null;
      evidence: Evidence;
      /** The node's manager load cap, when it has one (guardrails/load-cap.ts queues tasks over it). */
      loadCap?: TaskLoadCap;
    }
  | {
      type: 'createApproval';
      nodeId: string;
      stepSeq: number;
      title: string;
      description: string;
      approvers: AssigneeRef[];
      mode: ApprovalConfig['mode'];
      quorum: number | null;
      /** Rejections tolerated before the chain ends rejected (ApprovalConfig.maxRejections), when set. */
      maxRejections?: number;
      slaMs: number | null;
      escalateTo: AssigneeRef | null;
      evidence: Evidence;
      /** Set when the approval is routed to an external system (ApprovalConfig.external). */
      external?: ExternalApprovalRequest;
    }
  | { type: 'scheduleTimer'; nodeId: string; stepSeq: number; at: string; purpose: 'delay' | 'retry' }
  | {
      type: 'notify';
      nodeId: string;
      stepSeq: number;
      channel: NotifyConfig['channel'];
      to: AssigneeRef[];
      title: string;
      body: string;
    }
  /** Close whatever the run waits on at `nodeId` (open task, approval, timer) after a cancel. */
  | { type: 'cancelWaits'; nodeId: string }
  /** The run reached a final status. */
  | { type: 'runFinished'; status: 'succeeded' | 'failed' | 'cancelled'; outcome: string | null };

/** An approval to open in an external system: the connector's `createInstance` call, evaluated. */
export interface ExternalApprovalRequest {
  /** `approval-feishu` or `approval-dingtalk`. */
  connector: string;
  /** The evaluated `createInstance` input (the form already placed in the connector's form field). */
  input: Record<string, unknown>;
  /** Derived from run, node and manual-retry generation, like an action's: one instance per step. */
  idempotencyKey: string;
}

/** The evidence attached to tasks and approvals: the event and every rule decision on the path. */
export interface Evidence {
  event: RunContext['event'];
  payload: Record<string, unknown>;
  decisions: Array<{ nodeId: string } & RuleEvaluation>;
}

export interface TransitionContext {
  runId: string;
  now: Date;
  /** Maximum number of steps one run may take (run-length limit). */
  maxSteps: number;
}

/** Events that resume a run waiting at a node (everything but start, cancel and retry). */
export type ResumeEvent = Extract<ExecutionEvent, { nodeId: string }>;

/**
 * Why an event changed nothing (stale or duplicate delivery). An ignored event returns the input
 * state object itself and no effects, so redelivery is idempotent.
 */
export type IgnoreReason =
  /** The run is already succeeded, failed or cancelled (for cancel: succeeded or cancelled). */
  | 'runFinished'
  /** The event names a node the run is not at (any more). */
  | 'notCurrent'
  /** The event answers an earlier step of the node (its `stepSeq` is not the current step's). */
  | 'staleStep'
  /** The event answers an earlier attempt of an action. */
  | 'staleAttempt'
  /** The step is not in the status that expects this event (e.g. a second timer for one retry). */
  | 'unexpectedForStatus'
  /** `start` on a run that already started. */
  | 'alreadyStarted'
  /** `retry` on a run that is not failed. */
  | 'notFailed';

export interface TransitionResult {
  state: ExecutionState;
  effects: Effect[];
  /** Present when the event was a no-op; `state` is then the input state itself. */
  ignored?: IgnoreReason;
}
