/**
 * Transactions that retry lock conflicts (MySQL deadlock / lock wait timeout, SQLite busy) a few
 * times with a short back-off, for writes where a concurrent writer is expected.
 */
import type { Knex } from '@mikro-orm/mysql';

/** Whether an error is a lock conflict worth retrying the transaction for (MySQL deadlock / lock wait, SQLite busy). */
export function isRetryableConflict(e: unknown): boolean {
  const err = e as { code?: string; errno?: number; message?: string };
  return (
    err?.code === 'ER_LOCK_DEADLOCK' ||
    err?.errno === 1213 ||
    err?.code === 'ER_LOCK_WAIT_TIMEOUT' ||
    err?.errno === 1205 ||
    (typeof err?.code === 'string' && err.code.startsWith('SQLITE_BUSY')) ||
    /database is locked/.test(err?.message ?? '')
  );
}

/** Runs `attempt` (a whole transaction), again (a few times, with a short back-off) after a lock conflict. */
export async function retryingConflicts<T>(attempt: () => Promise<T>, attempts = 8): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (i >= attempts || !isRetryableConflict(e)) throw e;
      await new Promise((r) => setTimeout(r, 25 * i + Math.floor(Math.random() * 25)));
    }
  }
}

/** Runs a transaction, retrying it (a few times, with a short back-off) on a deadlock. */
export function transactionWithRetry<T>(knex: Knex, fn: (trx: Knex) => Promise<T>, attempts = 8): Promise<T> {
  return retryingConflicts(() => knex.transaction(fn), attempts);
}
