/**
 * The runtime of one process: consumes jobs (advance, action), runs the recovery sweep and the
 * retention pruning on a timer (lease-guarded, so once across processes), and enqueues work
 * without ever letting a queue outage fail the caller (the database already holds the work).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Job } from '../../queue/job-queue.port.js';
import { loggableError } from '../../logger.js';
import { advanceRun } from './advance.js';
import { executeActionCall } from './action-executor.js';
import { acquireLease, releaseLeasesOf } from './lease.js';
import { pruneFinishedRuns } from './retention.js';
import { sweepOnce } from './sweeper.js';
import { drainExternalApprovals, kickExternalApprovals } from '../external-approvals/external-approval.job.js';
import { runDriftIfDue } from '../../signals/drift-schedule.js';
import type { RuntimeDeps } from './runtime-deps.js';
import { peopleTick } from '../../notifications/people-schedule.js';
import { loadCapTick } from '../../guardrails/load-cap.tick.js';

const ENQUEUE_TIMEOUT_MS = 2000;
const RETENTION_EVERY_MS = 3_600_000;

export class Runtime {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  #sweepTimer: NodeJS.Timeout | null = null;
  #sweeping: Promise<void> | null = null;
  #lastRetention = 0;
  #consuming = false;

  constructor(readonly deps: RuntimeDeps) {}

  /** Enqueues jobs; a queue outage is logged, not thrown: the sweep re-enqueues from the database. */
  async enqueue(jobs: Job[]): Promise<void> {
    if (jobs.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.deps.queue.enqueue(jobs),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('enqueue timed out')), ENQUEUE_TIMEOUT_MS);
        }),
      ]);
    } catch (e) {
      this.deps.log.warn('enqueue failed; the recovery sweep will pick the work up', { jobs: jobs.length, err: (e as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Handles one job; follow-up jobs are enqueued. Errors propagate (the job fails; the sweep retries). */
  async handle(job: Job): Promise<void> {
    const started = Date.now();
    const next = job.name === 'advance' ? await advanceRun(this.deps, job.ref) : await this.#actionThenAdvance(job.ref);
    const ms = Date.now() - started;
    if (ms > 2000) this.deps.log.warn('slow job', { job: job.id, ms });
    else this.deps.log.debug('job done', { job: job.id, ms });
    await this.enqueue(next);
  }

  /**
   * An action job, then the advance of its run in the same worker: the result is committed as a run
   * input first, so advancing right here instead of through a queued `advance` job is the same
   * work minus a queue round trip (advanceRun locks the run row on MySQL and folds every
   * unprocessed input, so a concurrent advance of the same run is harmless). If the inline advance
   * fails, the advance job is enqueued as before; if the process dies in between, the sweep finds
   * the unprocessed input.
   */
  async #actionThenAdvance(callId: number): Promise<Job[]> {
    const out: Job[] = [];
    for (const j of await executeActionCall(this.deps, callId)) {
      if (j.name !== 'advance') {
        out.push(j);
        continue;
      }
      try {
        out.push(...(await advanceRun(this.deps, j.ref)));
      } catch (e) {
        this.deps.log.warn('inline advance failed; queued instead', { run: j.ref, err: (e as Error).message });
        out.push(j);
      }
    }
    return out;
  }

  /** Starts consuming jobs and sweeping. */
  startWorker(): void {
    if (this.#consuming) return;
    this.#consuming = true;
    this.deps.queue.consume(async (job) => {
      try {
        await this.handle(job);
      } catch (e) {
        this.deps.log.error('job failed', { job: job.id, err: loggableError(e) });
        throw e;
      }
    }, this.deps.config.workerConcurrency);
    this.startSweeper();
  }

  startSweeper(): void {
    if (this.#sweepTimer) return;
    const tick = (): void => {
      this.#sweeping = this.sweep()
        .catch((e) => this.deps.log.warn('sweep failed', { err: (e as Error).message }))
        .finally(() => {
          this.#sweeping = null;
        });
    };
    this.#sweepTimer = setInterval(() => {
      if (!this.#sweeping) tick();
    }, this.deps.config.sweepIntervalMs);
    this.#sweepTimer.unref();
    tick();
  }

  async sweep(now = Date.now()): Promise<void> {
    // External approvals: start instances, reconcile missed callbacks (background, lease-guarded).
    kickExternalApprovals(this.deps, this.owner, now);
    const result = await sweepOnce(this.deps, this.owner, now);
    const ms = Date.now() - now;
    if (ms > 2000) this.deps.log.warn('slow sweep', { ms });
    if (result) {
      const { report, jobs } = result;
      if (jobs.length) this.deps.log.info('sweep resumed work', { ...report });
      await this.enqueue(jobs);
      await this.enqueue(await runDriftIfDue(this.deps, now));
    }
    // People in the loop: notices, reminders, escalations, SLA, mail/IM delivery, digest (lease-guarded).
    await peopleTick(this.deps, this.owner, now);
    await loadCapTick(this.deps, this.owner, now);
    if (now - this.#lastRetention > RETENTION_EVERY_MS) {
      this.#lastRetention = now;
      if (await acquireLease(this.deps.knex, 'retention', this.owner, RETENTION_EVERY_MS, now)) {
        const pruned = await pruneFinishedRuns(this.deps.knex, this.deps.config.retentionDays, now);
        if (pruned.runs || pruned.events) this.deps.log.info('retention pruned history', { ...pruned });
      }
    }
  }

  /** Stops sweeping and drains the jobs in flight. */
  async stop(): Promise<void> {
    if (this.#sweepTimer) clearInterval(this.#sweepTimer);
    this.#sweepTimer = null;
    await this.#sweeping;
    await drainExternalApprovals(this.deps);
    // Without this a restarted process waits for the old leases to expire (external approvals: a minute).
    await releaseLeasesOf(this.deps.knex, this.owner).catch((e: unknown) => this.deps.log.warn('could not release the leases at shutdown; they expire by themselves', { err: (e as Error).message }));
    await this.deps.queue.close();
  }
}
