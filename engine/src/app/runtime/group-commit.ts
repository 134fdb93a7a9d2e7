/**
 * Group commit: work items that arrive while a commit is in progress join the next one. A flush
 * starts as soon as an item is queued and nothing else is in flight, but takes its items only when
 * it is ready for them (`take()`, called e.g. once the transaction holds the connection): whatever
 * queued meanwhile — while the previous batch committed, while the connection was busy — shares
 * the transaction. Before the flush the queue yields one turn of the event loop, so that requests
 * already received reach their submit. On an idle engine a batch is one item (one loop turn later). Each submitter is
 * answered only when its own batch is done.
 *
 * `flush` returns one outcome per item taken, in order: a value, or the Error for that item alone
 * (the caller decides how a batch that failed as a whole is retried per item). If it throws, every
 * item it took (or would have taken) is rejected with that error.
 */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface GroupCommitOptions<T> {
  /** Most items in one batch. */
  maxBatch: number;
  /** Batches in flight at once (1 for SQLite's single connection). */
  maxInFlight: number;
  /** Items that may not share a batch (same idempotency key): the later one waits for the next batch. */
  keyOf?: (item: T) => string;
}

interface Pending<T, R> {
  item: T;
  resolve(value: R): void;
  reject(error: unknown): void;
}

export class GroupCommit<T, R> {
  #queue: Array<Pending<T, R>> = [];
  #inFlight = 0;
  /** Flushes started that have not taken their items yet. */
  #taking = 0;
  #batches = 0;
  #items = 0;

  constructor(
    private readonly flush: (take: () => T[]) => Promise<Array<Outcome<R>>>,
    private readonly options: GroupCommitOptions<T>,
  ) {
    if (!(options.maxBatch >= 1) || !(options.maxInFlight >= 1)) throw new Error('group commit needs maxBatch and maxInFlight ≥ 1');
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#kick();
    });
  }

  /** Batches flushed and items in them since the start (metrics, tests). */
  get stats(): { batches: number; items: number; queued: number; inFlight: number } {
    return { batches: this.#batches, items: this.#items, queued: this.#queue.length, inFlight: this.#inFlight };
  }

  #take(): Array<Pending<T, R>> {
    const { maxBatch, keyOf } = this.options;
    if (!keyOf) return this.#queue.splice(0, maxBatch);
    const batch: Array<Pending<T, R>> = [];
    const rest: Array<Pending<T, R>> = [];
    const keys = new Set<string>();
    for (const p of this.#queue) {
      const key = keyOf(p.item);
      if (batch.length < maxBatch && !keys.has(key)) {
        keys.add(key);
        batch.push(p);
      } else rest.push(p);
    }
    this.#queue = rest;
    return batch;
  }

  #kick(): void {
    while (this.#inFlight < this.options.maxInFlight && this.#taking === 0 && this.#queue.length > 0) {
      this.#inFlight++;
      this.#taking++;
      void this.#run();
    }
  }

  async #run(): Promise<void> {
    let batch: Array<Pending<T, R>> | null = null;
    const take = (): T[] => {
      if (batch) throw new Error('group commit: take() called twice');
      this.#taking--;
      batch = this.#take();
      this.#batches++;
      this.#items += batch.length;
      return batch.map((p) => p.item);
    };
    try {
      // One turn of the event loop first: requests whose bytes have already arrived run up to their
      // submit (the engine's query path resolves in microtasks, so without this every batch is one).
      await new Promise<void>((resolve) => setImmediate(resolve));
      const outcomes = await this.flush(take);
      if (!batch) take();
      (batch as unknown as Array<Pending<T, R>>).forEach((p, i) => {
        const o = outcomes[i];
        if (!o) p.reject(new Error('group commit: no outcome for an item'));
        else if (o.ok) p.resolve(o.value);
        else p.reject(o.error);
      });
    } catch (e) {
      if (!batch) take();
      for (const p of batch as unknown as Array<Pending<T, R>>) p.reject(e);
    } finally {
      this.#inFlight--;
      this.#kick();
    }
  }
}
