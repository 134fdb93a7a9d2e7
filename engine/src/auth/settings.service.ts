/**
 * System settings (it_admin): the knobs of reminders, escalation and the executive digest. Stored
 * as JSON per key; every change is audited with before and after.
 */
import { UserError } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import { recordAudit, type AuditActor } from '../audit/audit.js';
import { fromJson, toJson } from '../persistence/json.js';

export interface SystemSettings {
  /** Remind the assignee this long before a task is due. */
  'inbox.reminderBeforeMs': number;
  /** Escalate an open task to the next level this long after it became overdue. */
  'inbox.escalateAfterOverdueMs': number;
  /** Escalate again, one level further up, after this long. */
  'inbox.escalationRepeatMs': number;
  /** Executive digest frequency. */
  'digest.frequency': 'daily' | 'weekly' | 'off';
}

export const DEFAULT_SETTINGS: SystemSettings = {
  'inbox.reminderBeforeMs': 24 * 3_600_000,
  'inbox.escalateAfterOverdueMs': 0,
  'inbox.escalationRepeatMs': 24 * 3_600_000,
  'digest.frequency': 'weekly',
};

const MS = { type: 'integer' as const, minimum: 0, maximum: 365 * 86_400_000 };

/** JSON Schema of a settings patch (the API validates with it). */
export const SETTINGS_PATCH_SCHEMA = {
  type: 'object' as const,
  additionalProperties: false,
  minProperties: 1,
  properties: {
    'inbox.reminderBeforeMs': MS,
    'inbox.escalateAfterOverdueMs': MS,
    'inbox.escalationRepeatMs': { ...MS, minimum: 60_000 },
    'digest.frequency': { type: 'string' as const, enum: ['daily', 'weekly', 'off'] },
  },
};

export async function readSettings(knex: Knex): Promise<SystemSettings> {
  const rows = (await knex('setting').select('key', 'value')) as Array<{ key: string; value: unknown }>;
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const r of rows) if (r.key in DEFAULT_SETTINGS) out[r.key] = fromJson(r.value);
  return out as unknown as SystemSettings;
}

export async function updateSettings(knex: Knex, patch: Partial<SystemSettings>, by: AuditActor): Promise<SystemSettings> {
  const keys = Object.keys(patch);
  if (keys.length === 0) throw UserError.badRequest('EMPTY_PATCH', 'name at least one setting');
  return knex.transaction(async (trx) => {
    const before = await readSettings(trx);
    const now = Date.now();
    for (const key of keys) {
      await trx('setting')
        .insert({ key, value: toJson((patch as Record<string, unknown>)[key]), updated_at: now, updated_by: by.id })
        .onConflict('key')
        .merge();
    }
    const after = await readSettings(trx);
    await recordAudit(trx, { actor: by, action: 'settings.update', target: { type: 'settings', id: 'system' }, before, after, at: now });
    return after;
  });
}
