/**
 * The periodic part of the manager load cap: releases queued tasks as capacity frees (a new ISO
 * week, or a completed task under `maxOpen`). Called by the runtime's sweep in every process;
 * one query when nothing is queued, and only the holder of the `load-cap` lease releases.
 *
 *   runtime.ts, in Runtime.sweep(now):   await loadCapTick(this.deps, this.owner, now);
 */
import type { Knex } from '@mikro-orm/mysql';
import { acquireLease } from '../app/runtime/lease.js';
import type { Logger } from '../logger.js';
import { DEFAULT_AGING_PER_DAY } from './load-cap.js';
import { releaseQueuedTasks, type ReleaseReport } from './load-cap.store.js';

const LEASE_MS = 30_000;

export function agingPerDay(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.COACHFLOW_LOADCAP_AGING_PER_DAY ?? '');
  return env.COACHFLOW_LOADCAP_AGING_PER_DAY !== undefined && env.COACHFLOW_LOADCAP_AGING_PER_DAY !== '' && Number.isFinite(n) && n >= 0 ? n : DEFAULT_AGING_PER_DAY;
}

export async function loadCapTick(deps: { knex: Knex; log: Logger }, owner: string, now = Date.now()): Promise<ReleaseReport | null> {
  const any = await deps.knex('task_load').where({ status: 'queued' }).first('task_id');
  if (!any) return null;
  if (!(await acquireLease(deps.knex, 'load-cap', owner, LEASE_MS, now))) return null;
  const report = await releaseQueuedTasks(deps.knex, now, { agingPerDay: agingPerDay() });
  if (report.released.length || report.dropped) deps.log.info('load cap released queued tasks', { released: report.released.length, dropped: report.dropped });
  return report;
}
