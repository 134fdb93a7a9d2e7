import type { Knex } from '@mikro-orm/mysql';
import type { EngineConfig } from '../../config.js';
import type { Logger } from '../../logger.js';
import type { JobQueue } from '../../queue/job-queue.port.js';
import type { ConnectorRegistry } from '../../connectors/connector-registry.js';
import type { DirectoryService } from '../directory.service.js';
import type { Metrics } from '../metrics.js';
import type { WorkflowService } from '../workflow.service.js';

/** What the runtime jobs need; built once per process by the composition root. */
export interface RuntimeDeps {
  knex: Knex;
  driver: 'sqlite' | 'mysql';
  config: EngineConfig;
  log: Logger;
  queue: JobQueue;
  workflows: WorkflowService;
  directory: DirectoryService;
  connectors: ConnectorRegistry;
  metrics: Metrics;
}
