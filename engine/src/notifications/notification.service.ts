/**
 * Notifications for people: in-app (stored, listed, counted unread, marked read), mail (sent over
 * SMTP by the delivery loop, or kept in the outbox when no SMTP server is configured) and IM
 * (a Feishu or DingTalk group bot). System messages (tasks, approvals, objections, the digest) are
 * rendered from zh-CN/en templates in the recipient's locale. Creating them takes the caller's
 * transaction, so a notification exists exactly when the change it announces does.
 */
import { UserError } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import { fromJsonOrNull, isUniqueViolation, toJson } from '../persistence/json.js';
import { insertRows } from '../persistence/fast-sql.js';
import type { NotifyConfig } from './notify-config.js';
import { localeOf, render, type Locale, type NotificationKind } from './templates.js';

type Row = Record<string, unknown>;
const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(Number(v)).toISOString());

export interface NotificationView {
  id: number;
  kind: string | null;
  channel: string;
  recipientId: string | null;
  title: string;
  body: string;
  status: string;
  attempts: number;
  lastError: string | null;
  address: string | null;
  locale: string | null;
  runId: number | null;
  payload: unknown;
  createdAt: string | null;
  sentAt: string | null;
  readAt: string | null;
  nextAttemptAt: string | null;
}

export function toNotification(row: Row): NotificationView {
  return {
    id: Number(row.id),
    kind: (row.kind as string | null) ?? null,
    channel: String(row.channel),
    recipientId: (row.recipient_id as string | null) ?? null,
    title: String(row.title),
    body: String(row.body),
    status: String(row.status),
    attempts: Number(row.attempts ?? 0),
    lastError: (row.last_error as string | null) ?? null,
    address: (row.address as string | null) ?? null,
    locale: (row.locale as string | null) ?? null,
    runId: row.run_id === null || row.run_id === undefined ? null : Number(row.run_id),
    payload: fromJsonOrNull(row.payload),
    createdAt: iso(row.created_at),
    sentAt: iso(row.sent_at),
    readAt: iso(row.read_at),
    nextAttemptAt: iso(row.next_attempt_at),
  };
}

export interface NotifyInput {
  /** The employee to tell. */
  recipientId: string;
  kind: NotificationKind;
  /** Template variables; a function gets the recipient's locale (for dates and words). */
  vars: Record<string, unknown> | ((locale: Locale) => Record<string, unknown>);
  channels?: Array<'inapp' | 'mail'>;
  /** Same key, same notification: makes reminders, escalations and digests happen once. */
  dedupeKey?: string;
  runId?: number | null;
  payload?: Record<string, unknown>;
}

export interface Recipient {
  locale: Locale;
  email: string | null;
  name: string | null;
}

function recipientFrom(employee: Row | undefined, user: Row | undefined): Recipient {
  const email = (employee?.email as string | null) ?? (user && String(user.email).includes('.') ? String(user.email) : null);
  return { locale: localeOf(user?.locale ?? employee?.locale), email, name: (employee?.name as string | null) ?? null };
}

/** The recipient's locale (user account first, then directory) and mail address. */
export async function recipientOf(db: Knex, employeeId: string): Promise<Recipient> {
  const employee = (await db('employee').where({ id: employeeId }).first('email', 'locale', 'name')) as Row | undefined;
  const user = (await db('user').where({ employee_id: employeeId, status: 'active' }).orderBy('id').first('locale', 'email')) as Row | undefined;
  return recipientFrom(employee, user);
}

/** {@link recipientOf} for many people in two queries per 500 (a tick's notices go to many managers at once). */
export async function recipientsOf(db: Knex, employeeIds: readonly string[]): Promise<Map<string, Recipient>> {
  const out = new Map<string, Recipient>();
  const ids = [...new Set(employeeIds)];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const employees = new Map<string, Row>();
    for (const e of (await db('employee').whereIn('id', chunk).select('id', 'email', 'locale', 'name')) as Row[]) employees.set(String(e.id), e);
    const users = new Map<string, Row>(); // each person's first active account by id, as recipientOf reads it
    for (const u of (await db('user').whereIn('employee_id', chunk).where({ status: 'active' }).orderBy('id').select('employee_id', 'locale', 'email')) as Row[]) {
      if (!users.has(String(u.employee_id))) users.set(String(u.employee_id), u);
    }
    for (const id of chunk) out.set(id, recipientFrom(employees.get(id), users.get(id)));
  }
  return out;
}

export class NotificationService {
  constructor(
    private readonly knex: Knex,
    readonly config: NotifyConfig,
  ) {}

