/**
 * The recovery sweep. The database is the source of truth; the sweep finds work the queue lost and
 * fires durable timers. It runs in every worker process but only the holder of the `sweeper` lease
 * acts, so timers fire once across the cluster (and the conditional updates make a double fire a
 * no-op anyway).
 *  1. due timers → a `timerFired` run input, then advance;
 *  2. run inputs left unprocessed for longer than `staleAfterMs` → advance again;
 *  3. pending connector calls never dispatched, or whose lease expired (worker died) → action again.
 */
import type { Job } from '../../queue/job-queue.port.js';
import { insertedId, toJson } from '../../persistence/json.js';
import { acquireLease } from './lease.js';
import type { RuntimeDeps } from './runtime-deps.js';

type Row = Record<string, unknown>;
const BATCH = 500;

export interface SweepReport {
  timersFired: number;
  runsResumed: number;
  actionsResumed: number;
}

export async function sweepOnce(deps: RuntimeDeps, owner: string, now = Date.now()): Promise<{ report: SweepReport; jobs: Job[] } | null> {
  const { knex, config } = deps;
  if (!(await acquireLease(knex, 'sweeper', owner, Math.max(3 * config.sweepIntervalMs, 5000), now))) return null;
  const jobs: Job[] = [];
  const report: SweepReport = { timersFired: 0, runsResumed: 0, actionsResumed: 0 };

  const due = (await knex('timer').where({ fired: false }).andWhere('fire_at', '<=', now).orderBy('fire_at').limit(BATCH)) as Row[];
  for (const t of due) {
    const inputId = await knex.transaction(async (trx) => {
      const n = await trx('timer').where({ id: t.id, fired: false }).update({ fired: true });
      if (n === 0) return null;
      const event = { type: 'timerFired', nodeId: String(t.node_id), stepSeq: Number(t.step_seq), purpose: String(t.purpose) };
      return insertedId(await trx('run_input').insert({ run_id: t.run_id, type: 'timerFired', payload: toJson(event), processed: false, created_at: now }));
    });
    if (inputId !== null) {
      report.timersFired++;
      jobs.push({ name: 'advance', id: `advance:${Number(t.run_id)}:${inputId}`, ref: Number(t.run_id) });
    }
  }

  const stale = (await knex('run_input')
    .where({ processed: false })
    .andWhere('created_at', '<', now - config.staleAfterMs)
    .groupBy('run_id')
    .select('run_id')
    .max({ last: 'id' })
    .limit(BATCH)) as Row[];
  for (const r of stale) {
    report.runsResumed++;
    jobs.push({ name: 'advance', id: `advance:${Number(r.run_id)}:${Number(r.last)}`, ref: Number(r.run_id) });
  }

  const calls = (await knex('action_call')
    .where({ status: 'pending' })
    .andWhere((q) =>
      q.where((a) => a.whereNull('lease_until').andWhere('created_at', '<', now - config.staleAfterMs)).orWhere('lease_until', '<', now),
    )
    .select('id', 'dispatches')
    .limit(BATCH)) as Row[];
  for (const c of calls) {
    report.actionsResumed++;
    jobs.push({ name: 'action', id: `action:${Number(c.id)}:${Number(c.dispatches)}`, ref: Number(c.id) });
  }
  return { report, jobs };
}
