/**
 * Stores, reads and rotates connector credentials. Values are encrypted one by one (cipher.ts) and
 * only decrypted for an action call of their own connector or a callback it verifies. Decrypted
 * values are cached briefly per (connector, revision): a replacement bumps the revision, so every
 * process sees it on its next call.
 */
import type { Knex } from '@mikro-orm/mysql';
import { UserError } from '@coachflow/model';
import { fromJson, toJson } from '../persistence/json.js';
import { transactionWithRetry } from '../persistence/transactions.js';
import type { Logger } from '../logger.js';
import { aadOf, decryptValue, encryptValue, parseCiphertext } from './cipher.js';
import { readKeyFile, type SecretKey } from './secret-key.js';
import type { CredentialAccess, CredentialDeclaration, CredentialsView } from './credential.types.js';

type Row = Record<string, unknown>;

/** How long decrypted values stay in memory. */
export const CREDENTIAL_CACHE_MS = 60_000;
const MAX_VALUE_LENGTH = 16_384;

export class CredentialKeyError extends Error {
  readonly code = 'CREDENTIALS_KEY_MISMATCH';
}

export class CredentialService {
  #key: SecretKey;
  #cache = new Map<string, { access: CredentialAccess; until: number }>();

  constructor(
    private readonly knex: Knex,
    key: SecretKey,
    private readonly log: Logger,
  ) {
    this.#key = key;
  }

  /** The id of the key in use (never the key). */
  get keyId(): string {
    return this.#key.id;
  }

  get keySource(): SecretKey['source'] {
    return this.#key.source;
  }

  /** Decrypts one stored value; a value under another key triggers one re-read of the key file (after `rotate-key`). */
  #decrypt(connectorId: string, field: string, token: string): string {
    const parsed = parseCiphertext(token);
    if (parsed.keyId !== this.#key.id && this.#key.path) {
      const reread = readKeyFile(this.#key.path);
      if (reread.id !== this.#key.id) {
        this.log.info('credential key changed on disk; using the new key', { keyId: reread.id });
        this.#key = reread;
        this.#cache.clear();
      }
    }
    if (parsed.keyId !== this.#key.id) {
      throw new CredentialKeyError(`credentials of ${connectorId} are encrypted under key ${parsed.keyId}, this process has key ${this.#key.id}; start it with the current key`);
    }
    return decryptValue(parsed, this.#key.key, aadOf(connectorId, field));
  }

  async #row(connectorId: string, trx: Knex = this.knex): Promise<Row | undefined> {
    return (await trx('connector_credential').where({ connector_id: connectorId }).first()) as Row | undefined;
  }

  /** What is set (never secret values). */
  async describe(connectorId: string, declaration: CredentialDeclaration | undefined): Promise<CredentialsView> {
    const row = await this.#row(connectorId);
    const stored = row ? fromJson<Record<string, string>>(row.fields) : {};
    const names = new Set([...Object.keys(declaration ?? {}), ...Object.keys(stored)]);
    const fields: CredentialsView['fields'] = {};
    for (const name of names) {
      const decl = declaration?.[name];
      // A field the connector no longer declares is treated as secret: its value stays hidden.
      const secret = decl ? decl.secret === true : true;
      const set = Object.hasOwn(stored, name);
      fields[name] = { set, secret, required: decl?.required === true };
      if (set && !secret) fields[name].value = this.#decrypt(connectorId, name, stored[name] as string);
    }
    return {
      connectorId,
      revision: row ? Number(row.revision) : 0,
      updatedAt: row ? new Date(Number(row.updated_at)).toISOString() : null,
      updatedBy: row ? ((row.updated_by as string | null) ?? null) : null,
      fields,
    };
  }

