/**
 * Looks for plaintext secrets (passwords, session and API tokens, connector credential values)
 * wherever the engine writes or answers (reliability suite, issue 8, "access and secrets"): every
 * API answer a test received, the engine's log files, run data read through the API (runs, steps,
 * explanations, tasks, approvals, notifications, the outbox, a person's export, the audit log) and
 * every row of every database table (MariaDB), or the SQLite files byte for byte.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { REPO, type ApiAnswer, type EngineCluster } from './engine-cluster.js';

/** A text to search, and where it came from. */
export interface Scanned {
  where: string;
  text: string;
}

export interface Leak {
  where: string;
  secret: string;
  /** The text around it, with the secret itself masked. */
  around: string;
}

/** A fresh, distinctive secret value (letters, digits and dashes: it reads the same in JSON, URLs and logs). */
export function newSecret(label: string): string {
  return `${label}-${randomBytes(12).toString('hex')}`;
}

/** The secrets of a scenario, by what they are (a label goes into the report, never the value). */
export class SecretBook {
  readonly #values = new Map<string, string>();

  add(label: string, value: string | null | undefined): string {
    if (!value) throw new Error(`secret ${label} has no value`);
    this.#values.set(value, label);
    return value;
  }

  /** A new random secret, remembered. */
  make(label: string): string {
    return this.add(label, newSecret(label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()));
  }

  get size(): number {
    return this.#values.size;
  }

  labels(): string[] {
    return [...this.#values.values()];
  }

  /** Every occurrence of a secret in the texts. */
  find(texts: Scanned[]): Leak[] {
    const leaks: Leak[] = [];
    for (const { where, text } of texts) {
      for (const [value, label] of this.#values) {
        const at = text.indexOf(value);
        if (at < 0) continue;
        const around = text.slice(Math.max(0, at - 80), at + value.length + 80).split(value).join(`<${label}>`);
        leaks.push({ where, secret: label, around });
      }
    }
    return leaks;
  }
}

/**
 * Keeps every answer the cluster's `api()` (and `as(token).api()`) receives from now on: status,
 * headers and body. `own` names the field of an answer that legitimately carries a new secret
 * (the sign-in answer's session token, a created API token) so it is left out of the scan.
 */
export function recordAnswers(cluster: EngineCluster): Scanned[] {
  const kept: Scanned[] = [];
  const call = cluster.api.bind(cluster);
  cluster.api = (async (method: string, path: string, body?: unknown, headers?: Record<string, string>) => {
    const answer: ApiAnswer = await call(method, path, body, headers);
    const own = method === 'POST' && (path.startsWith('/api/v1/auth/sign-in') || path.startsWith('/api/v1/tokens')) && answer.body && typeof answer.body === 'object';
    const shown = own ? { ...answer.body, token: '<issued by this call>' } : answer.body;
    kept.push({ where: `answer to ${method} ${path.slice(0, 120)} (${answer.status})`, text: `${JSON.stringify([...answer.headers])}\n${typeof shown === 'string' ? shown : JSON.stringify(shown)}` });
    return answer;
  }) as EngineCluster['api'];
  return kept;
}

/** The log files of a cluster (tests/test-artifacts/logs/<name>-*.log). */
export function logTexts(clusterName: string): Scanned[] {
  const dir = join(REPO, 'tests/test-artifacts/logs');
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${clusterName}-`) && statSync(join(dir, f)).isFile())
    .map((f) => ({ where: `log ${f}`, text: readFileSync(join(dir, f), 'utf8') }));
}

/** Every row of every table (MariaDB), or every byte of the SQLite database and its journal files. */
export async function databaseTexts(cluster: EngineCluster): Promise<Scanned[]> {
  if (cluster.dbUrl.startsWith('sqlite:')) {
    const file = cluster.dbUrl.replace(/^sqlite:/, '');
    const base = file.split('/').pop() as string;
    return readdirSync(dirname(file))
      .filter((f) => f.startsWith(base))
      .map((f) => ({ where: `SQLite file ${f}`, text: readFileSync(join(dirname(file), f)).toString('latin1') }));
  }
  const conn = await createConnection(cluster.dbUrl);
  try {
    const [tables] = (await conn.query('SHOW TABLES')) as unknown as [Array<Record<string, string>>];
    const out: Scanned[] = [];
    for (const t of tables.map((r) => Object.values(r)[0] as string)) {
      const [rows] = await conn.query(`SELECT * FROM \`${t}\``);
      out.push({ where: `table ${t}`, text: JSON.stringify(rows) });
    }
    return out;
  } finally {
    await conn.end();
  }
}

type Api = Pick<EngineCluster, 'api'>;

/** Every item of a paginated list (`{ items, nextCursor }`). */
export async function allItems<T = any>(api: Api, path: string, max = 5000): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: ApiAnswer<{ items: T[]; nextCursor?: string | null }> = await api.api('GET', `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (page.status !== 200) throw new Error(`GET ${path}: ${page.status} ${JSON.stringify(page.body)}`);
    items.push(...page.body.items);
    cursor = page.body.nextCursor ?? null;
  } while (cursor && items.length < max);
  return items;
}

/**
 * Run data through the API, as the admin (`api`) and as each person (`people`): every run with
 * its steps and explanation, its event, tasks, approvals, each person's notifications and export,
 * the outbox and the whole audit log.
 */
export async function runDataTexts(api: Api, people: Record<string, Api>): Promise<Scanned[]> {
  const out: Scanned[] = [];
  const keep = (where: string, value: unknown) => out.push({ where, text: JSON.stringify(value) });
  const runs = await allItems<{ id: number; eventId?: number | string | null }>(api, '/api/v1/runs');
  keep('runs list', runs);
  for (const r of runs) {
    keep(`run ${r.id}`, (await api.api('GET', `/api/v1/runs/${r.id}`)).body);
    keep(`run ${r.id} explanation`, (await api.api('GET', `/api/v1/runs/${r.id}/explanation`)).body);
    if (r.eventId !== undefined && r.eventId !== null) keep(`event ${r.eventId}`, (await api.api('GET', `/api/v1/events/${r.eventId}`)).body);
  }
  const tasks = await allItems<{ id: number }>(api, '/api/v1/tasks');
  keep('tasks', tasks);
  for (const t of tasks) keep(`task ${t.id}`, (await api.api('GET', `/api/v1/tasks/${t.id}`)).body);
  const approvals = await allItems<{ id: number }>(api, '/api/v1/approvals');
  keep('approvals', approvals);
  for (const a of approvals) keep(`approval ${a.id}`, (await api.api('GET', `/api/v1/approvals/${a.id}`)).body);
  keep('outbox', await allItems(api, '/api/v1/outbox'));
  keep('audit log', await allItems(api, '/api/v1/audit', 100_000));
  for (const [who, as] of Object.entries({ admin: api, ...people })) {
    keep(`notifications of ${who}`, (await as.api('GET', '/api/v1/notifications?limit=200')).body);
    keep(`inbox of ${who}`, (await as.api('GET', '/api/v1/inbox')).body);
    keep(`export of ${who}`, (await as.api('GET', '/api/v1/me/export')).body);
  }
  return out;
}
