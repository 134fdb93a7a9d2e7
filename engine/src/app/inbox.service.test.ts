/**
 * The clock-driven part of the inbox with a controlled clock (`now` passed in): notices of new
 * work, reminders before due (once), escalation of overdue tasks up the reporting line (then
 * again after the repeat interval; nobody above → stays), approval SLA escalation per step of a
 * sequential chain, mail/IM delivery backoff until `failed`, and the digest period keys.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '@coachflow/model';
import { publish, startTestEngine, type TestEngine } from '../signals/signals.test-support.js';
import { upsertEmployees } from './directory.service.js';
import type { Principal } from '../auth/roles.js';
import { deliverDue, backoffMs } from '../notifications/delivery.js';
import { periodOf } from '../notifications/digest.js';
import { createLogger } from '../logger.js';
import { InboxService } from './inbox.service.js';
import { TaskService } from './task.service.js';
import type { EventService } from './event.service.js';
import type { NotificationService } from '../notifications/notification.service.js';

let engine: TestEngine;
const H = 3_600_000;
const settings = { reminderBeforeMs: 24 * H, escalateAfterOverdueMs: 0, escalationRepeatMs: 24 * H };
const principal = (employeeId: string): Principal => ({ kind: 'user', id: 1, name: employeeId, email: `${employeeId}@x`, employeeId, roles: ['manager'], locale: 'zh-CN', groups: null, sessionId: 1 });
const client = { ip: null, userAgent: null };

async function start(kpiId: string): Promise<number> {
  const s = engine.services;
  const payload = { employeeId: 'L1', kpi: { id: kpiId, name: 'k', unit: 'x' }, period: '2026-W07', direction: 'below', streak: 3, range: { low: 1, high: 2 }, value: 0, readings: [{ period: '2026-W07', value: 0, low: 1, high: 2 }] };
  const ingested = await s.events.ingest({ type: 'kpi.deviation', idempotencyKey: `${kpiId}-${Math.random()}`, payload });
  for (const job of ingested.jobs) await s.runtime.handle(job);
  return ingested.runIds[0] as number;
}

/** The notification service, except that the notice with dedupe key `bad` fails (alone or in a batch). */
function failingFor(notifications: NotificationService, bad: string): NotificationService {
  return {
    notify: (trx: unknown, n: { dedupeKey?: string }, now: number) => {
      if (n.dedupeKey === bad) throw new Error('mail template broken');
      return (notifications.notify as (...a: unknown[]) => Promise<unknown>).call(notifications, trx, n, now);
    },
    notifyMany: (trx: unknown, list: Array<{ dedupeKey?: string }>, now: number) => {
      if (list.some((n) => n.dedupeKey === bad)) throw new Error('mail template broken');
      return (notifications.notifyMany as (...a: unknown[]) => Promise<unknown>).call(notifications, trx, list, now);
    },
  } as unknown as NotificationService;
}

const flow = (kpiId: string, node: Record<string, unknown>): WorkflowDefinition =>
  ({
    nodes: [
      { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation', filter: { '==': [{ var: 'trigger.kpi.id' }, kpiId] } } },
      node,
      { id: 'yes', kind: 'end', config: { outcome: 'yes' } },
      ...(node.kind === 'approval' ? [{ id: 'no', kind: 'end', config: { outcome: 'no' } }] : []),
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: node.id },
      ...(node.kind === 'approval'
        ? [
            { id: 'e2', source: node.id, sourceHandle: 'approved', target: 'yes' },
            { id: 'e3', source: node.id, sourceHandle: 'rejected', target: 'no' },
          ]
        : [{ id: 'e2', source: node.id, target: 'yes' }]),
    ],
  }) as unknown as WorkflowDefinition;

