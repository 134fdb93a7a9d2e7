/**
 * Manager load cap — the live queue in the database.
 *
 * Admission (`admitCappedTask`, called by runtime/effects.ts right after a capped node's task row
 * is inserted, in the run's transaction): the task counts against the assignee's week through a
 * conditional increment of `load_cap_week.received` (`… SET received = received + 1 WHERE received
 * < perWeek`), which is atomic on MySQL (row lock) and SQLite (one writer): two processes can never
 * both take the last slot. When the increment fails, the open-task cap is reached, or tasks of the
 * same node and assignee are already waiting (a newcomer must not overtake them), the task row is
 * set to `queued`: not in the inbox, not notified, not completable.
 *
 * Release (`releaseQueuedTasks`, run by the periodic load-cap tick): per node and assignee with
 * queued tasks, drops the ones whose run ended meanwhile, ranks the rest by priority
 * (load-cap.ts) and releases in that order while the week's counter and the open cap allow. A
 * released task becomes `open` with its due date shifted by the time it waited, so the manager
 * gets the full `dueIn`; the people schedule then notifies the assignee as for any new task.
 */
import type { TaskLoadCap } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import { fromJsonOrNull } from '../persistence/json.js';
import { DEFAULT_AGING_PER_DAY, isoWeekOf, priorityOf, rankQueued, severityOf } from './load-cap.js';

type Row = Record<string, unknown>;

export interface CappedTaskInput {
  taskId: number;
  runId: number;
  workflowId: number;
  nodeId: string;
  assigneeId: string;
  loadCap: TaskLoadCap;
  /** The task's evidence (its `payload` is the trigger payload the severity is read from). */
  evidence?: { payload?: Record<string, unknown> } | null;
}

export interface CapKey {
  workflowId: number;
  nodeId: string;
  assigneeId: string;
}

const keyWhere = (k: CapKey) => ({ workflow_id: k.workflowId, node_id: k.nodeId, assignee_id: k.assigneeId });
const isMysql = (db: Knex) => (db as unknown as { client?: { dialect?: string } }).client?.dialect === 'mysql';

/**
 * Serialises admissions and releases of one node-and-assignee (MySQL: the week's counter row,
 * locked FOR UPDATE until commit; SQLite has one writer anyway), and makes the reads below locking
 * reads, which see what concurrent transactions committed (a plain read in InnoDB's repeatable
 * read would see the transaction's older snapshot, and two workers could both count 0 open tasks).
 */
async function lockKey(trx: Knex, k: CapKey, week: string): Promise<void> {
  await trx('load_cap_week').insert({ ...keyWhere(k), week, received: 0 }).onConflict(['workflow_id', 'node_id', 'assignee_id', 'week']).ignore();
  if (isMysql(trx)) await trx('load_cap_week').where({ ...keyWhere(k), week }).forUpdate().first('received');
}

function locking<T extends Knex.QueryBuilder>(trx: Knex, q: T): T {
  return (isMysql(trx) ? q.forShare() : q) as T;
}

/** Takes one slot of the assignee's week if one is left (atomic); false when the week is full. */
async function takeSlot(trx: Knex, k: CapKey, week: string, perWeek: number): Promise<boolean> {
  await trx('load_cap_week').insert({ ...keyWhere(k), week, received: 0 }).onConflict(['workflow_id', 'node_id', 'assignee_id', 'week']).ignore();
  const n = await trx('load_cap_week').where({ ...keyWhere(k), week }).andWhere('received', '<', perWeek).increment('received', 1);
  return Number(n) > 0;
}

async function giveSlotBack(trx: Knex, k: CapKey, week: string): Promise<void> {
  await trx('load_cap_week').where({ ...keyWhere(k), week }).andWhere('received', '>', 0).decrement('received', 1);
}

/** Open tasks of a capped node for one assignee. */
async function openCount(trx: Knex, k: CapKey): Promise<number> {
  const row = (await locking(trx, trx('task_load as l')
    .join('task as t', 't.id', 'l.task_id')
    .where({ 'l.workflow_id': k.workflowId, 'l.node_id': k.nodeId, 'l.assignee_id': k.assigneeId })
    .whereIn('l.status', ['counted', 'released'])
    .andWhere('t.status', 'open')
    .select('l.task_id'))) as unknown[];
  return row.length;
}

