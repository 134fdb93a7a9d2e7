/**
 * The scheduled strategy-drift analysis, for the runtime's sweep: call
 * `await this.enqueue(await runDriftIfDue(this.deps, now))` on every sweep tick. It does the work
 * at most once per COACHFLOW_DRIFT_EVERY_MS (default 24 h) across every process sharing the
 * database (a due gate named `strategy-drift` on the lease table), and never throws into the sweep.
 */
import { EventService } from '../app/event.service.js';
import type { RuntimeDeps } from '../app/runtime/runtime-deps.js';
import { startRunWithin } from '../app/runtime/advance.js';
import type { Job } from '../queue/job-queue.port.js';
import { createSignalServices, type SignalServices } from './signal-services.js';

const perDeps = new WeakMap<RuntimeDeps, SignalServices>();
/** When this process next asks the database whether the analysis is due (sweeps tick every second). */
const nextCheck = new WeakMap<RuntimeDeps, number>();
const CHECK_EVERY_MS = 30_000;

export async function runDriftIfDue(deps: RuntimeDeps, now = Date.now()): Promise<Job[]> {
  let signals = perDeps.get(deps);
  if (!signals) {
    const events = new EventService(deps.knex, deps.workflows, deps.directory, deps.metrics, (trx, run, definition, context, filter, at) =>
      startRunWithin(trx, deps, run, definition, context, filter, at),
    );
    // Jobs are returned to the sweep, which enqueues them; nothing here enqueues by itself.
    signals = createSignalServices({ knex: deps.knex, driver: deps.driver, events, directory: deps.directory, log: deps.log, enqueue: async () => undefined });
    perDeps.set(deps, signals);
  }
  if (now < (nextCheck.get(deps) ?? 0)) return [];
  nextCheck.set(deps, now + Math.min(CHECK_EVERY_MS, signals.drift.settings.everyMs));
  try {
    return await signals.drift.runIfDue(now);
  } catch (e) {
    deps.log.warn('strategy drift analysis failed; it runs again at the next interval', { err: (e as Error).message });
    return [];
  }
}
