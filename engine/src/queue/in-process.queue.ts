/** The embedded queue driver: same interface as Bull, in memory, for the single-process default. */
import type { Job, JobHandler, JobQueue, QueueDepth } from './job-queue.port.js';

export class InProcessJobQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  #pending: Job[] = [];
  #head = 0;
  #known = new Set<string>();
  #active = 0;
  #failed = 0;
  #handler: JobHandler | null = null;
  #concurrency = 1;
  #closed = false;
  #idle: Array<() => void> = [];
  #scheduled = false;

  async enqueue(jobs: Job[]): Promise<void> {
    if (this.#closed) return;
    for (const job of jobs) {
      if (this.#known.has(job.id)) continue;
      this.#known.add(job.id);
      this.#pending.push(job);
    }
    this.#schedule();
  }

  consume(handler: JobHandler, concurrency: number): void {
    this.#handler = handler;
    this.#concurrency = Math.max(1, concurrency);
    this.#schedule();
  }

  async depth(): Promise<QueueDepth> {
    return { waiting: this.#pending.length - this.#head, active: this.#active, delayed: 0, failed: this.#failed };
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#active === 0) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    const handler = this.#handler;
    if (!handler) return;
    while (!this.#closed && this.#active < this.#concurrency && this.#head < this.#pending.length) {
      const job = this.#pending[this.#head++] as Job;
      if (this.#head > 1024 && this.#head * 2 > this.#pending.length) {
        this.#pending = this.#pending.slice(this.#head);
        this.#head = 0;
      }
      this.#active++;
      handler(job)
        .catch(() => {
          this.#failed++;
        })
        .finally(() => {
          this.#known.delete(job.id);
          this.#active--;
          if (this.#active === 0 && this.#idle.length) for (const r of this.#idle.splice(0)) r();
          this.#pump();
        });
    }
  }
}
