/**
 * Guardrails (issue 9), reached as `services.guardrails`: the blast-radius brake (built before the
 * event service, which starts runs through `brake.gate`), what the HR admin does with held runs,
 * and the manager load cap's queue. Backtests are `services.backtests` (../backtest).
 */
import type { Knex } from '@mikro-orm/mysql';
import type { RuntimeDeps } from '../app/runtime/runtime-deps.js';
import type { WorkflowService } from '../app/workflow.service.js';
import type { Job } from '../queue/job-queue.port.js';
import type { Brake } from './brake.js';
import { HoldsService } from './holds.service.js';
import { listQueuedTasks, releaseQueuedTasks, type QueuedTaskView, type ReleaseReport } from './load-cap.store.js';
import { agingPerDay } from './load-cap.tick.js';

export { Brake } from './brake.js';
export { admitCappedTask } from './load-cap.store.js';
export { loadCapTick } from './load-cap.tick.js';

export interface GuardrailServices {
  brake: Brake;
  holds: HoldsService;
  /** Queued tasks (load cap), in release order per node and assignee. */
  queuedTasks(filter: { assigneeId?: string; workflowId?: number; limit?: number }, now?: number): Promise<QueuedTaskView[]>;
  /** Releases what fits now (the periodic tick does this too). */
  releaseQueued(now?: number): Promise<ReleaseReport>;
}

export function createGuardrails(input: {
  knex: Knex;
  workflows: WorkflowService;
  brake: Brake;
  runtime: () => { deps: RuntimeDeps; enqueue(jobs: Job[]): Promise<void> };
  env?: NodeJS.ProcessEnv;
}): GuardrailServices {
  const env = input.env ?? process.env;
  return {
    brake: input.brake,
    holds: new HoldsService(input.knex, input.workflows, input.brake, input.runtime, env),
    queuedTasks: (filter, now = Date.now()) => listQueuedTasks(input.knex, filter, now, agingPerDay(env)),
    releaseQueued: (now = Date.now()) => releaseQueuedTasks(input.knex, now, { agingPerDay: agingPerDay(env) }),
  };
}
