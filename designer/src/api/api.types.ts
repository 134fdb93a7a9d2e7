/**
 * Request/response shapes of the engine API as the designer uses them.
 * Ids: the engine sends numbers today; the designer treats them as opaque and compares them with
 * `String(id)` (route params are strings).
 * TODO(model): move to `@coachflow/model` `src/dto/*.dto.ts` once the engine publishes its DTOs there.
 */
import type { JsonSchema, RunStatus, StepStatus, TriggerType, WorkflowDefinition } from '@coachflow/model';

/** A row of GET /workflows. */
export interface WorkflowSummary {
  id: string;
  name: string;
  description?: string;
  revision: number;
  publishedVersion: number | null;
  updatedAt: string;
  triggerType: TriggerType | null;
}

/** GET /workflows/:id. */
export interface WorkflowDetail {
  id: string;
  name: string;
  description?: string;
  revision: number;
  definition: WorkflowDefinition;
  publishedVersion: number | null;
  updatedAt: string;
}

export interface CreateWorkflowBody {
  name: string;
  description?: string;
  definition: WorkflowDefinition;
}

export interface UpdateWorkflowBody {
  name?: string;
  description?: string;
  definition: WorkflowDefinition;
  /** The revision the edit started from; a stale one is answered with 409 REVISION_CONFLICT. */
  revision: number;
}

/** A validation issue from the shared validator (same shape client and server side). */
export interface ValidationIssueDto {
  code: string;
  message: string;
  nodeId?: string;
  edgeId?: string;
  severity: 'error' | 'warning';
}

export interface PublishResult {
  version: number;
  publishedAt: string;
  note?: string;
}

export interface VersionSummary {
  version: number;
  note?: string | null;
  publishedAt: string;
}

export interface VersionDetail extends VersionSummary {
  definition: WorkflowDefinition;
}

export interface RunSummary {
  id: string;
  workflowId: string;
  workflowName?: string;
  version: number;
  status: RunStatus;
  employeeId?: string | null;
  startedAt: string;
  finishedAt?: string | null;
  error?: unknown;
}

/** One rule evaluation recorded on a step: the rule, the variables it read and the result. */
export interface RuleEvaluation {
  label?: string;
  rule?: unknown;
  variables?: Record<string, unknown>;
  result?: unknown;
  [key: string]: unknown;
}

export interface RunStep {
  seq: number;
  nodeId: string;
  kind: string;
  status: StepStatus;
  attempt: number;
  input?: unknown;
  output?: unknown;
  error?: unknown;
  /** The outgoing handle the step took. */
  handle?: string | null;
  evaluations?: RuleEvaluation[] | null;
  startedAt?: string | null;
  finishedAt?: string | null;
}

export interface RunDetail {
  id: string;
  workflowId: string;
  workflowName?: string;
  version: number;
  status: RunStatus;
  context: { event?: unknown; trigger?: unknown; employee?: unknown; manager?: unknown; org?: unknown };
  vars?: Record<string, unknown>;
  steps: RunStep[];
  definition: WorkflowDefinition;
  error?: unknown;
  outcome?: string | null;
  startedAt?: string;
  finishedAt?: string | null;
}

export interface RunListQuery {
  workflowId?: string;
  status?: RunStatus | '';
  limit?: number;
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface Task {
  id: string;
  runId: string;
  nodeId: string;
  title: string;
  description?: string | null;
  assigneeId?: string | null;
  status: string;
  dueAt?: string | null;
  priority?: 'low' | 'normal' | 'high' | null;
  form?: string | null;
  evidence?: unknown;
  createdAt: string;
}

export interface IngestEventBody {
  type: TriggerType;
  idempotencyKey: string;
  payload: Record<string, unknown>;
}

export interface IngestEventResult {
  eventId: string;
  duplicate: boolean;
  runIds: string[];
}

/** One action of an installed connector (GET /catalogue/connectors). */
export interface ConnectorActionInfo {
  displayName?: { 'zh-CN': string; en: string };
  input: JsonSchema;
  output?: JsonSchema;
  highImpact?: boolean;
}

/** A credential field a connector declares (never its value). */
export interface CredentialFieldInfo {
  type?: string;
  secret: boolean;
  required: boolean;
  format?: string;
  displayName?: { 'zh-CN': string; en: string };
}

/** One installed connector. */
export interface ConnectorInfo {
  displayName?: { 'zh-CN': string; en: string };
  description?: { 'zh-CN': string; en: string };
  version?: number | string;
  highImpact?: boolean;
  plugin?: { id: string; version: string | null; source: string };
  enabled?: boolean;
  problems?: string[];
  credentials?: Record<string, CredentialFieldInfo>;
  actions: Record<string, ConnectorActionInfo>;
}

/** GET /catalogue/connectors: installed connectors by id, and modules that failed to load. */
export interface ConnectorCatalogueResponse {
  items: Record<string, ConnectorInfo>;
  problems?: Array<{ module?: string; plugin?: string; error: string }>;
}
