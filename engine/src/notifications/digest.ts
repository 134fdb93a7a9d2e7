/**
 * The executive digest: a daily or weekly summary of the strategy-drift signals (`strategy.drift`
 * events) per objective — how many signals, the latest share of linked goals at risk, the trend
 * over the analysed periods and its direction, the regions and the reasons — sent in-app and by
 * mail to every executive, in their language. Aggregated figures only: no person's coaching notes.
 * Each digest goes out once per period (its dedupe key names the period), whichever process sends it.
 */
import type { Knex } from '@mikro-orm/mysql';
import { fromJson } from '../persistence/json.js';
import type { NotificationService } from './notification.service.js';
import { WORDS, type Locale } from './templates.js';

type Row = Record<string, unknown>;
export type DigestFrequency = 'daily' | 'weekly';

const DAY = 86_400_000;

export interface DigestObjective {
  objectiveId: string;
  title: string;
  titleEn: string | null;
  signals: number;
  latestShare: number | null;
  threshold: number | null;
  trend: Array<{ period: string; goalsAtRiskShare: number }>;
  direction: 'worsening' | 'improving' | 'steady';
  regions: string[];
  reasons: string[];
  obstacleThemes: Array<{ theme: string; count: number }>;
  lastSignalAt: string;
}

export interface Digest {
  frequency: DigestFrequency;
  /** Period key (UTC day `2026-11-26` or ISO-week-like `2026-11-23/W`). */
  period: string;
  from: string;
  to: string;
  objectives: DigestObjective[];
}

/** The period a moment falls in: days from UTC midnight, weeks from Monday UTC. */
export function periodOf(frequency: DigestFrequency, now: number): { key: string; start: number } {
  const day = Math.floor(now / DAY);
  const startDay = frequency === 'daily' ? day : day - ((day + 3) % 7); // 1970-01-01 was a Thursday
  const start = startDay * DAY;
  const date = new Date(start).toISOString().slice(0, 10);
  return { key: frequency === 'daily' ? date : `${date}/W`, start };
}

/** The drift signals of the last day or week before `now`, per objective. */
export async function computeDigest(knex: Knex, frequency: DigestFrequency, now = Date.now()): Promise<Digest> {
  const from = now - (frequency === 'daily' ? DAY : 7 * DAY);
  const rows = (await knex('event').where({ type: 'strategy.drift' }).andWhere('received_at', '>=', from).andWhere('received_at', '<', now).orderBy('id').limit(5000)) as Row[];
  const by = new Map<string, { payloads: Record<string, unknown>[]; last: number }>();
  for (const row of rows) {
    const payload = fromJson<Record<string, unknown>>(row.payload);
    const objective = (payload.objective ?? {}) as Record<string, unknown>;
    const id = String(objective.id ?? 'unknown');
    const entry = by.get(id) ?? { payloads: [], last: 0 };
    entry.payloads.push(payload);
    entry.last = Math.max(entry.last, Number(row.received_at));
    by.set(id, entry);
  }
  const objectives: DigestObjective[] = [];
  for (const [objectiveId, { payloads, last }] of by) {
    const latest = payloads[payloads.length - 1] as Record<string, unknown>;
    const objective = (latest.objective ?? {}) as Record<string, unknown>;
    const measures = (latest.measures ?? {}) as Record<string, unknown>;
    const trend = (Array.isArray(latest.trend) ? latest.trend : [])
      .map((t) => ({ period: String((t as Row).period), goalsAtRiskShare: Number((t as Row).goalsAtRiskShare) }))
      .filter((t) => Number.isFinite(t.goalsAtRiskShare));
    const first = trend[0]?.goalsAtRiskShare;
    const lastShare = trend[trend.length - 1]?.goalsAtRiskShare ?? (typeof measures.goalsAtRiskShare === 'number' ? measures.goalsAtRiskShare : undefined);
    const delta = first !== undefined && lastShare !== undefined ? lastShare - first : 0;
    const reasons = new Set<string>();
    const regions = new Set<string>();
    for (const p of payloads) {
      for (const r of Array.isArray(p.reasons) ? p.reasons : []) reasons.add(typeof r === 'string' ? r : String((r as Row).code ?? (r as Row).kind ?? JSON.stringify(r)));
      if (typeof p.region === 'string' && p.region) regions.add(p.region);
    }
    objectives.push({
      objectiveId,
      title: String(objective.title ?? objectiveId),
      titleEn: typeof objective.titleEn === 'string' ? objective.titleEn : null,
      signals: payloads.length,
      latestShare: lastShare ?? null,
      threshold: typeof latest.threshold === 'number' ? latest.threshold : null,
      trend,
      direction: delta > 0.02 ? 'worsening' : delta < -0.02 ? 'improving' : 'steady',
      regions: [...regions].sort(),
      reasons: [...reasons].slice(0, 10),
      obstacleThemes: (Array.isArray(measures.obstacleThemes) ? measures.obstacleThemes : []).slice(0, 5).map((t) => ({ theme: String((t as Row).theme), count: Number((t as Row).count) })),
      lastSignalAt: new Date(last).toISOString(),
    });
  }
  objectives.sort((a, b) => (b.latestShare ?? 0) - (a.latestShare ?? 0) || a.objectiveId.localeCompare(b.objectiveId));
  // Labelled by the period the window ends in (a digest sent at a period's start covers the one before).
  const period = periodOf(frequency, now - 1);
  return { frequency, period: period.key, from: new Date(from).toISOString(), to: new Date(now).toISOString(), objectives };
}

