/**
 * The composition root: builds the services of one process from the configuration. The same code
 * runs in both modes; only the adapters differ (SQLite or MySQL; in-process queue or Bull).
 */
import type { EngineConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { openDatabase, migrate } from './persistence/orm.js';
import { InProcessJobQueue } from './queue/in-process.queue.js';
import type { JobQueue } from './queue/job-queue.port.js';
import { ConnectorRegistry } from './connectors/connector-registry.js';
import { DirectoryService } from './app/directory.service.js';
import { EventService } from './app/event.service.js';
import { Metrics } from './app/metrics.js';
import { ensureAuditHead } from './audit/audit.js';
import { RunService } from './app/run.service.js';
import { Runtime } from './app/runtime/runtime.js';
import { startRunWithin } from './app/runtime/advance.js';
import { TaskService } from './app/task.service.js';
import { WorkflowService } from './app/workflow.service.js';
import type { Services } from './app/services.js';
import { createSignalServices } from './signals/signal-services.js';
import { AuthService } from './auth/auth.service.js';
import { loadAuthConfig } from './auth/auth-config.js';
import { MeService } from './auth/me.service.js';
import { InboxService } from './app/inbox.service.js';
import { NotificationService } from './notifications/notification.service.js';
import { loadNotifyConfig } from './notifications/notify-config.js';
import { loadSecretKey } from './credentials/secret-key.js';
import { CredentialService } from './credentials/credential.service.js';
import { PluginManager } from './plugins/plugin-manager.js';
import { pluginSettings } from './plugins/plugin-settings.js';
import { auditLogRecorder } from './plugins/plugin-audit.js';
import { ExternalApprovalService } from './app/external-approvals/external-approval.service.js';
import { externalApprovalSettings } from './app/external-approvals/external-approval.settings.js';
import { attachExternalApprovals } from './app/external-approvals/external-approval.job.js';
import { ApprovalCallbacks } from './app/external-approvals/approval-callbacks.js';
import { Brake, createGuardrails } from './guardrails/index.js';
import { BacktestService } from './backtest/backtest.service.js';

export interface EngineOptions {
  /** Apply pending migrations on start (embedded default; production runs `engine migrate`). */
  migrate?: boolean;
  log?: Logger;
}

export async function createServices(config: EngineConfig, options: EngineOptions = {}): Promise<Services> {
  const log = options.log ?? createLogger(config.logLevel, { pid: process.pid });
  const db = await openDatabase(config.db);
  if (options.migrate) {
    const applied = await migrate(db);
    if (applied.length) log.info('migrations applied', { applied });
  }
  // The audit chain's head row must exist before concurrent appends (a missing table — not migrated yet — is fine here).
  await ensureAuditHead(db.knex).catch(() => undefined);
  // Bull and ioredis are loaded only in production mode (start-up time of the embedded default).
  const queue: JobQueue = config.redisUrl ? new (await import('./queue/bull.queue.js')).BullJobQueue(config.redisUrl, config.queuePrefix, log) : new InProcessJobQueue();
  const connectors = new ConnectorRegistry(log);
  for (const spec of config.connectorModules) await connectors.load(spec);
  // Connector plugins (issue 5): credentials decrypted per call, built-in and installed plugins loaded.
  const credentials = new CredentialService(db.knex, loadSecretKey(config.dataDir), log);
  connectors.useCredentials(credentials);
  const audit = auditLogRecorder(db.knex);
  const plugins = new PluginManager({ knex: db.knex, registry: connectors, credentials, log, audit, settings: pluginSettings(config.dataDir) });
  await plugins.start();
  const metrics = new Metrics();
  const directory = new DirectoryService(db.knex);
  const workflows = new WorkflowService(db.knex, () => ({ connectors: connectors.catalogue() }));
  let runtimeRef: Runtime | null = null;
  // Guardrails (issue 9): the blast-radius brake decides start or hold for every run the event service starts.
  const brake = new Brake(db.knex, { onPause: (workflowId, reason) => log.warn('blast-radius brake paused a workflow', { workflowId, reason }) });
  const events = new EventService(db.knex, workflows, directory, metrics, brake.gate((trx, run, definition, context, filter, now) =>
    startRunWithin(trx, (runtimeRef as unknown as Runtime).deps, run, definition, context, filter, now),
  ));
  const runs = new RunService(db.knex, workflows);
  const runtime = new Runtime({ knex: db.knex, driver: db.driver, config, log, queue, workflows, directory, connectors, metrics });
  runtimeRef = runtime;
  const signals = createSignalServices({ knex: db.knex, driver: db.driver, events, directory, log, enqueue: (jobs) => runtime.enqueue(jobs) });
  const tasks = new TaskService(db.knex, events, signals.coaching);
  // People in the loop (issue 4)
  const auth = new AuthService(db.knex, loadAuthConfig());
  const notifications = new NotificationService(db.knex, loadNotifyConfig());
  const inbox = new InboxService(db.knex, tasks, directory, notifications);
  const me = new MeService(db.knex, runs);
  // External approvals (issue 5): started and reconciled by the sweep's background pass, decided by callbacks.
  const externalApprovals = new ExternalApprovalService({ knex: db.knex, registry: connectors, log, events, enqueue: (jobs) => runtime.enqueue(jobs), settings: externalApprovalSettings() });
  attachExternalApprovals(runtime.deps, externalApprovals);
  const approvalCallbacks = new ApprovalCallbacks(db.knex, connectors, externalApprovals, log, (jobs) => runtime.enqueue(jobs));
  // Guardrails and backtests (issue 9)
  const guardrails = createGuardrails({ knex: db.knex, workflows, brake, runtime: () => runtime });
  const backtests = new BacktestService({ knex: db.knex, directory, workflows }, { log, owner: runtime.owner, concurrency: Number(process.env.COACHFLOW_BACKTEST_CONCURRENCY ?? '') || 1 });
  return { config, log, db, queue, runtime, workflows, events, runs, tasks, directory, connectors, metrics, signals, auth, inbox, notifications, me, plugins, credentials, audit, externalApprovals, approvalCallbacks, guardrails, backtests };
}

/** Stops the runtime (draining jobs in flight) and closes the database. */
export async function closeServices(services: Services): Promise<void> {
  await services.runtime.stop();
  await services.db.close();
}
