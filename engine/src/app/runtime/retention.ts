/**
 * Retention: finished runs older than `retentionDays` are deleted with their steps, inputs, calls
 * and timers, in batches, so history does not grow without bound. Events older than the horizon
 * that no longer have runs go too. Tasks and approvals stay: they are people's records.
 */
import type { Knex } from '@mikro-orm/mysql';

export interface PruneReport {
  runs: number;
  events: number;
}

export async function pruneFinishedRuns(knex: Knex, retentionDays: number, now = Date.now(), batch = 1000): Promise<PruneReport> {
  const horizon = now - retentionDays * 86_400_000;
  const report: PruneReport = { runs: 0, events: 0 };
  for (;;) {
    const ids = ((await knex('run').whereNotNull('finished_at').andWhere('finished_at', '<', horizon).select('id').limit(batch)) as Array<{ id: number }>).map((r) => Number(r.id));
    if (ids.length === 0) break;
    await knex.transaction(async (trx) => {
      await trx('step').whereIn('run_id', ids).delete();
      await trx('run_input').whereIn('run_id', ids).delete();
      await trx('action_call').whereIn('run_id', ids).delete();
      await trx('timer').whereIn('run_id', ids).delete();
      await trx('run').whereIn('id', ids).delete();
    });
    report.runs += ids.length;
    if (ids.length < batch) break;
  }
  for (;;) {
    const ids = ((await knex('event as e')
      .where('e.received_at', '<', horizon)
      .whereNotExists(knex('run as r').whereRaw('r.event_id = e.id').select(knex.raw('1')))
      .select('e.id')
      .limit(batch)) as Array<{ id: number }>).map((r) => Number(r.id));
    if (ids.length === 0) break;
    await knex('event').whereIn('id', ids).delete();
    report.events += ids.length;
    if (ids.length < batch) break;
  }
  return report;
}