async function queuedExists(trx: Knex, k: CapKey): Promise<boolean> {
  return Boolean(await locking(trx, trx('task_load').where({ ...keyWhere(k), status: 'queued' })).first('task_id'));
}

/** Admits a freshly inserted task of a capped node: counted (stays open) or queued. */
export async function admitCappedTask(trx: Knex, input: CappedTaskInput, now: number): Promise<'open' | 'queued'> {
  const k: CapKey = { workflowId: input.workflowId, nodeId: input.nodeId, assigneeId: input.assigneeId };
  const week = isoWeekOf(now);
  const severity = severityOf(input.evidence?.payload ?? null);
  const base = {
    task_id: input.taskId,
    run_id: input.runId,
    ...keyWhere(k),
    severity,
    per_week: input.loadCap.perWeek,
    max_open: input.loadCap.maxOpen ?? null,
    created_at: now,
  };
  await lockKey(trx, k, week);
  const waiting = await queuedExists(trx, k);
  const openFull = input.loadCap.maxOpen !== undefined && (await openCount(trx, k)) >= input.loadCap.maxOpen;
  if (!waiting && !openFull && (await takeSlot(trx, k, week, input.loadCap.perWeek))) {
    await trx('task_load').insert({ ...base, status: 'counted', week, queued_at: null, released_at: null });
    return 'open';
  }
  await trx('task').where({ id: input.taskId }).update({ status: 'queued' });
  await trx('task_load').insert({ ...base, status: 'queued', week: null, queued_at: now, released_at: null });
  return 'queued';
}

export interface ReleaseReport {
  released: Array<{ taskId: number; assigneeId: string; priority: number; week: string }>;
  dropped: number;
}

const FINISHED = ['succeeded', 'failed', 'cancelled', 'discarded'];

/** Releases queued tasks that fit at `now`, highest priority first, per node and assignee. */
export async function releaseQueuedTasks(knex: Knex, now: number, options: { agingPerDay?: number } = {}): Promise<ReleaseReport> {
  const aging = options.agingPerDay ?? DEFAULT_AGING_PER_DAY;
  const report: ReleaseReport = { released: [], dropped: 0 };
  const keys = (await knex('task_load').where({ status: 'queued' }).distinct('workflow_id', 'node_id', 'assignee_id').limit(1000)) as Row[];
  const week = isoWeekOf(now);
  for (const row of keys) {
    const k: CapKey = { workflowId: Number(row.workflow_id), nodeId: String(row.node_id), assigneeId: String(row.assignee_id) };
    await knex.transaction(async (trx) => {
      await lockKey(trx, k, week);
      const q = trx('task_load as l')
        .join('task as t', 't.id', 'l.task_id')
        .leftJoin('run as r', 'r.id', 'l.run_id')
        .where({ 'l.workflow_id': k.workflowId, 'l.node_id': k.nodeId, 'l.assignee_id': k.assigneeId, 'l.status': 'queued' })
        .select('l.task_id', 'l.severity', 'l.queued_at', 'l.per_week', 'l.max_open', 't.status as task_status', 't.created_at as task_created', 't.due_at', 'r.status as run_status');
      // No row locks (they would be taken on task and run too, against advance's order): one
      // releaser holds the lease, and every update below is conditional.
      const rows = (await q) as Row[];
      const live: Array<{ id: number; severity: number; queuedAt: number; perWeek: number; maxOpen: number | null; dueAt: number | null; createdAt: number }> = [];
      for (const r of rows) {
        if (r.task_status !== 'queued' || FINISHED.includes(String(r.run_status ?? 'cancelled'))) {
          await trx('task_load').where({ task_id: r.task_id, status: 'queued' }).update({ status: 'dropped', released_at: now });
          if (r.task_status === 'queued') await trx('task').where({ id: r.task_id, status: 'queued' }).update({ status: 'cancelled' });
          report.dropped++;
          continue;
        }
        live.push({
          id: Number(r.task_id),
          severity: Number(r.severity),
          queuedAt: Number(r.queued_at),
          perWeek: Number(r.per_week),
          maxOpen: r.max_open === null || r.max_open === undefined ? null : Number(r.max_open),
          dueAt: r.due_at === null || r.due_at === undefined ? null : Number(r.due_at),
          createdAt: Number(r.task_created),
        });
      }
      if (live.length === 0) return;
      // The cap of the newest queued task applies (a new version may have changed it).
      const newest = live.reduce((a, b) => (b.id > a.id ? b : a));
      let open = newest.maxOpen === null ? 0 : await openCount(trx, k);
      for (const t of rankQueued(live, now, aging)) {
        if (newest.maxOpen !== null && open >= newest.maxOpen) break;
        if (!(await takeSlot(trx, k, week, newest.perWeek))) break;
        const n = await trx('task_load').where({ task_id: t.id, status: 'queued' }).update({ status: 'released', week, released_at: now });
        if (Number(n) === 0) {
          await giveSlotBack(trx, k, week);
          continue;
        }
        await trx('task')
          .where({ id: t.id, status: 'queued' })
          .update({ status: 'open', due_at: t.dueAt === null ? null : t.dueAt + Math.max(0, now - t.createdAt) });
        open++;
        report.released.push({ taskId: t.id, assigneeId: k.assigneeId, priority: priorityOf(t, now, aging), week });
      }
    });
  }
  return report;
}

