/** Validation codes, issues and options of `validateWorkflow`. */
import type { RuleLimits } from '@coachflow/rules';
import type { JsonSchema } from '../json-schema.types.js';

/** Every code `validateWorkflow` can report. */
export const ValidationCode = {
  InvalidDefinition: 'INVALID_DEFINITION',
  InvalidNode: 'INVALID_NODE',
  DuplicateNodeId: 'DUPLICATE_NODE_ID',
  UnknownNodeKind: 'UNKNOWN_NODE_KIND',
  NoTrigger: 'NO_TRIGGER',
  MultipleTriggers: 'MULTIPLE_TRIGGERS',
  TriggerHasIncoming: 'TRIGGER_HAS_INCOMING',
  InvalidEdge: 'INVALID_EDGE',
  DuplicateEdgeId: 'DUPLICATE_EDGE_ID',
  DanglingEdge: 'DANGLING_EDGE',
  DuplicateEdge: 'DUPLICATE_EDGE',
  UnknownHandle: 'UNKNOWN_HANDLE',
  HandleFanout: 'HANDLE_FANOUT',
  SelfLoop: 'SELF_LOOP',
  Cycle: 'CYCLE',
  UnreachableNode: 'UNREACHABLE_NODE',
  DeadEnd: 'DEAD_END',
  InvalidConfig: 'INVALID_CONFIG',
  UnknownTriggerType: 'UNKNOWN_TRIGGER_TYPE',
  InvalidRule: 'INVALID_RULE',
  UnknownVariable: 'UNKNOWN_VARIABLE',
  DuplicateCaseId: 'DUPLICATE_CASE_ID',
  UnknownConnector: 'UNKNOWN_CONNECTOR',
  UnknownAction: 'UNKNOWN_ACTION',
  LimitExceeded: 'LIMIT_EXCEEDED',
  HighImpactWithoutHuman: 'HIGH_IMPACT_WITHOUT_HUMAN',
} as const;
export type ValidationCode = (typeof ValidationCode)[keyof typeof ValidationCode];

/** `error` blocks publishing; `warning` is shown but allowed. */
export type ValidationSeverity = 'error' | 'warning';

/** One problem found in a definition. */
export interface ValidationIssue {
  code: ValidationCode;
  /** Human-readable, names the node, edge or field. */
  message: string;
  /** Node the issue belongs to (shown on the canvas). */
  nodeId?: string;
  /** Every node concerned when there are several (the nodes of a cycle, in order). */
  nodeIds?: string[];
  /** Edge the issue belongs to. */
  edgeId?: string;
  /** Dotted path inside the node (`config.assignee.type`) or definition (`nodes.3`). */
  path?: string;
  severity: ValidationSeverity;
}

/** One action of a connector, as far as validation needs it. */
export interface ConnectorActionSpec {
  /** JSON Schema of the action input; `required` fields must be mapped by the node. */
  input: JsonSchema;
  /** Output schema (informative). */
  output?: JsonSchema;
  /** Changes someone's employment or pay: a task or approval must precede it on every path. */
  highImpact?: boolean;
}

/** One installed connector. */
export interface ConnectorSpec {
  /** Every action of the connector is high impact. */
  highImpact?: boolean;
  actions: Record<string, ConnectorActionSpec>;
}

/** Installed connectors by id: `{ [connectorId]: { actions: { [actionId]: { input } } } }`. */
export type ConnectorCatalogue = Record<string, ConnectorSpec>;

/** Options of `validateWorkflow`. */
export interface ValidationOptions {
  /** When given, action nodes are checked against it (unknown connector/action, required inputs, high impact). */
  connectors?: ConnectorCatalogue;
  /** Maximum number of nodes (default 500). */
  maxNodes?: number;
  /** Maximum number of edges (default 2000). */
  maxEdges?: number;
  /** Limits passed to `validateRule` of @coachflow/rules. */
  ruleLimits?: Partial<RuleLimits>;
}

/** Default maximum number of nodes. */
export const DEFAULT_MAX_NODES = 500;
/** Default maximum number of edges. */
export const DEFAULT_MAX_EDGES = 2000;

/** Whether a definition with these issues may be published (no error-severity issue). */
export function isPublishable(issues: readonly ValidationIssue[]): boolean {
  return !issues.some((i) => i.severity === 'error');
}
