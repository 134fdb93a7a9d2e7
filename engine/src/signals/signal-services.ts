/**
 * The HR-signal services of one process, built by the composition root (engine.ts) and reached as
 * `services.signals`: directory imports, KPI definitions and readings, goals, coaching records and
 * PIPs, strategy drift, run explanations.
 */
import type { Knex } from '@mikro-orm/mysql';
import type { DirectoryService } from '../app/directory.service.js';
import type { EventService } from '../app/event.service.js';
import type { Logger } from '../logger.js';
import type { Job } from '../queue/job-queue.port.js';
import { CoachingService } from './coaching.service.js';
import { DirectoryImportService } from './directory-import.service.js';
import { GoalService } from './goal.service.js';
import { KpiDefinitionService } from './kpi-definition.service.js';
import { KpiReadingImportService } from './kpi-reading-import.service.js';
import { RunExplanationService } from './run-explanation.service.js';
import { driftSettings, StrategyDriftService } from './strategy-drift.service.js';
import type { SignalDeps } from './signal-deps.js';

export interface SignalServices {
  directoryImports: DirectoryImportService;
  kpis: KpiDefinitionService;
  readings: KpiReadingImportService;
  goals: GoalService;
  coaching: CoachingService;
  drift: StrategyDriftService;
  explanations: RunExplanationService;
}

export interface SignalServicesInput {
  knex: Knex;
  driver: 'sqlite' | 'mysql';
  events: EventService;
  directory: DirectoryService;
  log: Logger;
  /** Enqueues jobs after a commit (the runtime's enqueue). */
  enqueue: (jobs: Job[]) => Promise<void>;
  env?: NodeJS.ProcessEnv;
}

export function createSignalServices(input: SignalServicesInput): SignalServices {
  const env = input.env ?? process.env;
  const deps: SignalDeps = { knex: input.knex, driver: input.driver, events: input.events, directory: input.directory, log: input.log };
  const share = Number(env.COACHFLOW_DIRECTORY_MAX_CHANGE_SHARE ?? '');
  const goals = new GoalService(deps);
  const coaching = new CoachingService(deps, input.enqueue);
  return {
    directoryImports: new DirectoryImportService(deps, Number.isFinite(share) && share > 0 && share <= 1 ? share : 0.1),
    kpis: new KpiDefinitionService(deps),
    readings: new KpiReadingImportService(deps, input.enqueue),
    goals,
    coaching,
    drift: new StrategyDriftService(deps, goals, coaching, input.enqueue, driftSettings(env)),
    explanations: new RunExplanationService(input.knex),
  };
}
