/**
 * The audit log: an append-only record of every change and decision — who (a user, an API token,
 * a workflow run or the system), what, when, before/after for definitions and settings — made
 * tamper-evident by a hash chain: each entry stores the SHA-256 of the previous entry and its own
 * hash over its content and that link, so editing, deleting or reordering any entry breaks
 * {@link verifyAuditChain}.
 *
 * Appending serialises on the single `audit_head` row (locked with FOR UPDATE on MySQL; SQLite has
 * one writer), so concurrent writers in several processes never fork the chain. Call
 * {@link recordAudit} with the transaction of the change it records, so both commit or neither.
 * Secrets never enter the log: keys that look like secrets are redacted before writing.
 */
import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/mysql';
import { fromJsonOrNull, insertedId, isUniqueViolation, toJson } from '../persistence/json.js';
import { transactionWithRetry } from '../persistence/transactions.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditActor {
  type: 'user' | 'token' | 'run' | 'system';
  /** User id, token id, run id; null for the system. */
  id: string | null;
  name?: string | null;
  /** The person the actor acted for (delegation). */
  onBehalfOf?: string | null;
  ip?: string | null;
}

export interface AuditEntry {
  actor: AuditActor;
  /** Dotted verb, e.g. `workflow.update`, `approval.decide`, `auth.sign_in`, `plugin.install`. */
  action: string;
  target?: { type: string; id: string | number } | null;
  before?: unknown;
  after?: unknown;
  details?: unknown;
  /** Epoch ms; defaults to now. */
  at?: number;
}

export interface AuditRecord {
  id: number;
  seq: number;
  at: string;
  actor: { type: string; id: string | null; name: string | null; onBehalfOf: string | null; ip: string | null };
  action: string;
  target: { type: string; id: string } | null;
  before: unknown;
  after: unknown;
  details: unknown;
  prevHash: string;
  hash: string;
}

type Row = Record<string, unknown>;

const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|private[-_]?key|credential[-_]?value|authorization|cookie|^key$|signing/i;
const REDACTED = '[redacted]';

/** Copies a value with every secret-looking key replaced by `[redacted]` (depth-limited). */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined && typeof v !== 'boolean' ? REDACTED : redactSecrets(v, depth + 1);
  }
  return out;
}

