/** SQL on the `plugin` table (explicit knex, like the rest of the runtime data access). */
import type { Knex } from '@mikro-orm/mysql';
import { fromJsonOrNull, toJson } from '../persistence/json.js';
import type { PluginRow, PluginSourceKind } from './plugin.types.js';

type Row = Record<string, unknown>;

function toRow(r: Row): PluginRow {
  return {
    id: String(r.id),
    connectorId: (r.connector_id as string | null) ?? null,
    version: String(r.version),
    source: String(r.source),
    sourceKind: String(r.source_kind) as PluginSourceKind,
    enabled: r.enabled === true || r.enabled === 1 || r.enabled === '1',
    installDir: (r.install_dir as string | null) ?? null,
    installedAt: Number(r.installed_at),
    updatedAt: Number(r.updated_at),
    problems: fromJsonOrNull<string[]>(r.problems) ?? [],
  };
}

export class PluginStore {
  constructor(private readonly knex: Knex) {}

  async all(): Promise<PluginRow[]> {
    return ((await this.knex('plugin').select('*').orderBy('installed_at', 'asc')) as Row[]).map(toRow);
  }

  async get(id: string): Promise<PluginRow | null> {
    const r = (await this.knex('plugin').where({ id }).first()) as Row | undefined;
    return r ? toRow(r) : null;
  }

  /** Inserts or replaces the row of `row.id`. */
  async upsert(row: PluginRow): Promise<void> {
    const values = {
      connector_id: row.connectorId,
      version: row.version,
      source: row.source,
      source_kind: row.sourceKind,
      enabled: row.enabled,
      install_dir: row.installDir,
      installed_at: row.installedAt,
      updated_at: row.updatedAt,
      problems: row.problems.length ? toJson(row.problems) : null,
    };
    await this.knex.transaction(async (trx) => {
      const n = await trx('plugin').where({ id: row.id }).update(values);
      if (n === 0) await trx('plugin').insert({ id: row.id, ...values });
    });
  }

  async setEnabled(id: string, enabled: boolean, now: number): Promise<void> {
    await this.knex('plugin').where({ id }).update({ enabled, updated_at: now, ...(enabled ? { problems: null } : {}) });
  }

  /** Records what a process found when loading (does not bump `updated_at`: other processes need not reload). */
  async noteLoad(id: string, connectorId: string | null, problems: string[]): Promise<void> {
    await this.knex('plugin').where({ id }).update({ connector_id: connectorId, problems: problems.length ? toJson(problems) : null });
  }

  async remove(id: string): Promise<void> {
    await this.knex('plugin').where({ id }).delete();
  }
}