const pct = (x: number | null): string => (x === null ? '–' : `${Math.round(x * 100)}%`);

/** The digest as text in one language. */
export function digestText(digest: Digest, locale: Locale): string {
  if (digest.objectives.length === 0) return WORDS[locale].noDrift as string;
  const arrows = { worsening: locale === 'en' ? 'worsening ↑' : '恶化 ↑', improving: locale === 'en' ? 'improving ↓' : '好转 ↓', steady: locale === 'en' ? 'steady →' : '持平 →' };
  return digest.objectives
    .map((o) => {
      const title = locale === 'en' ? (o.titleEn ?? o.title) : o.title;
      const trend = o.trend.map((t) => `${t.period} ${pct(t.goalsAtRiskShare)}`).join(' → ');
      const head =
        locale === 'en'
          ? `• ${title}: ${pct(o.latestShare)} of linked goals at risk (${arrows[o.direction]}), ${o.signals} signal(s)`
          : `• ${title}:关联目标风险占比 ${pct(o.latestShare)}(${arrows[o.direction]}),${o.signals} 条信号`;
      const where = o.regions.length ? (locale === 'en' ? ` in ${o.regions.join(', ')}` : `,区域:${o.regions.join('、')}`) : '';
      const themes = o.obstacleThemes.length ? (locale === 'en' ? `; obstacles: ${o.obstacleThemes.map((t) => `${t.theme} ×${t.count}`).join(', ')}` : `;阻力:${o.obstacleThemes.map((t) => `${t.theme}×${t.count}`).join('、')}`) : '';
      return `${head}${where}${themes}${trend ? `\n  ${locale === 'en' ? 'trend' : '趋势'}: ${trend}` : ''}`;
    })
    .join('\n');
}

/** Sends the digest of the day/week before `now` to every executive (once per period unless `manual`; nothing when there is no signal, unless `sendEmpty`). */
export async function sendDigest(knex: Knex, notifications: NotificationService, frequency: DigestFrequency, now = Date.now(), opts: { sendEmpty?: boolean; manual?: boolean } = {}): Promise<{ period: string; recipients: number; objectives: number; written: number }> {
  const digest = await computeDigest(knex, frequency, now);
  if (digest.objectives.length === 0 && !opts.sendEmpty) return { period: digest.period, recipients: 0, objectives: 0, written: 0 };
  const users = (await knex('user').where({ status: 'active' }).whereNotNull('employee_id').select('employee_id', 'roles')) as Row[];
  const executives = [...new Set(users.filter((u) => fromJson<string[]>(u.roles).includes('executive')).map((u) => String(u.employee_id)))];
  let written = 0;
  for (const recipientId of executives) {
    written += await notifications.notify(
      knex,
      {
        recipientId,
        kind: 'digest',
        vars: (locale) => ({ period: `${frequency === 'daily' ? (locale === 'en' ? 'daily' : '日报') : locale === 'en' ? 'weekly' : '周报'} ${digest.period.replace('/W', '')}`, summary: digestText(digest, locale) }),
        dedupeKey: opts.manual ? `digest:manual:${frequency}:${now}:${recipientId}` : `digest:${frequency}:${digest.period}:${recipientId}`,
        payload: { digest: { frequency, period: digest.period, from: digest.from, to: digest.to, objectives: digest.objectives.map((o) => ({ objectiveId: o.objectiveId, latestShare: o.latestShare, direction: o.direction, signals: o.signals })) } },
      },
      now,
    );
  }
  return { period: digest.period, recipients: executives.length, objectives: digest.objectives.length, written };
}
