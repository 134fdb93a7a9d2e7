/** Named database leases: one holder at a time across every process sharing the database. */
import type { Knex } from '@mikro-orm/mysql';
import { isUniqueViolation } from '../../persistence/json.js';

export async function acquireLease(knex: Knex, name: string, owner: string, ttlMs: number, now = Date.now()): Promise<boolean> {
  const updated = await knex('lease')
    .where({ name })
    .andWhere((q) => q.where({ owner }).orWhere('expires_at', '<', now))
    .update({ owner, expires_at: now + ttlMs });
  if (updated > 0) return true;
  try {
    await knex('lease').insert({ name, owner, expires_at: now + ttlMs });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}

export async function releaseLease(knex: Knex, name: string, owner: string): Promise<void> {
  await knex('lease').where({ name, owner }).delete();
}

/** Gives up every lease `owner` holds (a graceful stop: the next process takes the duties over at once, not when they expire). */
export async function releaseLeasesOf(knex: Knex, owner: string): Promise<void> {
  await knex('lease').where({ owner }).delete();
}