  /** The recipient, looked up once per `recipients` map (a tick's notices go to few managers). */
  async #recipient(db: Knex, id: string, recipients?: Map<string, Recipient>): Promise<Recipient> {
    let who = recipients?.get(id);
    if (!who) {
      who = await recipientOf(db, id);
      recipients?.set(id, who);
    }
    return who;
  }

  /** The rows of one notification, one per channel. */
  #rows(input: NotifyInput, who: Recipient, now: number): Row[] {
    const vars = typeof input.vars === 'function' ? input.vars(who.locale) : input.vars;
    const text = render(input.kind, who.locale, vars);
    return (input.channels ?? ['inapp', 'mail']).map((channel) => {
      const status = channel === 'inapp' ? 'delivered' : !who.email ? 'undeliverable' : this.config.smtpUrl ? 'pending' : 'outbox';
      return {
        run_id: input.runId ?? null,
        node_id: null,
        channel,
        recipient_id: input.recipientId,
        title: text.title,
        body: text.body,
        status,
        attempts: 0,
        created_at: now,
        read_at: null,
        kind: input.kind,
        locale: who.locale,
        address: channel === 'mail' ? who.email : null,
        last_error: status === 'undeliverable' ? 'the recipient has no email address' : null,
        next_attempt_at: status === 'pending' ? now : null,
        sent_at: channel === 'inapp' ? now : null,
        dedupe_key: input.dedupeKey ? `${input.dedupeKey}:${channel}`.slice(0, 200) : null,
        payload: toJson(input.payload ?? null),
      };
    });
  }

  /**
   * Inserts rows inside a savepoint, so a duplicate (another process got there first) leaves the
   * caller's transaction usable; false when one of them was a duplicate (nothing inserted).
   */
  async #insert(db: Knex, rows: Row[]): Promise<boolean> {
    try {
      await db.transaction(async (sp) => {
        await insertRows(sp, 'notification', rows); // multi-row statements; on SQLite without knex's query building
      });
      return true;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return false;
    }
  }

  /**
   * Writes the notification rows (in-app delivered at once; mail pending for the sender, or in the
   * outbox): all channels in one insert, row by row only when that one met a duplicate.
   * `recipients` may carry the recipients already looked up in the same pass.
   */
  async notify(db: Knex, input: NotifyInput, now = Date.now(), recipients?: Map<string, Recipient>): Promise<number> {
    const rows = this.#rows(input, await this.#recipient(db, input.recipientId, recipients), now);
    if (rows.length > 1 && (await this.#insert(db, rows))) return rows.length;
    let written = 0;
    for (const row of rows) if (await this.#insert(db, [row])) written++;
    return written;
  }

  /** Many notifications in a few statements (a tick's notices); one by one only when a duplicate is among them. */
  async notifyMany(db: Knex, inputs: NotifyInput[], now = Date.now(), recipients = new Map<string, Recipient>()): Promise<number> {
    const missing = inputs.map((i) => i.recipientId).filter((id) => !recipients.has(id));
    if (missing.length > 1) for (const [id, who] of await recipientsOf(db, missing)) recipients.set(id, who);
    const rows: Row[] = [];
    for (const input of inputs) rows.push(...this.#rows(input, await this.#recipient(db, input.recipientId, recipients), now));
    if (rows.length > 0 && (await this.#insert(db, rows))) return rows.length;
    let written = 0;
    for (const input of inputs) written += await this.notify(db, input, now, recipients);
    return written;
  }

  /** The caller's in-app notifications, newest first. */
  async list(employeeId: string, filter: { unread?: boolean; limit: number; cursor?: number }): Promise<{ items: NotificationView[]; nextCursor: string | null }> {
    const q = this.knex('notification').where({ recipient_id: employeeId, channel: 'inapp' }).orderBy('id', 'desc').limit(filter.limit + 1);
    if (filter.unread) q.whereNull('read_at');
    if (filter.cursor !== undefined) q.where('id', '<', filter.cursor);
    const rows = (await q) as Row[];
    const items = rows.slice(0, filter.limit).map(toNotification);
    return { items, nextCursor: rows.length > filter.limit && items.length ? String(items[items.length - 1]?.id) : null };
  }

  async unreadCount(employeeId: string): Promise<number> {
    const r = (await this.knex('notification').where({ recipient_id: employeeId, channel: 'inapp' }).whereNull('read_at').count({ n: '*' }).first()) as Row | undefined;
    return Number(r?.n ?? 0);
  }

  /** Marks one of the caller's notifications read (404 for anyone else's). */
  async markRead(id: number, employeeId: string, now = Date.now()): Promise<NotificationView> {
    const row = (await this.knex('notification').where({ id, recipient_id: employeeId, channel: 'inapp' }).first()) as Row | undefined;
    if (!row) throw UserError.notFound('notification', id);
    if (row.read_at === null) await this.knex('notification').where({ id }).whereNull('read_at').update({ read_at: now });
    return toNotification((await this.knex('notification').where({ id }).first()) as Row);
  }

  async markAllRead(employeeId: string, now = Date.now()): Promise<number> {
    return this.knex('notification').where({ recipient_id: employeeId, channel: 'inapp' }).whereNull('read_at').update({ read_at: now });
  }

  /** Mail and IM deliveries (the outbox), newest first, with status, attempts and the last error. */
  async outbox(filter: { status?: string; channel?: string; limit: number; cursor?: number }): Promise<{ items: NotificationView[]; nextCursor: string | null }> {
    const q = this.knex('notification').whereIn('channel', ['mail', 'im']).orderBy('id', 'desc').limit(filter.limit + 1);
    if (filter.status) q.where('status', filter.status);
    if (filter.channel) q.where('channel', filter.channel);
    if (filter.cursor !== undefined) q.where('id', '<', filter.cursor);
    const rows = (await q) as Row[];
    const items = rows.slice(0, filter.limit).map(toNotification);
    return { items, nextCursor: rows.length > filter.limit && items.length ? String(items[items.length - 1]?.id) : null };
  }

  /** Sends a failed (or outbox) delivery again: back to pending with a fresh attempt budget. */
  async retry(id: number, now = Date.now()): Promise<NotificationView> {
    const row = (await this.knex('notification').where({ id }).whereIn('channel', ['mail', 'im']).first()) as Row | undefined;
    if (!row) throw UserError.notFound('delivery', id);
    if (!['failed', 'outbox', 'undeliverable'].includes(String(row.status))) throw UserError.conflict('NOT_RETRYABLE', `delivery ${id} is ${String(row.status)}`);
    await this.knex('notification').where({ id }).update({ status: 'pending', attempts: 0, next_attempt_at: now });
    return toNotification((await this.knex('notification').where({ id }).first()) as Row);
  }
}
