/**
 * The production queue driver: Bull on Redis. Several `engine worker` processes consume the same
 * queue. Jobs carry deterministic ids (Bull drops an add whose id is still present) and are removed
 * when done, so the same id can be enqueued again later by the recovery sweep.
 */
import Bull from 'bull';
import type { Job, JobHandler, JobQueue, QueueDepth } from './job-queue.port.js';
import type { Logger } from '../logger.js';

const QUEUE_NAME = 'jobs';

export class BullJobQueue implements JobQueue {
  readonly kind = 'bull' as const;
  #queue: Bull.Queue<Job>;
  #log: Logger;

  constructor(redisUrl: string, prefix: string, log: Logger) {
    this.#log = log;
    this.#queue = new Bull<Job>(QUEUE_NAME, redisUrl, {
      prefix,
      settings: { lockDuration: 15000, stalledInterval: 5000, maxStalledCount: 2 },
      defaultJobOptions: { removeOnComplete: true, removeOnFail: true, attempts: 1 },
    });
    this.#queue.on('error', (err) => this.#log.warn('queue error', { err: err.message }));
  }

  async enqueue(jobs: Job[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.#queue.addBulk(jobs.map((job) => ({ data: job, opts: { jobId: job.id } })));
  }

  consume(handler: JobHandler, concurrency: number): void {
    void this.#queue.process(concurrency, async (job) => {
      await handler(job.data);
    });
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
    await this.#queue.close();
  }
}
