/**
 * Shapes of the people-in-the-loop API (sign-in, notifications, inbox, approvals, /me, audit,
 * administration, strategy drift) as the engine sends them (engine/src/http/routes/*.routes.ts and
 * the services behind them). Ids are numbers in JSON; the designer compares them with `String(id)`.
 */
import type { Role } from '@coachflow/model';
import type { RunStep } from './api.types';

export type Id = number | string;
export type AppLocaleCode = 'zh-CN' | 'en';

// ---- auth -------------------------------------------------------------------------------------

/** A user as the engine shows it (never the password hash). */
export interface UserView {
  id: Id;
  email: string;
  name: string;
  employeeId: string | null;
  roles: Role[];
  locale: AppLocaleCode;
  status: 'active' | 'disabled';
  createdAt?: string | null;
  lastSignInAt?: string | null;
}

/** POST /auth/sign-in. */
export interface SignInResult {
  token: string;
  expiresAt: string;
  user: UserView;
}

/** GET /auth/me for a signed-in person. */
export interface MeUser extends UserView {
  kind: 'user';
  employee: { id: string; name: string; managerId: string | null; teamId: string | null; departmentId: string | null } | null;
}

/** GET /auth/me for an API token (the designer is not used with tokens, but the shape exists). */
export interface MeToken {
  kind: 'token';
  id: Id;
  name: string;
  roles: Role[];
  groups: string[] | null;
}

export type Me = MeUser | MeToken;

// ---- notifications ----------------------------------------------------------------------------

export type NotificationKind =
  | 'task.assigned'
  | 'task.reminder'
  | 'task.escalated'
  | 'task.reassigned'
  | 'approval.requested'
  | 'approval.escalated'
  | 'objection.filed'
  | 'objection.answered'
  | 'digest';

export interface NotificationView {
  id: Id;
  kind: NotificationKind | string | null;
  channel: string;
  recipientId: string | null;
  title: string;
  body: string;
  status: string;
  runId: Id | null;
  payload: unknown;
  createdAt: string | null;
  readAt: string | null;
}

export interface CursorPage<T> {
  items: T[];
  nextCursor?: string | null;
}

// ---- inbox, tasks, approvals ------------------------------------------------------------------

export interface HistoryEntry {
  at: string;
  type: string;
  actorId: string | null;
  onBehalfOf: string | null;
  fromId: string | null;
  toId: string | null;
  detail: unknown;
}

export interface InboxTask {
  id: Id;
  runId: Id;
  workflowId?: Id;
  nodeId: string;
  kind?: string;
  employeeId: string | null;
  title: string;
  description?: string | null;
  assigneeId: string | null;
  status: string;
  priority?: 'low' | 'normal' | 'high' | string | null;
  form?: string | null;
  evidence?: unknown;
  result?: unknown;
  completedBy?: string | null;
  dueAt?: string | null;
  createdAt: string;
  completedAt?: string | null;
  claimedBy?: string | null;
  claimedAt?: string | null;
  onBehalfOf?: string | null;
  escalatedTo?: string | null;
  escalationLevel?: number;
  history?: HistoryEntry[];
}

export interface ApprovalDecision {
  by: string;
  decision: 'approved' | 'rejected';
  comment?: string;
  at: string;
  actedBy?: string;
}

export interface Approval {
  id: Id;
  runId: Id;
  workflowId?: Id;
  nodeId: string;
  employeeId: string | null;
  title: string;
  description?: string | null;
  mode: string;
  quorum: number | null;
  approvers: string[];
  decisions: ApprovalDecision[];
  status: 'pending' | 'approved' | 'rejected' | 'cancelled' | string;
  evidence?: unknown;
  createdAt: string;
  decidedAt?: string | null;
  slaMs?: number | null;
  escalatedTo?: string | null;
  waitingFor?: string[];
  comments?: Array<{ by: string; text: string; at: string }>;
  history?: HistoryEntry[];
}

export type InboxFilter = 'open' | 'dueSoon' | 'overdue' | 'all';

/** GET /inbox. */
export interface InboxAnswer {
  tasks: InboxTask[];
  approvals: Approval[];
  counts: { open: number; dueSoon: number; overdue: number; approvals: number };
}

export interface Delegation {
  id: Id;
  delegatorId: string;
  delegateId: string;
  startsAt: string | null;
  endsAt: string | null;
  reason: string | null;
  createdBy?: string | null;
  revokedAt: string | null;
}

export interface EmployeeView {
  id: string;
  name: string;
  managerId?: string | null;
  jobFamily?: string | null;
  teamId?: string | null;
  status?: string;
}

// ---- /me --------------------------------------------------------------------------------------

export interface MeLinks {
  run: string;
  explanation: string;
}

export interface MeRun {
  id: Id;
  workflowId: Id;
  workflowName?: string;
  version: number;
  status: string;
  startedAt: string;
  finishedAt?: string | null;
  links?: MeLinks;
}