  /** Replaces every field of the connector's credentials (PUT semantics). Returns the field names stored. */
  async replace(connectorId: string, values: Record<string, string>, declaration: CredentialDeclaration | undefined, actor: string | null): Promise<{ revision: number; fields: string[] }> {
    for (const [name, value] of Object.entries(values)) {
      if (declaration && !Object.hasOwn(declaration, name)) throw UserError.badRequest('UNKNOWN_CREDENTIAL_FIELD', `connector ${connectorId} declares no credential field "${name}"`);
      if (typeof value !== 'string') throw UserError.badRequest('INVALID_CREDENTIAL', `credential field "${name}" must be a string`);
      if (value.length > MAX_VALUE_LENGTH) throw UserError.badRequest('INVALID_CREDENTIAL', `credential field "${name}" is longer than ${MAX_VALUE_LENGTH} characters`);
    }
    for (const [name, decl] of Object.entries(declaration ?? {})) {
      if (decl.required && !values[name]) throw UserError.badRequest('MISSING_CREDENTIAL', `credential field "${name}" of ${connectorId} is required`);
    }
    const encrypted: Record<string, string> = {};
    for (const [name, value] of Object.entries(values)) {
      if (value === '') continue; // empty = not set
      encrypted[name] = encryptValue(value, this.#key.key, this.#key.id, aadOf(connectorId, name));
    }
    const now = Date.now();
    // Read, then write: another process's commit in between (the CLI beside a running engine on SQLite) is retried.
    const revision = await transactionWithRetry(this.knex, async (trx) => {
      const row = await this.#row(connectorId, trx);
      const next = row ? Number(row.revision) + 1 : 1;
      if (row) {
        await trx('connector_credential').where({ connector_id: connectorId }).update({ fields: toJson(encrypted), revision: next, updated_at: now, updated_by: actor });
      } else {
        await trx('connector_credential').insert({ connector_id: connectorId, fields: toJson(encrypted), revision: next, updated_at: now, updated_by: actor });
      }
      return next;
    });
    this.#forget(connectorId);
    return { revision, fields: Object.keys(encrypted) };
  }

  async remove(connectorId: string): Promise<boolean> {
    const n = await this.knex('connector_credential').where({ connector_id: connectorId }).delete();
    this.#forget(connectorId);
    return n > 0;
  }

  #forget(connectorId: string): void {
    for (const k of this.#cache.keys()) if (k.startsWith(`${connectorId}\u0000`)) this.#cache.delete(k);
  }

  /**
   * The decrypted credentials of one connector, for one call of that connector only. One indexed
   * read of the revision per call; the values are decrypted again when the revision changed or the
   * cache entry is older than CREDENTIAL_CACHE_MS.
   */
  async forConnector(connectorId: string, declaration: CredentialDeclaration | undefined, now = Date.now()): Promise<CredentialAccess> {
    const head = (await this.knex('connector_credential').where({ connector_id: connectorId }).first('revision')) as Row | undefined;
    if (!head) return { credentials: {}, secrets: [] };
    const cacheKey = `${connectorId}\u0000${Number(head.revision)}`;
    const hit = this.#cache.get(cacheKey);
    if (hit && hit.until > now) return hit.access;
    const row = await this.#row(connectorId);
    if (!row) return { credentials: {}, secrets: [] };
    const stored = fromJson<Record<string, string>>(row.fields);
    const credentials: Record<string, string> = {};
    const secrets: string[] = [];
    for (const [name, token] of Object.entries(stored)) {
      const value = this.#decrypt(connectorId, name, token);
      credentials[name] = value;
      // Declared secret, or not declared at all (then it is hidden like a secret).
      if (!declaration?.[name] || declaration[name].secret === true) secrets.push(value);
    }
    const access = { credentials, secrets };
    this.#forget(connectorId);
    this.#cache.set(`${connectorId}\u0000${Number(row.revision)}`, { access, until: now + CREDENTIAL_CACHE_MS });
    return access;
  }

  /** Connector ids with stored credentials. */
  async connectorIds(): Promise<string[]> {
    return ((await this.knex('connector_credential').select('connector_id').orderBy('connector_id')) as Row[]).map((r) => String(r.connector_id));
  }

  /**
   * Re-encrypts every stored value under `next` in one transaction. Values already under `next`
   * (an interrupted earlier rotation) are left as they are. The caller then installs the new key.
   */
  async rotate(next: SecretKey): Promise<{ connectors: number; values: number }> {
    let values = 0;
    const rows = await transactionWithRetry(this.knex, async (trx) => {
      values = 0; // counted again if a conflict made the transaction run again
      const all = (await trx('connector_credential').select('*')) as Row[];
      for (const row of all) {
        const connectorId = String(row.connector_id);
        const stored = fromJson<Record<string, string>>(row.fields);
        const out: Record<string, string> = {};
        for (const [name, token] of Object.entries(stored)) {
          const parsed = parseCiphertext(token);
          if (parsed.keyId === next.id) {
            out[name] = token;
            continue;
          }
          const plain = this.#decrypt(connectorId, name, token);
          out[name] = encryptValue(plain, next.key, next.id, aadOf(connectorId, name));
          values++;
        }
        await trx('connector_credential').where({ connector_id: connectorId }).update({ fields: toJson(out) });
      }
      return all.length;
    });
    // The key still comes from where it came from (the key file is replaced by the caller).
    this.#key = { key: next.key, id: next.id, source: this.#key.source, path: this.#key.path };
    this.#cache.clear();
    return { connectors: rows, values };
  }
}
