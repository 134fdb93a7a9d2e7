/**
 * The people-in-the-loop schedule, run by the runtime's periodic sweep (lease-guarded: one process
 * acts at a time across the cluster; the conditional updates make a double run harmless anyway):
 * notices of new tasks and approvals, reminders before a task is due, escalation of overdue tasks
 * and of approvals past their SLA, mail/IM delivery with retries, the executive digest, and
 * sign-in housekeeping. Every step takes `now`, so tests drive it with a controlled clock.
 *
 *   runtime.ts, in Runtime.sweep(now):   await peopleTick(this.deps, this.owner, now);
 */
import type { Knex } from '@mikro-orm/mysql';
import { acquireLease } from '../app/runtime/lease.js';
import type { DirectoryService } from '../app/directory.service.js';
import type { EventService } from '../app/event.service.js';
import { InboxService } from '../app/inbox.service.js';
import { TaskService } from '../app/task.service.js';
import { loadAuthConfig } from '../auth/auth-config.js';
import { AuthService } from '../auth/auth.service.js';
import { readSettings } from '../auth/settings.service.js';
import type { Logger } from '../logger.js';
import { deliverDue, type DeliveryReport } from './delivery.js';
import { periodOf, sendDigest, type DigestFrequency } from './digest.js';
import { NotificationService } from './notification.service.js';
import { loadNotifyConfig, type NotifyConfig } from './notify-config.js';

export interface PeopleScheduleDeps {
  knex: Knex;
  log: Logger;
  directory: DirectoryService;
}

export interface PeopleTickReport {
  notified: { tasks: number; approvals: number };
  reminded: number;
  tasksEscalated: number;
  approvalsEscalated: number;
  delivery: DeliveryReport;
  digest: { period: string; recipients: number } | null;
}

const HOUSEKEEPING_MS = 3_600_000;

/** The services the schedule needs, built once per process from the runtime's dependencies. */
class PeopleSchedule {
  readonly notifications: NotificationService;
  readonly inbox: InboxService;
  readonly auth: AuthService;
  #lastHousekeeping = 0;
  #running = false;

  constructor(
    readonly deps: PeopleScheduleDeps,
    readonly notifyConfig: NotifyConfig = loadNotifyConfig(),
  ) {
    this.notifications = new NotificationService(deps.knex, notifyConfig);
    // The inbox's clock-driven part never completes tasks, so its TaskService needs no event chaining.
    const tasks = new TaskService(deps.knex, null as unknown as EventService);
    this.inbox = new InboxService(deps.knex, tasks, deps.directory, this.notifications);
    this.auth = new AuthService(deps.knex, loadAuthConfig());
  }

  async tick(owner: string, now: number, leaseMs: number): Promise<PeopleTickReport | null> {
    if (this.#running) return null;
    this.#running = true;
    try {
      if (!(await acquireLease(this.deps.knex, 'people', owner, leaseMs, now))) return null;
      return await runPeopleSchedule(this, now);
    } finally {
      this.#running = false;
    }
  }

  async housekeeping(now: number): Promise<void> {
    if (now - this.#lastHousekeeping < HOUSEKEEPING_MS) return;
    this.#lastHousekeeping = now;
    await this.auth.prune(now);
  }
}

/** One pass of everything; exported for tests (controlled clock). */
export async function runPeopleSchedule(s: { inbox: InboxService; notifications: NotificationService; notifyConfig: NotifyConfig; deps: PeopleScheduleDeps; housekeeping?(now: number): Promise<void> }, now: number): Promise<PeopleTickReport> {
  const { knex, log } = s.deps;
  const settings = await readSettings(knex);
  const inboxSettings = {
    reminderBeforeMs: settings['inbox.reminderBeforeMs'],
    escalateAfterOverdueMs: settings['inbox.escalateAfterOverdueMs'],
    escalationRepeatMs: settings['inbox.escalationRepeatMs'],
  };
  const notified = await s.inbox.notifyNew(now);
  const reminded = await s.inbox.remindTasks(inboxSettings, now);
  const tasksEscalated = await s.inbox.escalateTasks(inboxSettings, now);
  const approvalsEscalated = await s.inbox.escalateApprovals(now);
  let digest: PeopleTickReport['digest'] = null;
  const frequency = settings['digest.frequency'];
  if (frequency !== 'off') digest = await digestIfDue(knex, s.notifications, frequency, now);
  const delivery = await deliverDue(knex, s.notifyConfig, log, now);
  await s.housekeeping?.(now);
  if (notified.tasks || notified.approvals || reminded || tasksEscalated || approvalsEscalated || delivery.sent || delivery.failed) {
    log.info('people schedule', { notified, reminded, tasksEscalated, approvalsEscalated, delivery });
  }
  return { notified, reminded, tasksEscalated, approvalsEscalated, delivery, digest };
}

/**
 * Sends the digest once the period has ended: the daily one after midnight UTC for the day before,
 * the weekly one after Monday 00:00 UTC for the week before (`now` minus a moment falls in the
 * finished period). The dedupe keys make the first process to get there the only sender.
 */
async function digestIfDue(knex: Knex, notifications: NotificationService, frequency: DigestFrequency, now: number): Promise<{ period: string; recipients: number } | null> {
  const current = periodOf(frequency, now);
  const key = `digest:${frequency}:${current.key}`;
  const seen = await knex('lease').where({ name: key.slice(0, 64) }).first('name');
  if (seen) return null;
  // The digest covers the last day/week up to the start of the current period.
  const sent = await sendDigest(knex, notifications, frequency, current.start);
  await knex('lease').insert({ name: key.slice(0, 64), owner: 'digest', expires_at: now + 400 * 86_400_000 }).onConflict('name').ignore();
  return { period: sent.period, recipients: sent.recipients };
}

const schedules = new WeakMap<Knex, PeopleSchedule>();

/** The line the runtime's sweep calls: one pass of the people schedule when this process holds its lease. */
export async function peopleTick(deps: PeopleScheduleDeps & { config?: { sweepIntervalMs?: number } }, owner: string, now = Date.now()): Promise<PeopleTickReport | null> {
  let s = schedules.get(deps.knex);
  if (!s) {
    s = new PeopleSchedule(deps);
    schedules.set(deps.knex, s);
  }
  try {
    return await s.tick(owner, now, Math.max(3 * (deps.config?.sweepIntervalMs ?? 1000), 5000));
  } catch (e) {
    deps.log.warn('people schedule failed', { err: (e as Error).message });
    return null;
  }
}