export interface Objection {
  id: Id;
  employeeId: string;
  kind: 'objection' | 'comment' | string;
  subjectType: 'run' | 'task' | 'approval' | 'general' | string;
  subjectId: string | null;
  text: string;
  status: string;
  hrbpId: string | null;
  taskId: Id | null;
  response: string | null;
  respondedBy: string | null;
  createdAt: string | null;
  resolvedAt: string | null;
}

export interface FileObjectionBody {
  kind: 'objection' | 'comment';
  subjectType: 'run' | 'task' | 'approval' | 'general';
  subjectId?: string;
  text: string;
}

/** GET /runs/:id/explanation: why a run happened. */
export interface RunExplanation {
  run: { id: Id; status: string; startedAt: string; employeeId: string | null };
  workflow: { id: Id; name: string | null; version: number; publishedAt: string | null };
  event: { id: Id; type: string; occurredAt: string; payload: Record<string, unknown> };
  source: Record<string, unknown> & { kind: string };
  triggerFilter: { rule?: unknown; variables?: Record<string, unknown>; result?: unknown } | null;
  rules: Array<{ nodeId: string; kind: string; rule?: unknown; variables?: Record<string, unknown>; result?: unknown }>;
  path: Array<{ nodeId: string; kind: string; status: string; handle: string | null }>;
  summary: { 'zh-CN': string; en: string };
}

// ---- audit ------------------------------------------------------------------------------------

export interface AuditRecord {
  id: Id;
  seq: number;
  at: string;
  actor: { type: string; id: string | null; name: string | null; onBehalfOf: string | null; ip: string | null };
  action: string;
  target: { type: string; id: string } | null;
  before: unknown;
  after: unknown;
  details: unknown;
  prevHash: string;
  hash: string;
}

export interface AuditQuery {
  action?: string;
  actionPrefix?: string;
  actorType?: '' | 'user' | 'token' | 'run' | 'system';
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string | null;
}

export interface ChainVerification {
  ok: boolean;
  entries: number;
  headSeq: number;
  broken: { seq: number; id: Id | null; reason: 'hash_mismatch' | 'link_broken' | 'sequence_gap' | 'head_mismatch' } | null;
}

// ---- administration -----------------------------------------------------------------------------

export interface PluginInfo {
  id: string;
  connectorId: string | null;
  version: string;
  sourceKind: string;
  source: string;
  enabled: boolean;
  active: boolean;
  problems: string[];
  installedAt: string | null;
  supersededBy?: string;
}

export interface InstallResult {
  plugin: PluginInfo;
  replaced: string | null;
  restartRequired: boolean;
  note?: string;
}

/** GET /connectors/:id/credentials: which fields are set; values of non-secret fields only. */
export interface CredentialsView {
  connectorId: string;
  revision: number;
  updatedAt: string | null;
  updatedBy: string | null;
  fields: Record<string, { set: boolean; secret: boolean; required: boolean; value?: string }>;
}

export interface ApiTokenView {
  id: Id;
  name: string;
  prefix: string;
  roles: Role[];
  groups: string[] | null;
  createdAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface CreateTokenBody {
  name: string;
  roles: Role[];
  groups?: string[];
  expiresInDays?: number;
}

/** GET /readyz. */
export interface Readiness {
  status: 'ready' | 'not ready';
  database: boolean;
  queue: { kind: string; reachable: boolean };
}

// ---- strategy ---------------------------------------------------------------------------------

export interface DriftMeasures {
  unownedKeyResults: number;
  goalsAtRiskShare: number;
  linkedGoals: number;
  obstacleThemes: Array<{ theme: string; count: number }>;
}

export interface DriftAnalysis {
  id: Id;
  objectiveId: string;
  period: string;
  drifting: boolean;
  reasons: string[];
  measures: DriftMeasures;
  trend: Array<{ period: string; goalsAtRiskShare: number }>;
  threshold: number;
  source: string;
  createdAt: string;
}

export interface ObjectiveView {
  id: string;
  title: string;
  titleEn?: string | null;
  ownerIds: string[];
  region?: string | null;
  keyResults?: Array<{ id: string; title: string; ownerId?: string | null }>;
  latestAnalysis: DriftAnalysis | null;
}

export interface GoalView {
  id: string;
  kind: 'goal' | 'key_result';
  level: string | null;
  title: string;
  linkedObjectiveId: string | null;
  ownerId: string | null;
  teamId: string | null;
  departmentId: string | null;
  target: number;
  unit: string;
  startPeriod: string;
  deadline: string;
  status: string;
  history: Array<{ period: string; progress: number }>;
}

export interface TeamView {
  id: string;
  name?: string;
  departmentId?: string | null;
}

// ---- test runs --------------------------------------------------------------------------------

export interface TestRunBody {
  definition: unknown;
  payload: Record<string, unknown>;
  approvalOutcome?: 'approved' | 'rejected';
  taskData?: Record<string, unknown>;
  failActions?: boolean;
}

export interface TestRunResult {
  status: string;
  outcome: string | null;
  path: string[];
  steps: RunStep[];
  simulated: Array<{ type: string; nodeId?: string; detail: Record<string, unknown> }>;
  payloadProblems: Array<{ path: string; message: string }>;
  error: { code?: string; message?: string; nodeId?: string } | null;
}
