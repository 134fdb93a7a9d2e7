/**
 * The delivery loop for mail and IM: picks due `pending` rows (and `sending` rows whose claim ran
 * out: the process died mid-send), claims each with a conditional update (so two processes never
 * send the same row), sends it, and records the outcome. A failure is retried with exponential
 * backoff (30 s, 1 min, 2 min… capped at 1 h) until `maxAttempts`, then stays `failed` with its
 * last error, visible in the outbox and retryable. Nothing is dropped silently: a mail without an
 * address or SMTP server, or an IM message without a configured bot, is marked so, with a reason.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Knex } from '@mikro-orm/mysql';
import type { Logger } from '../logger.js';
import type { NotifyConfig } from './notify-config.js';
import { recipientOf } from './notification.service.js';
import { sendIm } from './im.sender.js';
import { WORDS, localeOf } from './templates.js';

type Row = Record<string, unknown>;

const CLAIM_MS = 60_000;
const BATCH = 20;

export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(attempts - 1, 0), 3_600_000);
}

const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let t = transports.get(smtpUrl);
  if (!t) {
    t = nodemailer.createTransport(smtpUrl, { connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 10000 } as never);
    transports.set(smtpUrl, t);
  }
  return t;
}

export interface DeliveryReport {
  sent: number;
  failed: number;
  parked: number;
}

async function sendOne(knex: Knex, config: NotifyConfig, row: Row, now: number): Promise<'sent' | { park: string; reason: string }> {
  if (row.channel === 'mail') {
    const who = row.recipient_id ? await recipientOf(knex, String(row.recipient_id)) : null;
    const to = (row.address as string | null) ?? who?.email ?? null;
    if (!to) return { park: 'undeliverable', reason: 'the recipient has no email address' };
    if (!config.smtpUrl) return { park: 'outbox', reason: 'no SMTP server configured (SMTP_URL): kept in the outbox' };
    const locale = localeOf(row.locale ?? who?.locale);
    await transportFor(config.smtpUrl).sendMail({
      from: config.mailFrom,
      to,
      subject: String(row.title),
      text: `${String(row.body)}\n\n${WORDS[locale].mailFooter}`,
      headers: { 'Content-Language': locale, 'X-Coachflow-Notification': String(row.id) },
    });
    return 'sent';
  }
  if (!config.im) return { park: 'undeliverable', reason: 'no IM bot configured (COACHFLOW_IM_PLATFORM, COACHFLOW_IM_WEBHOOK)' };
  const name = row.recipient_id ? ((await knex('employee').where({ id: row.recipient_id }).first('name')) as Row | undefined)?.name : null;
  await sendIm(config.im, `${name ? `@${String(name)} ` : ''}${String(row.title)}\n${String(row.body)}`, now);
  return 'sent';
}

/** One pass: sends what is due, within `budgetMs`. */
export async function deliverDue(knex: Knex, config: NotifyConfig, log: Logger, now = Date.now(), budgetMs = 3000): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, failed: 0, parked: 0 };
  const started = Date.now();
  const due = (await knex('notification')
    .whereIn('channel', ['mail', 'im'])
    .whereIn('status', ['pending', 'sending'])
    .andWhere((q) => q.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now))
    .orderBy('id')
    .limit(BATCH)) as Row[];
  for (const row of due) {
    if (Date.now() - started > budgetMs) break;
    const claimed = await knex('notification')
      .where({ id: row.id, status: row.status })
      .andWhere((q) => (row.next_attempt_at === null ? q.whereNull('next_attempt_at') : q.where('next_attempt_at', row.next_attempt_at as number)))
      .update({ status: 'sending', next_attempt_at: now + CLAIM_MS });
    if (claimed === 0) continue;
    const attempts = Number(row.attempts ?? 0) + 1;
    try {
      const outcome = await sendOne(knex, config, row, now);
      if (outcome === 'sent') {
        await knex('notification').where({ id: row.id }).update({ status: 'sent', attempts, sent_at: Date.now(), next_attempt_at: null, last_error: null });
        report.sent++;
      } else {
        await knex('notification').where({ id: row.id }).update({ status: outcome.park, next_attempt_at: null, last_error: outcome.reason });
        report.parked++;
      }
    } catch (e) {
      const message = (e as Error).message.slice(0, 2000);
      const giveUp = attempts >= config.maxAttempts;
      await knex('notification')
        .where({ id: row.id })
        .update({ status: giveUp ? 'failed' : 'pending', attempts, last_error: message, next_attempt_at: giveUp ? null : now + backoffMs(attempts) });
      report.failed++;
      log.warn('notification delivery failed', { id: Number(row.id), channel: String(row.channel), attempts, giveUp, err: message });
    }
  }
  return report;
}
