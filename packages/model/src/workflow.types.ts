/**
 * The workflow definition format (JSON). A workflow is a directed graph of nodes and edges;
 * published versions are immutable snapshots of a definition.
 */
import type { NodeKind } from './node-kinds.js';
import type { TriggerType } from './triggers.js';

/** A JSON-logic rule (json-logic-js semantics plus the operators of @coachflow/rules). */
export type Rule = unknown;

/** Localised text: zh-CN is the default locale, en the second. */
export interface LocalizedText {
  'zh-CN': string;
  en: string;
}

/** Roles of the product (DESIGN.md "Who uses it"). */
export const Role = {
  HrAdmin: 'hr_admin',
  ItAdmin: 'it_admin',
  Manager: 'manager',
  Executive: 'executive',
  Employee: 'employee',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** Who receives a task, an approval step or a notification, resolved from the directory at run time. */
export type AssigneeRef =
  | { type: 'directManager' }
  | { type: 'skipLevel' }
  | { type: 'hrbp' }
  | { type: 'employee' }
  | { type: 'role'; role: Role }
  | { type: 'person'; employeeId: string }
  /** Executives owning the strategic objective named in the trigger payload. */
  | { type: 'objectiveOwners' };

/** Coaching form templates from the field (GROW, 5R, BEST, three-question quick review). */
export const FormTemplate = { Grow: 'GROW', FiveR: '5R', Best: 'BEST', QuickReview: 'QUICK_REVIEW' } as const;
export type FormTemplate = (typeof FormTemplate)[keyof typeof FormTemplate];

/** Retry policy of an action node. */
export interface RetryPolicy {
  /** Total attempts including the first one (1 = no retry). */
  maxAttempts: number;
  /** Delay before the 2nd attempt, in milliseconds. */
  backoffMs: number;
  /** Multiplier applied to the delay after each further failure. */
  backoffFactor?: number;
}

export interface TriggerConfig {
  /** Which event type starts the workflow. */
  event: TriggerType;
  /** Optional rule on the event; a run starts only when it is truthy. */
  filter?: Rule;
}
export interface ConditionConfig {
  rule: Rule;
}
export interface SwitchCase {
  /** Stable id; also the outgoing handle id. */
  id: string;
  label?: string;
  rule: Rule;
}
export interface SwitchConfig {
  /** Evaluated in order; the first truthy case wins, otherwise the `default` handle. */
  cases: SwitchCase[];
}
export interface SetAssignment {
  /** Variable name, readable later as `vars.<name>`. */
  name: string;
  rule: Rule;
}
export interface SetConfig {
  assignments: SetAssignment[];
}
export interface TaskConfig {
  /** `{{path}}` template. */
  title: string;
  description?: string;
  assignee: AssigneeRef;
  /** Due date relative to creation, ISO-8601 duration such as `P7D` or `PT4H`. */
  dueIn?: string;
  priority?: 'low' | 'normal' | 'high';
  form?: FormTemplate;
  /**
   * Manager load cap (guardrails): at most `perWeek` tasks of this node per assignee per ISO week
   * (UTC), and optionally at most `maxOpen` of them open at once. Tasks over the cap are created
   * `queued` (not in the inbox) and released by priority (severity of the signal, time waiting) as
   * capacity frees: the next week, or when one of the assignee's tasks is completed.
   */
  loadCap?: TaskLoadCap;
}
/** Manager load cap of a task node (see TaskConfig.loadCap). */
export interface TaskLoadCap {
  perWeek: number;
  maxOpen?: number;
}
export interface ApprovalConfig {
  title: string;
  description?: string;
  approvers: AssigneeRef[];
  /** sequential: one after another; all: parallel all-of; any: first decision wins; quorum: N-of-M. */
  mode: 'sequential' | 'all' | 'any' | 'quorum';
  quorum?: number;
  /**
   * How many rejections the chain tolerates before it ends rejected (integer ≥ 0). Without it,
   * sequential, all-of and any-of chains end at the first rejection and a quorum chain ends once
   * the quorum can no longer be reached. A tolerated rejection is recorded (comment, history,
   * audit) and the chain goes on: a sequential chain asks the next approver, the others wait for
   * the remaining decisions. Outcome: rejected as soon as the rejections exceed `maxRejections`
   * or approval can no longer be reached; approved when every approver has decided (sequential,
   * all-of), at the first approval (any-of), or at `quorum` approvals (quorum). A chain is never
   * approved without at least one approval. Not for external approvals (they decide there).
   */
  maxRejections?: number;
  /** SLA per approval step, ISO-8601 duration. */
  sla?: string;
  escalateTo?: AssigneeRef;
  /**
   * Route the approval to an external approval system instead of the built-in inbox. The engine
   * starts an instance through the connector's `createInstance` action (input mapped by rules) and
   * the run waits for the external decision (callback, or polling when a callback is missed).
   * `approvers` then only name who is expected to decide there; they cannot decide in Coachflow.
   */
  external?: ExternalApprovalConfig;
}
/** Connectors that can carry an approval (each has `createInstance` and `getInstance`). */
export const EXTERNAL_APPROVAL_CONNECTORS = ['approval-feishu', 'approval-dingtalk'] as const;
export type ExternalApprovalConnector = (typeof EXTERNAL_APPROVAL_CONNECTORS)[number];
/** The `createInstance` input field that carries the approval form, per connector. */
export const EXTERNAL_APPROVAL_FORM_FIELD: Readonly<Record<ExternalApprovalConnector, string>> = {
  'approval-feishu': 'form',
  'approval-dingtalk': 'formComponentValues',
};
export interface ExternalApprovalConfig {
  connector: ExternalApprovalConnector;
  /** Input of the connector's `createInstance` action, each field computed by a JSON-logic rule. */
  input: Record<string, Rule>;
  /**
   * The approval form, one entry per control: Feishu widget id or DingTalk component label → a rule
   * for its value, or `{ type, value: rule }` to name the control type (Feishu `textarea`, `date`,
   * `number`…; a bare string value is sent as `input`). Sent as the connector's form field
   * (`form` / `formComponentValues`, see EXTERNAL_APPROVAL_FORM_FIELD).
   */
  form?: Record<string, Rule | TypedFormValue>;
}
/** A form control value with its control type (an object of exactly `type` and `value`, so never a JSON-logic operator). */
export interface TypedFormValue {
  type: string;
  value: Rule;
}
/** Whether a form entry is `{ type, value }` rather than a rule. */
export function isTypedFormValue(entry: unknown): entry is TypedFormValue {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return false;
  const keys = Object.keys(entry);
  return keys.length === 2 && keys.includes('type') && keys.includes('value') && typeof (entry as { type: unknown }).type === 'string';
}
export interface ActionConfig {
  /** Connector id, e.g. `lms-moodle`. */
  connector: string;
  /** Action id inside the connector, e.g. `enrolUser`. */
  action: string;
  /** Input fields, each computed by a JSON-logic rule (a literal is a valid rule). */
  input: Record<string, Rule>;
  retry?: RetryPolicy;
  /** Abort the call after this many milliseconds (default 30 s). */
  timeoutMs?: number;
}
export interface NotifyConfig {
  channel: 'inapp' | 'mail' | 'im';
  to: AssigneeRef[];
  title: string;
  body: string;
}
export interface DelayConfig {
  /** Wait this long (ISO-8601 duration, e.g. `PT2S`, `P2D`); or */
  duration?: string;
  /** wait until the date this rule returns (ISO string or epoch ms). */
  until?: Rule;
}
export interface EndConfig {
  outcome?: string;
}

/** Config type per node kind. */
export interface NodeConfigByKind {
  trigger: TriggerConfig;
  condition: ConditionConfig;
  switch: SwitchConfig;
  set: SetConfig;
  task: TaskConfig;
  approval: ApprovalConfig;
  action: ActionConfig;
  notify: NotifyConfig;
  delay: DelayConfig;
  end: EndConfig;
}

/** A node of the graph. */
export type WorkflowNode = {
  [K in NodeKind]: {
    /** Unique inside the workflow; letters, digits, `_` and `-`. */
    id: string;
    kind: K;
    /** Label on the canvas. */
    name?: string;
    /** Canvas position (designer only; ignored by the engine). */
    position?: { x: number; y: number };
    config: NodeConfigByKind[K];
  };
}[NodeKind];

/** A node whose kind is not yet known to be valid (input to the validator). */
export interface LooseNode {
  id: string;
  kind: string;
  name?: string;
  position?: { x: number; y: number };
  config?: unknown;
}

/** An edge from a source node's handle to a target node. */
export interface WorkflowEdge {
  id: string;
  source: string;
  /** Outgoing handle of the source; omitted means `out`. */
  sourceHandle?: string;
  target: string;
}

/** The JSON saved for a workflow. */
export interface WorkflowDefinition {
  nodes: WorkflowNode[];
  edges: WorkflowEdge[];
}

/** What the validator accepts: anything shaped roughly like a definition. */
export interface LooseDefinition {
  nodes: LooseNode[];
  edges: WorkflowEdge[];
}

/** An immutable published version. */
export interface WorkflowVersion {
  id: string;
  workflowId: string;
  version: number;
  definition: WorkflowDefinition;
  note?: string;
  publishedAt: string;
  publishedBy?: string;
}

/** The default outgoing handle of nodes with a single exit. */
export const DEFAULT_HANDLE = 'out';
