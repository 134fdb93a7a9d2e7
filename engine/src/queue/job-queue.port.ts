/**
 * The queue port. The queue only carries work; the database is the source of truth, so a job that
 * is lost (crash, Redis restart) is found again by the recovery sweep. Job ids are deterministic:
 * enqueueing the same id while it is still queued is a no-op.
 */
export type JobName = 'advance' | 'action';

export interface Job {
  name: JobName;
  /** Deterministic id, e.g. `advance:42:1007` (run 42 up to input 1007). */
  id: string;
  /** Run id for `advance`, action call id for `action`. */
  ref: number;
}

export type JobHandler = (job: Job) => Promise<void>;

export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

export interface JobQueue {
  readonly kind: 'in-process' | 'bull';
  enqueue(jobs: Job[]): Promise<void>;
  /** Starts consuming jobs with at most `concurrency` in flight. */
  consume(handler: JobHandler, concurrency: number): void;
  depth(): Promise<QueueDepth>;
  /** Whether the queue backend is reachable. */
  ping(): Promise<boolean>;
  /** Stops taking jobs and waits for the ones in flight (SIGTERM drain). */
  close(): Promise<void>;
}
