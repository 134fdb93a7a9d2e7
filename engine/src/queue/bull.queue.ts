/**
 * The production queue driver: Bull on Redis. Several `engine worker` processes consume the same
 * queue. Jobs carry deterministic ids (Bull drops an add whose id is still present) and are removed
 * when done, so the same id can be enqueued again later by the recovery sweep.
 *
 * After Redis loses its data (restart without persistence), Bull's processing loops can die on
 * "Missing key/lock" errors of the jobs that were in flight, leaving a worker that no longer takes
 * jobs. A watchdog notices waiting jobs that nobody takes and restarts the consumer.
 */
import Bull from 'bull';
import type { Job, JobHandler, JobQueue, QueueDepth } from './job-queue.port.js';
import type { Logger } from '../logger.js';

const QUEUE_NAME = 'jobs';
const WATCHDOG_EVERY_MS = 3000;
const STUCK_AFTER_MS = 6000;
const ENQUEUE_TIMEOUT_MS = 2000;
const REPLACE_AFTER_TIMEOUTS = 3;

export class BullJobQueue implements JobQueue {
  readonly kind = 'bull' as const;
  #queue: Bull.Queue<Job>;
  #log: Logger;
  #redisUrl: string;
  #prefix: string;
  #handler: JobHandler | null = null;
  #concurrency = 1;
  #inFlight = 0;
  #lastActivity = Date.now();
  #watchdog: NodeJS.Timeout | null = null;
  #resetting = false;
  #checking = false;
  #enqueueTimeouts = 0;

  constructor(redisUrl: string, prefix: string, log: Logger) {
    this.#log = log;
    this.#redisUrl = redisUrl;
    this.#prefix = prefix;
    this.#queue = this.#create();
  }

  #create(): Bull.Queue<Job> {
    const queue = new Bull<Job>(QUEUE_NAME, this.#redisUrl, {
      prefix: this.#prefix,
      settings: { lockDuration: 15000, stalledInterval: 5000, maxStalledCount: 2 },
      defaultJobOptions: { removeOnComplete: true, removeOnFail: true, attempts: 1 },
    });
    queue.on('error', (err) => this.#log.warn('queue error', { err: err.message }));
    return queue;
  }

  /**
   * Adds jobs. An add that does not answer within ENQUEUE_TIMEOUT_MS fails (the caller relies on the
   * recovery sweep); after a few such timeouts in a row the Redis clients are replaced: after a
   * Redis restart that lost its data, a Bull instance can stay wedged while Redis answers again.
   */
  async enqueue(jobs: Job[]): Promise<void> {
    if (jobs.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.#queue.addBulk(jobs.map((job) => ({ data: job, opts: { jobId: job.id } }))),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('enqueue timed out')), ENQUEUE_TIMEOUT_MS);
        }),
      ]);
      this.#enqueueTimeouts = 0;
    } catch (e) {
      if (++this.#enqueueTimeouts >= REPLACE_AFTER_TIMEOUTS) {
        this.#enqueueTimeouts = 0;
        this.#replace('adding jobs kept timing out');
      }
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Replaces the Bull instance (and its Redis clients); the consumer, if any, moves to the new one. */
  #replace(reason: string): void {
    if (this.#resetting) return;
    this.#resetting = true;
    this.#log.warn('replacing the queue connection', { reason });
    const old = this.#queue;
    this.#queue = this.#create();
    this.#lastActivity = Date.now();
    this.#process();
    old.close(true).catch(() => undefined);
    this.#resetting = false;
  }

  consume(handler: JobHandler, concurrency: number): void {
    this.#handler = handler;
    this.#concurrency = concurrency;
    this.#process();
    this.#watchdog = setInterval(() => void this.#check(), WATCHDOG_EVERY_MS);
    this.#watchdog.unref();
  }

  #process(): void {
    const handler = this.#handler;
    if (!handler) return;
    void this.#queue
      .process(this.#concurrency, async (job) => {
        this.#inFlight++;
        this.#lastActivity = Date.now();
        try {
          await handler(job.data);
        } finally {
          this.#inFlight--;
          this.#lastActivity = Date.now();
        }
      })
      .catch((e: unknown) => this.#log.warn('queue consumer stopped', { err: (e as Error).message }));
  }

  async #check(): Promise<void> {
    if (this.#checking || this.#resetting || !this.#handler || this.#inFlight >= this.#concurrency) return;
    if (Date.now() - this.#lastActivity < STUCK_AFTER_MS) return;
    this.#checking = true;
    try {
      let waiting: number;
      try {
        const counts = await Promise.race([
          this.#queue.getJobCounts(),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ENQUEUE_TIMEOUT_MS)),
        ]);
        waiting = counts.waiting;
      } catch {
        return; // Redis unreachable (or this client wedged: enqueue timeouts replace it)
      }
      if (waiting === 0) {
        this.#lastActivity = Date.now();
        return;
      }
      this.#replace('jobs were waiting and this consumer took none');
    } finally {
      this.#checking = false;
    }
  }

  async depth(): Promise<QueueDepth> {
    const c = await this.#queue.getJobCounts();
    return { waiting: c.waiting, active: c.active, delayed: c.delayed, failed: c.failed };
  }

  async ping(): Promise<boolean> {
    try {
      const client = this.#queue.client;
      const pong = await Promise.race([
        client.ping(),
        new Promise<string>((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000)),
      ]);
      return pong === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.#watchdog) clearInterval(this.#watchdog);
    await this.#queue.close();
  }
}
