import type { EngineConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { Database } from '../persistence/orm.js';
import type { JobQueue } from '../queue/job-queue.port.js';
import type { ConnectorRegistry } from '../connectors/connector-registry.js';
import type { DirectoryService } from './directory.service.js';
import type { EventService } from './event.service.js';
import type { Metrics } from './metrics.js';
import type { RunService } from './run.service.js';
import type { Runtime } from './runtime/runtime.js';
import type { TaskService } from './task.service.js';
import type { WorkflowService } from './workflow.service.js';
import type { SignalServices } from '../signals/signal-services.js';
import type { AuthService } from '../auth/auth.service.js';
import type { MeService } from '../auth/me.service.js';
import type { InboxService } from './inbox.service.js';
import type { NotificationService } from '../notifications/notification.service.js';
import type { PluginManager } from '../plugins/plugin-manager.js';
import type { AuditRecorder } from '../plugins/plugin-audit.js';
import type { CredentialService } from '../credentials/credential.service.js';
import type { ExternalApprovalService } from './external-approvals/external-approval.service.js';
import type { ApprovalCallbacks } from './external-approvals/approval-callbacks.js';
import type { GuardrailServices } from '../guardrails/index.js';
import type { BacktestService } from '../backtest/backtest.service.js';

/** Everything the HTTP layer and the CLI reach; built by the composition root (engine.ts). */
export interface Services {
  config: EngineConfig;
  log: Logger;
  db: Database;
  queue: JobQueue;
  runtime: Runtime;
  workflows: WorkflowService;
  events: EventService;
  runs: RunService;
  tasks: TaskService;
  directory: DirectoryService;
  connectors: ConnectorRegistry;
  metrics: Metrics;
  /** HR signals: directory imports, KPIs, goals, coaching records, strategy drift, run explanations. */
  signals: SignalServices;
  // People in the loop (issue 4)
  /** Users, sessions, API tokens, sign-in rate limit. */
  auth: AuthService;
  /** The signed-in user's inbox: tasks, approvals, delegations, escalation, objections. */
  inbox: InboxService;
  notifications: NotificationService;
  /** Employee transparency (/me). */
  me: MeService;
  // Connector plugins (issue 5)
  /** Built-in and installed connector plugins (install, enable, disable, remove). */
  plugins: PluginManager;
  /** Connector credentials, encrypted at rest. */
  credentials: CredentialService;
  /** Audit entries of plugin and credential changes. */
  audit: AuditRecorder;
  /** Approvals routed to Feishu / DingTalk: instance creation and reconciliation. */
  externalApprovals: ExternalApprovalService;
  /** Signed callbacks of the external approval systems. */
  approvalCallbacks: ApprovalCallbacks;
  // Simulation and guardrails (issue 9)
  /** Blast-radius brake (limits, held runs) and the manager load cap's queue. */
  guardrails: GuardrailServices;
  /** Backtests of drafts over history (in-process jobs). */
  backtests: BacktestService;
}
