/**
 * WAL checkpoints of the embedded database off the event loop. better-sqlite3 is synchronous, and
 * SQLite's automatic checkpoint runs inside the commit that crosses 1,000 WAL pages: it copies those
 * pages into the database file and syncs it, which stalls every request in flight (commits of
 * 10 rows: max 80 ms with the automatic checkpoint, 19 ms without, on this machine class —
 * engine/docs/performance.md). So the engine's connection turns the automatic checkpoint off and a
 * worker thread, with its own connection to the same file, runs a PASSIVE checkpoint (never blocks
 * the writer) whenever the WAL has grown past `pages`, checking every `everyMs`.
 *
 * Nothing is lost if the thread falls behind or dies: the WAL only grows (SQLite keeps it
 * consistent), and on an error or exit of the thread the engine's connection gets its automatic
 * checkpoint back. The thread is unref'ed (it never keeps a process alive) and stopped before the
 * database closes.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface Checkpointer {
  stop(): Promise<void>;
}

export interface CheckpointerOptions {
  /** Checkpoint when the WAL holds more than this many pages (SQLite's own default threshold: 1000). */
  pages?: number;
  everyMs?: number;
  onError?: (err: unknown) => void;
}

// CommonJS run by the worker (eval): its own connection, a PASSIVE checkpoint when the WAL is big enough.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const pageSize = db.pragma('page_size', { simple: true });
const fs = require('node:fs');
const timer = setInterval(() => {
  try {
    let size = 0;
    try { size = fs.statSync(workerData.file + '-wal').size; } catch { return; }
    if (size / (pageSize + 24) < workerData.pages) return;
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    if (e && e.code === 'SQLITE_BUSY') return;
    parentPort.postMessage({ error: String(e && e.message || e) });
  }
}, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

/** The better-sqlite3 module the ORM's driver uses. */
export function driverPath(): string {
  const fromDriver = createRequire(createRequire(import.meta.url).resolve('@mikro-orm/better-sqlite'));
  return fromDriver.resolve('better-sqlite3');
}

/**
 * Starts the checkpoint thread for `file`; `setAutomatic(n)` sets the engine connection's
 * `wal_autocheckpoint` (0 while the thread runs, SQLite's default again if it fails).
 */
export function startCheckpointer(file: string, setAutomatic: (pages: number) => Promise<void>, options: CheckpointerOptions = {}): Checkpointer {
  const pages = options.pages ?? 1000;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver: driverPath(), pages, everyMs: options.everyMs ?? 200 } });
  worker.unref();
  let stopping = false;
  let failed = false;
  const fallBack = (err: unknown): void => {
    if (failed || stopping) return;
    failed = true;
    // An error thrown in the thread arrives as a plain object with its message.
    const message = err instanceof Error ? err.message : String((err as { message?: unknown } | null)?.message ?? err);
    options.onError?.(err instanceof Error ? err : new Error(`WAL checkpoint thread: ${message}`));
    void setAutomatic(pages).catch(() => undefined);
  };
  worker.on('message', (m: { error?: string }) => {
    if (m?.error) fallBack(new Error(`WAL checkpoint thread: ${m.error}`));
  });
  worker.on('error', fallBack);
  worker.on('exit', (code) => {
    if (!stopping) fallBack(new Error(`WAL checkpoint thread exited (${code})`));
  });
  return {
    async stop(): Promise<void> {
      if (stopping) return;
      stopping = true;
      if (failed) return;
      await new Promise<void>((ok) => {
        const done = (): void => ok();
        worker.once('exit', done);
        worker.once('message', (m: { stopped?: boolean }) => {
          if (m?.stopped) void worker.terminate().then(done, done);
        });
        worker.postMessage('stop');
        setTimeout(() => void worker.terminate().then(done, done), 2000).unref();
      });
    },
  };
}