/** The hash of one stored row: every stored field (JSON columns as stored text) and the previous hash. */
export function auditHash(row: Row): string {
  const fields = [
    Number(row.seq),
    Number(row.at),
    String(row.actor_type),
    (row.actor_id as string | null) ?? null,
    (row.actor_name as string | null) ?? null,
    (row.on_behalf_of as string | null) ?? null,
    String(row.action),
    (row.target_type as string | null) ?? null,
    (row.target_id as string | null) ?? null,
    (row.before as string | null) ?? null,
    (row.after as string | null) ?? null,
    (row.details as string | null) ?? null,
    (row.ip as string | null) ?? null,
    String(row.prev_hash),
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

function isTransaction(db: Knex): boolean {
  return Boolean((db as unknown as { isTransaction?: boolean }).isTransaction);
}

/** Whether a knex instance talks to MySQL / MariaDB (row locks with FOR UPDATE; SQLite has a single writer anyway). */
export function isMysql(db: Knex): boolean {
  const client = (db as unknown as { client?: { config?: { client?: unknown }; dialect?: string } }).client;
  const name = String(client?.dialect ?? client?.config?.client ?? '');
  return /mysql|maria/i.test(name);
}

const clip = (s: string | null | undefined, n: number): string | null => (s === null || s === undefined ? null : String(s).slice(0, n));

/**
 * Creates the chain's head row outside any transaction (at start-up). Appending then only locks it:
 * an insert-if-missing inside concurrent transactions deadlocks on MySQL (shared then exclusive lock).
 */
export async function ensureAuditHead(knex: Knex): Promise<void> {
  await knex('audit_head').insert({ id: 1, seq: 0, hash: GENESIS_HASH }).onConflict('id').ignore();
}

async function lockHead(trx: Knex): Promise<Row | undefined> {
  const headQuery = trx('audit_head').where({ id: 1 });
  return (await (isMysql(trx) ? headQuery.forUpdate() : headQuery).first()) as Row | undefined;
}

async function append(trx: Knex, entry: AuditEntry): Promise<{ id: number; seq: number; hash: string }> {
  let head = await lockHead(trx);
  if (!head) {
    // Not seeded yet (a database migrated after this process started): create it, tolerating a race.
    try {
      await trx('audit_head').insert({ id: 1, seq: 0, hash: GENESIS_HASH });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
    head = (await lockHead(trx)) as Row;
  }
  const seq = Number(head.seq) + 1;
  const row: Row = {
    seq,
    at: entry.at ?? Date.now(),
    actor_type: entry.actor.type,
    actor_id: clip(entry.actor.id, 64),
    actor_name: clip(entry.actor.name, 200),
    on_behalf_of: clip(entry.actor.onBehalfOf, 64),
    action: entry.action.slice(0, 64),
    target_type: entry.target ? entry.target.type.slice(0, 64) : null,
    target_id: entry.target ? String(entry.target.id).slice(0, 100) : null,
    before: toJson(redactSecrets(entry.before)),
    after: toJson(redactSecrets(entry.after)),
    details: toJson(redactSecrets(entry.details)),
    ip: clip(entry.actor.ip, 64),
    prev_hash: String(head.hash),
  };
  row.hash = auditHash(row);
  const id = insertedId(await trx('audit_log').insert(row));
  await trx('audit_head').where({ id: 1 }).update({ seq, hash: row.hash });
  return { id, seq, hash: String(row.hash) };
}

/**
 * Appends one entry. Pass the transaction of the change it records (`trx`): the entry commits with
 * it. Given a plain knex, it opens its own transaction.
 */
export async function recordAudit(db: Knex, entry: AuditEntry): Promise<{ id: number; seq: number; hash: string }> {
  if (isTransaction(db)) return append(db, entry);
  // Another process may append meanwhile (the CLI beside a running engine on the same SQLite file):
  // the chain's last hash is read first, so a conflict is retried with the whole transaction.
  return transactionWithRetry(db, (trx) => append(trx, entry));
}

export function toAuditRecord(row: Row): AuditRecord {
  return {
    id: Number(row.id),
    seq: Number(row.seq),
    at: new Date(Number(row.at)).toISOString(),
    actor: {
      type: String(row.actor_type),
      id: (row.actor_id as string | null) ?? null,
      name: (row.actor_name as string | null) ?? null,
      onBehalfOf: (row.on_behalf_of as string | null) ?? null,
      ip: (row.ip as string | null) ?? null,
    },
    action: String(row.action),
    target: row.target_type ? { type: String(row.target_type), id: String(row.target_id) } : null,
    before: fromJsonOrNull(row.before),
    after: fromJsonOrNull(row.after),
    details: fromJsonOrNull(row.details),
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  };
}

export interface AuditFilter {
  action?: string;
  /** Prefix match on the action (e.g. `workflow.`). */
  actionPrefix?: string;
  actorType?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: number;
  to?: number;
  /** Newest first; the id of the last entry of the previous page. */
  cursor?: number;
  limit: number;
}

export async function listAudit(knex: Knex, filter: AuditFilter): Promise<{ items: AuditRecord[]; nextCursor: string | null }> {
  const q = knex('audit_log').orderBy('id', 'desc').limit(filter.limit + 1);
  if (filter.action) q.where('action', filter.action);
  if (filter.actionPrefix) q.where('action', 'like', `${filter.actionPrefix.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  if (filter.actorType) q.where('actor_type', filter.actorType);
  if (filter.actorId) q.where('actor_id', filter.actorId);
  if (filter.targetType) q.where('target_type', filter.targetType);
  if (filter.targetId) q.where('target_id', filter.targetId);
  if (filter.from !== undefined) q.where('at', '>=', filter.from);
  if (filter.to !== undefined) q.where('at', '<', filter.to);
  if (filter.cursor !== undefined) q.where('id', '<', filter.cursor);
  const rows = (await q) as Row[];
  const items = rows.slice(0, filter.limit).map(toAuditRecord);
  return { items, nextCursor: rows.length > filter.limit && items.length ? String(items[items.length - 1]?.id) : null };
}

export interface ChainVerification {
  ok: boolean;
  entries: number;
  headSeq: number;
  /** The first entry that does not verify, and why. */
  broken: { seq: number; id: number | null; reason: 'hash_mismatch' | 'link_broken' | 'sequence_gap' | 'head_mismatch' } | null;
}

/** Re-computes every hash in order and checks the links and the head; stops at the first break. */
export async function verifyAuditChain(knex: Knex): Promise<ChainVerification> {
  const head = (await knex('audit_head').where({ id: 1 }).first()) as Row | undefined;
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  let lastSeq = 0;
  for (;;) {
    const rows = (await knex('audit_log').where('seq', '>', lastSeq).orderBy('seq').limit(1000)) as Row[];
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      lastSeq = seq;
      const at = { seq, id: Number(row.id) };
      if (seq !== expectedSeq) return { ok: false, entries, headSeq: Number(head?.seq ?? 0), broken: { ...at, reason: 'sequence_gap' } };
      if (String(row.prev_hash) !== prev) return { ok: false, entries, headSeq: Number(head?.seq ?? 0), broken: { ...at, reason: 'link_broken' } };
      if (auditHash(row) !== String(row.hash)) return { ok: false, entries, headSeq: Number(head?.seq ?? 0), broken: { ...at, reason: 'hash_mismatch' } };
      prev = String(row.hash);
      expectedSeq++;
      entries++;
    }
  }
  const headSeq = Number(head?.seq ?? 0);
  const headHash = String(head?.hash ?? GENESIS_HASH);
  // Entries cut off the end (or a forged head) show as a head that does not match the last entry.
  if (headSeq !== entries || headHash !== prev) return { ok: false, entries, headSeq, broken: { seq: entries + 1, id: null, reason: 'head_mismatch' } };
  return { ok: true, entries, headSeq, broken: null };
}