export interface QueuedTaskView {
  taskId: number;
  runId: number;
  workflowId: number;
  workflowName: string | null;
  nodeId: string;
  assigneeId: string;
  employeeId: string | null;
  employeeName: string | null;
  title: string;
  severity: number;
  /** Priority now (severity + aging). */
  priority: number;
  /** 1 = released next. */
  position: number;
  queuedAt: string;
  waitingDays: number;
  cap: TaskLoadCap;
  /** Tasks of this node the assignee received this ISO week. */
  receivedThisWeek: number;
  evidence: unknown;
}

/** Queued tasks (one assignee, or everyone), in release order per node and assignee. */
export async function listQueuedTasks(knex: Knex, filter: { assigneeId?: string; workflowId?: number; limit?: number }, now = Date.now(), agingPerDay = DEFAULT_AGING_PER_DAY): Promise<QueuedTaskView[]> {
  const q = knex('task_load as l')
    .join('task as t', 't.id', 'l.task_id')
    .leftJoin('workflow as w', 'w.id', 'l.workflow_id')
    .leftJoin('employee as e', 'e.id', 't.employee_id')
    .where('l.status', 'queued')
    .andWhere('t.status', 'queued')
    .select('l.*', 't.title', 't.employee_id', 't.evidence', 'w.name as workflow_name', 'e.name as employee_name')
    .orderBy('l.task_id')
    .limit(Math.min(filter.limit ?? 500, 2000));
  if (filter.assigneeId) q.where('l.assignee_id', filter.assigneeId);
  if (filter.workflowId !== undefined) q.where('l.workflow_id', filter.workflowId);
  const rows = (await q) as Row[];
  const week = isoWeekOf(now);
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = `${r.workflow_id}\u0000${r.node_id}\u0000${r.assignee_id}`;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const out: QueuedTaskView[] = [];
  for (const list of groups.values()) {
    const first = list[0] as Row;
    const counter = (await knex('load_cap_week').where({ workflow_id: first.workflow_id, node_id: first.node_id, assignee_id: first.assignee_id, week }).first('received')) as Row | undefined;
    const ranked = rankQueued(list.map((r) => ({ id: Number(r.task_id), severity: Number(r.severity), queuedAt: Number(r.queued_at), row: r })), now, agingPerDay);
    ranked.forEach((t, i) => {
      const r = t.row;
      out.push({
        taskId: t.id,
        runId: Number(r.run_id),
        workflowId: Number(r.workflow_id),
        workflowName: (r.workflow_name as string | null) ?? null,
        nodeId: String(r.node_id),
        assigneeId: String(r.assignee_id),
        employeeId: (r.employee_id as string | null) ?? null,
        employeeName: (r.employee_name as string | null) ?? null,
        title: String(r.title),
        severity: t.severity,
        priority: Math.round(priorityOf(t, now, agingPerDay) * 100) / 100,
        position: i + 1,
        queuedAt: new Date(t.queuedAt).toISOString(),
        waitingDays: Math.round(((now - t.queuedAt) / 86_400_000) * 10) / 10,
        cap: { perWeek: Number(r.per_week), ...(r.max_open === null || r.max_open === undefined ? {} : { maxOpen: Number(r.max_open) }) },
        receivedThisWeek: Number(counter?.received ?? 0),
        evidence: fromJsonOrNull(r.evidence),
      });
    });
  }
  return out;
}
