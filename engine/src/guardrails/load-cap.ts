/**
 * Manager load cap — the pure part, shared by the live queue (load-cap.store.ts) and the backtest:
 * ISO weeks, the severity of a signal, the priority of a queued task and the release order.
 *
 * A task node with `loadCap: { perWeek, maxOpen? }` gives each assignee at most `perWeek` of its
 * tasks per ISO week (UTC) — counted in the week a task reaches the inbox: the week it is created in
 * (when the run reaches the node, not when its event occurred), or released from the queue in —
 * and, with `maxOpen`, at most that many open at once. The backtest creates each simulated task at
 * its event's time (later after a delay) and counts it the same way (README: "Which week a task
 * counts in"). Over the cap the task is
 * queued. Queued tasks are released highest priority first:
 *
 *   priority(now) = severity + agingPerDay × days waited
 *
 * severity = streak × |% deviation from the nearest bound| for `kpi.deviation` (e.g. 3 weeks at
 * 25 % below the low bound = 75), `streak` (or 1) for other signals. The default aging is one point
 * per day, so a mild deviation still rises to the top after waiting long enough. Ties: queued
 * earlier first, then the lower task id.
 */
import type { TaskLoadCap } from '@coachflow/model';
import { periodOfDate } from '../domain/period.js';

const DAY_MS = 86_400_000;
export const DEFAULT_AGING_PER_DAY = 1;

/** ISO week (UTC) of an instant, e.g. `2026-W47`. */
export function isoWeekOf(ms: number): string {
  return periodOfDate(new Date(ms).toISOString(), 'week');
}

/** `pct` deviation of a value from the range bound it crossed, in percent (≥ 0). */
export function pctDeviation(value: number, range: { low?: number | null; high?: number | null }, direction: unknown): number {
  const bound = direction === 'above' ? range.high : direction === 'below' ? range.low : null;
  if (typeof bound !== 'number' || !Number.isFinite(bound) || !Number.isFinite(value)) return 0;
  const denominator = Math.abs(bound) > 1e-9 ? Math.abs(bound) : 1;
  return (Math.abs(value - bound) / denominator) * 100;
}

/** Severity of the signal behind a task, from the trigger payload (the task's evidence). */
export function severityOf(payload: Record<string, unknown> | null | undefined): number {
  if (!payload) return 1;
  const streak = typeof payload.streak === 'number' && Number.isFinite(payload.streak) && payload.streak > 0 ? payload.streak : 1;
  const range = payload.range as { low?: number | null; high?: number | null } | undefined;
  if (range && typeof payload.value === 'number') {
    const pct = pctDeviation(payload.value, range, payload.direction);
    if (pct > 0) return Math.round(streak * pct * 100) / 100;
  }
  return streak;
}

export interface QueuedTask {
  id: number;
  severity: number;
  queuedAt: number;
}

/** Priority of a queued task at `now`. */
export function priorityOf(t: Pick<QueuedTask, 'severity' | 'queuedAt'>, now: number, agingPerDay = DEFAULT_AGING_PER_DAY): number {
  return t.severity + (agingPerDay * Math.max(0, now - t.queuedAt)) / DAY_MS;
}

/** Queued tasks in release order at `now` (highest priority first; ties: queued earlier, lower id). */
export function rankQueued<T extends QueuedTask>(queue: readonly T[], now: number, agingPerDay = DEFAULT_AGING_PER_DAY): T[] {
  return queue
    .map((t) => ({ t, p: priorityOf(t, now, agingPerDay) }))
    .sort((a, b) => b.p - a.p || a.t.queuedAt - b.t.queuedAt || a.t.id - b.t.id)
    .map((x) => x.t);
}

/** How many more tasks may reach the inbox now: the week's quota left, bounded by the open-task cap. */
export function capacityOf(cap: TaskLoadCap, receivedThisWeek: number, openNow: number): number {
  const weekly = Math.max(0, cap.perWeek - receivedThisWeek);
  return cap.maxOpen === undefined || cap.maxOpen === null ? weekly : Math.max(0, Math.min(weekly, cap.maxOpen - openNow));
}

/**
 * The cap as a model: one assignee-and-node queue. The backtest uses it to show the effect of a cap
 * (no completions there: tasks are assumed done within their week when `maxOpen` is not set).
 */
export class LoadCapModel {
  readonly received = new Map<string, number>();
  readonly open = new Set<number>();
  queue: QueuedTask[] = [];

  constructor(
    readonly cap: TaskLoadCap,
    readonly agingPerDay = DEFAULT_AGING_PER_DAY,
  ) {}

  #count(week: string): number {
    return this.received.get(week) ?? 0;
  }

  /** A new task: `open` when under the cap and nobody is waiting, `queued` otherwise. */
  offer(task: { id: number; severity: number }, now: number): 'open' | 'queued' {
    const week = isoWeekOf(now);
    if (this.queue.length === 0 && capacityOf(this.cap, this.#count(week), this.open.size) > 0) {
      this.received.set(week, this.#count(week) + 1);
      this.open.add(task.id);
      return 'open';
    }
    this.queue.push({ id: task.id, severity: task.severity, queuedAt: now });
    return 'queued';
  }

  complete(taskId: number): void {
    this.open.delete(taskId);
  }

  /** Releases what fits at `now`, in priority order. */
  release(now: number): Array<{ id: number; priority: number }> {
    const week = isoWeekOf(now);
    const out: Array<{ id: number; priority: number }> = [];
    for (const t of rankQueued(this.queue, now, this.agingPerDay)) {
      if (capacityOf(this.cap, this.#count(week), this.open.size) <= 0) break;
      this.received.set(week, this.#count(week) + 1);
      this.open.add(t.id);
      out.push({ id: t.id, priority: priorityOf(t, now, this.agingPerDay) });
    }
    const released = new Set(out.map((r) => r.id));
    this.queue = this.queue.filter((t) => !released.has(t.id));
    return out;
  }
}