beforeAll(async () => {
  engine = await startTestEngine();
  await upsertEmployees(engine.services.db.knex, [
    { id: 'M0', name: 'Top', managerId: null, email: 'top@x.test' },
    { id: 'M1', name: 'Mgr', managerId: 'M0', email: 'mgr@x.test' },
    { id: 'H1', name: 'HRBP', managerId: 'M0' },
    { id: 'L1', name: 'Lei', managerId: 'M1', hrbpId: 'H1', locale: 'en' },
  ]);
  await publish(engine.services, 'task', flow('task', { id: 'work', kind: 'task', config: { title: 'coach {{employee.name}}', assignee: { type: 'directManager' }, dueIn: 'P2D' } }));
  await publish(engine.services, 'approval', flow('appr', { id: 'ok', kind: 'approval', config: { title: 'rotate', approvers: [{ type: 'directManager' }, { type: 'hrbp' }], mode: 'sequential', sla: 'PT4H', escalateTo: { type: 'skipLevel' } } }));
});
afterAll(async () => {
  await engine?.close();
});

describe('inbox schedule (controlled clock)', () => {
  it('tells the assignee once, reminds once before due, escalates overdue tasks up the line and repeats after the interval', async () => {
    const { inbox, db } = engine.services;
    const t0 = Date.now();
    const runId = await start('task');
    const task = await db.knex('task').where({ run_id: runId }).first();
    expect(task.assignee_id).toBe('M1');
    const due = Number(task.due_at);

    expect((await inbox.notifyNew(t0)).tasks).toBeGreaterThanOrEqual(1);
    expect((await inbox.notifyNew(t0 + 1000)).tasks).toBe(0);
    const notices = await db.knex('notification').where({ recipient_id: 'M1', kind: 'task.assigned' });
    expect(notices.map((n: { channel: string }) => n.channel).sort()).toEqual(['inapp', 'mail']);
    expect(notices.find((n: { channel: string }) => n.channel === 'mail')).toMatchObject({ status: 'outbox', address: 'mgr@x.test' }); // no SMTP_URL: kept in the outbox

    expect(await inbox.remindTasks(settings, due - 25 * H)).toBe(0);
    expect(await inbox.remindTasks(settings, due - 23 * H)).toBe(1);
    expect(await inbox.remindTasks(settings, due - 22 * H)).toBe(0);
    expect(await db.knex('notification').where({ recipient_id: 'M1', kind: 'task.reminder', channel: 'inapp' })).toHaveLength(1);

    expect(await inbox.escalateTasks(settings, due - 1000)).toBe(0);
    expect(await inbox.escalateTasks(settings, due + 1000)).toBe(1);
    let row = await db.knex('task').where({ id: task.id }).first();
    expect(row).toMatchObject({ escalated_to: 'M0', escalation_level: 1 });
    expect(await db.knex('notification').where({ recipient_id: 'M0', kind: 'task.escalated', channel: 'inapp' })).toHaveLength(1);
    expect(await inbox.escalateTasks(settings, due + 2 * H)).toBe(0); // not again before the repeat interval
    expect(await inbox.escalateTasks(settings, due + 25 * H)).toBe(0); // M0 has nobody above: stays with M0
    row = await db.knex('task').where({ id: task.id }).first();
    expect(row).toMatchObject({ escalated_to: 'M0', escalation_level: 1 });
    const history = await inbox.taskHistory('task', task.id);
    expect(history.map((h) => h.type)).toEqual(['reminded', 'escalated']);
    const audit = await db.knex('audit_log').where({ action: 'task.escalate', target_id: String(task.id) });
    expect(audit).toHaveLength(1);
  });

  it('notices of a tick share one transaction; a notice that fails is retried next tick without holding back the others', async () => {
    const { inbox, db, notifications, directory } = engine.services;
    await inbox.notifyNew(Date.now()); // earlier tests' tasks out of the way
    const runs = [await start('task'), await start('task'), await start('task')];
    const tasks = (await db.knex('task').whereIn('run_id', runs).orderBy('id')) as Array<{ id: number }>;
    const bad = `task.assigned:${tasks[1]?.id}`;
    const failing = failingFor(notifications, bad);
    const flaky = new InboxService(db.knex, new TaskService(db.knex, null as unknown as EventService), directory, failing);
    await expect(flaky.notifyNew(Date.now())).rejects.toThrow('mail template broken');
    const after = (await db.knex('task').whereIn('id', tasks.map((t) => t.id)).orderBy('id')) as Array<{ id: number; notified_at: number | null }>;
    expect(after.map((t) => t.notified_at !== null)).toEqual([true, false, true]);
    expect(await db.knex('notification').where({ kind: 'task.assigned' }).where('dedupe_key', 'like', `${bad}:%`)).toHaveLength(0);
    expect((await inbox.notifyNew(Date.now())).tasks).toBe(1);
    expect(await db.knex('notification').where({ kind: 'task.assigned', dedupe_key: `${bad}:inapp` })).toHaveLength(1);

    // A normal tick: one insert for all notices of the tick, one commit.
    const more = [await start('task'), await start('task'), await start('task')];
    const sql: string[] = [];
    const onQuery = (q: { sql: string }): void => void sql.push(q.sql);
    db.knex.on('query', onQuery);
    try {
      expect((await inbox.notifyNew(Date.now())).tasks).toBe(3);
    } finally {
      db.knex.off('query', onQuery);
    }
    expect(sql.filter((q) => /^insert into `notification`/i.test(q))).toHaveLength(1);
    expect(sql.filter((q) => /^update `task`/i.test(q))).toHaveLength(1);
    const notified = await db.knex('notification').where({ kind: 'task.assigned', channel: 'inapp' }).whereIn('run_id', more);
    expect(notified).toHaveLength(3);
    expect(await inbox.notifyNew(Date.now())).toEqual({ tasks: 0, approvals: 0 });
  });

  it('on SQLite a tick goes in chunks of 10 with a turn of the event loop between them; a failing chunk does not hold back the next', async () => {
    const { inbox, db, notifications, directory } = engine.services;
    await inbox.notifyNew(Date.now());
    const runs: number[] = [];
    for (let i = 0; i < 60; i++) runs.push(await start('task'));
    const tasks = (await db.knex('task').whereIn('run_id', runs).orderBy('id')) as Array<{ id: number }>;
    const bad = `task.assigned:${tasks[3]?.id}`; // in the first chunk
    const failing = failingFor(notifications, bad);
    const flaky = new InboxService(db.knex, new TaskService(db.knex, null as unknown as EventService), directory, failing);
    const sql: string[] = [];
    const onQuery = (q: { sql: string }): void => void sql.push(q.sql);
    let turns = 0;
    let ticking = true;
    const count = (): void => {
      turns++;
      if (ticking) setImmediate(count);
    };
    setImmediate(count);
    db.knex.on('query', onQuery);
    try {
      await expect(flaky.notifyNew(Date.now())).rejects.toThrow('mail template broken');
    } finally {
      ticking = false;
      db.knex.off('query', onQuery);
    }
    expect(turns).toBeGreaterThanOrEqual(2); // the event loop ran between the chunks
    // Chunk 1 fell back to one transaction per task (9 good ones), chunks 2 to 6 are one insert each.
    expect(sql.filter((q) => /^insert into `notification`/i.test(q)).length).toBeGreaterThanOrEqual(5 + 9);
    expect(turns).toBeGreaterThanOrEqual(5); // a turn between each of the 6 chunks
    const after = (await db.knex('task').whereIn('id', tasks.map((t) => t.id)).orderBy('id')) as Array<{ id: number; notified_at: number | null }>;
    expect(after.filter((t) => t.notified_at === null).map((t) => t.id)).toEqual([tasks[3]?.id]);
    const inapp = (await db.knex('notification').where({ kind: 'task.assigned', channel: 'inapp' }).whereIn('run_id', runs)) as Array<{ dedupe_key: string }>;
    expect(inapp).toHaveLength(59);
    expect(new Set(inapp.map((n) => n.dedupe_key)).size).toBe(59);
    expect((await inbox.notifyNew(Date.now())).tasks).toBe(1);
  });

  it('escalates an approval past its SLA to the target, per step of a sequential chain', async () => {
    const { inbox, db } = engine.services;
    const runId = await start('appr');
    const approval = await db.knex('approval').where({ run_id: runId }).first();
    expect(JSON.parse(approval.approvers)).toEqual(['M1', 'H1']);
    const created = Number(approval.created_at);
    expect(await inbox.escalateApprovals(created + 3 * H)).toBe(0);
    expect(await inbox.escalateApprovals(created + 4 * H + 1)).toBe(1);
    expect(await db.knex('approval').where({ id: approval.id }).first()).toMatchObject({ escalated_to: 'M0', escalation_level: 1 });
    expect(await inbox.escalateApprovals(created + 5 * H)).toBe(0);
    // the target decides for the overdue first approver; the second step's SLA starts then
    const decided = await inbox.decide(approval.id, principal('M0'), 'approved', 'for M1', client, created + 5 * H);
    expect((decided.approval.decisions as Array<Record<string, unknown>>)[0]).toMatchObject({ by: 'M1', actedBy: 'M0' });
    const stepStart = Date.parse(String((decided.approval.decisions as Array<{ at: string }>)[0]?.at));
    expect(await inbox.escalateApprovals(stepStart + 3 * H)).toBe(0);
    expect(await inbox.escalateApprovals(stepStart + 4 * H + 1)).toBe(1);
    expect(await db.knex('approval').where({ id: approval.id }).first()).toMatchObject({ escalated_to: 'M0', escalation_level: 2 });
    const types = (await inbox.taskHistory('approval', approval.id)).map((h) => [h.type, h.fromId, h.toId]);
    expect(types).toEqual([
      ['escalated', 'M1', 'M0'],
      ['decided', null, null],
      ['escalated', 'H1', 'M0'],
    ]);
  });

  it('retries a failing delivery with exponential backoff, then keeps it as failed with its error', async () => {
    const { db } = engine.services;
    let calls = 0;
    const server: Server = createServer((_req, res) => {
      calls++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ errcode: 130101, errmsg: 'send too fast' }));
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    try {
      const config = { smtpUrl: null, mailFrom: 'x', maxAttempts: 3, im: { platform: 'dingtalk' as const, webhook: `http://127.0.0.1:${(server.address() as AddressInfo).port}/robot/send?access_token=t`, secret: null } };
      const t0 = Date.now();
      const [id] = await db.knex('notification').insert({ run_id: null, node_id: null, channel: 'im', recipient_id: 'L1', title: 't', body: 'b', status: 'pending', attempts: 0, created_at: t0, read_at: null, next_attempt_at: t0 });
      const log = createLogger('silent');
      const state = async () => db.knex('notification').where({ id }).first();
      expect((await deliverDue(db.knex, config, log, t0)).failed).toBe(1);
      expect(await state()).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: t0 + backoffMs(1) });
      expect((await state()).last_error).toContain('130101');
      expect((await deliverDue(db.knex, config, log, t0 + 10_000)).failed).toBe(0);
      expect((await deliverDue(db.knex, config, log, t0 + 30_000)).failed).toBe(1);
      expect(await state()).toMatchObject({ status: 'pending', attempts: 2, next_attempt_at: t0 + 30_000 + backoffMs(2) });
      expect(backoffMs(2)).toBe(60_000);
      expect((await deliverDue(db.knex, config, log, t0 + 90_000)).failed).toBe(1);
      expect(await state()).toMatchObject({ status: 'failed', attempts: 3, next_attempt_at: null });
      expect((await deliverDue(db.knex, config, log, t0 + 10 * H)).failed).toBe(0);
      expect(calls).toBe(3);
      // an IM message with no bot configured is kept, marked undeliverable with the reason
      const [other] = await db.knex('notification').insert({ run_id: null, node_id: null, channel: 'im', recipient_id: 'L1', title: 't', body: 'b', status: 'pending', attempts: 0, created_at: t0, read_at: null, next_attempt_at: t0 });
      await deliverDue(db.knex, { ...config, im: null }, log, t0);
      expect(await db.knex('notification').where({ id: other }).first()).toMatchObject({ status: 'undeliverable', last_error: expect.stringContaining('no IM bot') });
    } finally {
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });

  it('keys digests by UTC day and by the week starting Monday', () => {
    const wed = Date.UTC(2026, 10, 25, 15, 0); // Wednesday 2026-11-25
    expect(periodOf('daily', wed)).toEqual({ key: '2026-11-25', start: Date.UTC(2026, 10, 25) });
    expect(periodOf('weekly', wed)).toEqual({ key: '2026-11-23/W', start: Date.UTC(2026, 10, 23) });
    expect(periodOf('weekly', Date.UTC(2026, 10, 23)).key).toBe('2026-11-23/W');
    expect(periodOf('weekly', Date.UTC(2026, 10, 22, 23, 59)).key).toBe('2026-11-16/W');
  });
});
