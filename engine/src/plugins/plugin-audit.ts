/**
 * Plugin and credential changes go to the audit log (../audit: hash-chained `audit_log`). Entries
 * never carry credential values: only field names.
 */
import type { Knex } from '@mikro-orm/mysql';
import { recordAudit, type AuditActor } from '../audit/index.js';

export type { AuditActor };

export interface AuditEntry {
  /** plugin.install, plugin.enable, plugin.disable, plugin.remove, credentials.replace, credentials.remove, credentials.rotate_key */
  action: string;
  actor: AuditActor;
  targetType: 'plugin' | 'connector_credentials' | 'credential_key';
  targetId: string;
  details?: Record<string, unknown>;
}

export interface AuditRecorder {
  record(entry: AuditEntry): Promise<void>;
}

/** The command line acting (no signed-in user). */
export const CLI_ACTOR: AuditActor = { type: 'system', id: null, name: 'engine CLI' };

export function auditLogRecorder(knex: Knex): AuditRecorder {
  return {
    async record(entry) {
      await recordAudit(knex, { actor: entry.actor, action: entry.action, target: { type: entry.targetType, id: entry.targetId }, details: entry.details });
    },
  };
}
