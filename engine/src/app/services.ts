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
}
