/**
 * Workflows: drafts with optimistic concurrency (a stale revision is a 409, never a silent
 * overwrite), validation, immutable published versions, and the cache of published versions the
 * dispatcher and the runtime read on the hot path.
 *
 * Given the actor (`by`), create / update / delete / publish write their audit entry (definition
 * before and after) in the transaction of the change: both commit or neither.
 */
import {
  UserError,
  isPublishable,
  validateWorkflow,
  type ValidationIssue,
  type WorkflowDefinition,
} from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import { isMysql, recordAudit, type AuditActor } from '../audit/audit.js';
import { fromJson, insertedId, isUniqueViolation, toJson } from '../persistence/json.js';

export interface WorkflowRecord {
  id: number;
  name: string;
  description: string | null;
  definition: WorkflowDefinition;
  revision: number;
  triggerType: string | null;
  publishedVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface VersionRecord {
  id: number;
  workflowId: number;
  version: number;
  definition: WorkflowDefinition;
  triggerType: string;
  note: string | null;
  publishedAt: string;
}

export interface WorkflowInput {
  name: string;
  description?: string | null;
  definition: WorkflowDefinition;
}

type Row = Record<string, unknown>;

function triggerTypeOf(def: WorkflowDefinition): string | null {
  const trigger = def.nodes.find((n) => n.kind === 'trigger');
  return trigger && trigger.kind === 'trigger' ? String(trigger.config?.event ?? '') || null : null;
}

function toWorkflow(row: Row): WorkflowRecord {
  return {
    id: Number(row.id),
    name: String(row.name),
    description: (row.description as string | null) ?? null,
    definition: fromJson<WorkflowDefinition>(row.definition),
    revision: Number(row.revision),
    triggerType: (row.trigger_type as string | null) ?? null,
    publishedVersion: row.published_version === null ? null : Number(row.published_version),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
}

function toVersion(row: Row): VersionRecord {
  return {
    id: Number(row.id),
    workflowId: Number(row.workflow_id),
    version: Number(row.version),
    definition: fromJson<WorkflowDefinition>(row.definition),
    triggerType: String(row.trigger_type),
    note: (row.note as string | null) ?? null,
    publishedAt: new Date(Number(row.published_at)).toISOString(),
  };
}

/** Issues returned at most per validation. */
export const MAX_ISSUES = 200;

/** How long the dispatcher trusts its list of published versions per trigger type (other processes may publish). */
const PUBLISHED_TTL_MS = 1000;

export class WorkflowService {
  #knex: Knex;
  #versions = new Map<number, VersionRecord>();
  #published = new Map<string, { expires: number; list: VersionRecord[] }>();
  #connectorCatalogue: () => Parameters<typeof validateWorkflow>[1];

  constructor(knex: Knex, connectorCatalogue: () => Parameters<typeof validateWorkflow>[1] = () => undefined) {
    this.#knex = knex;
    this.#connectorCatalogue = connectorCatalogue;
  }

  /** The validator's issues, at most {@link MAX_ISSUES} of them (a hostile definition can produce tens of thousands). */
  validate(definition: unknown): ValidationIssue[] {
    const issues = validateWorkflow(definition, this.#connectorCatalogue());
    if (issues.length <= MAX_ISSUES) return issues;
    // Errors first, so a truncated list still blocks publishing.
    return [...issues.filter((i) => i.severity === 'error'), ...issues.filter((i) => i.severity !== 'error')].slice(0, MAX_ISSUES);
  }

  async list(): Promise<WorkflowRecord[]> {
    const rows = (await this.#knex('workflow').select('*').orderBy('id', 'asc')) as Row[];
    return rows.map(toWorkflow);
  }

  async get(id: number, db: Knex = this.#knex): Promise<WorkflowRecord> {
    const row = (await db('workflow').where({ id }).first()) as Row | undefined;
    if (!row) throw UserError.notFound('workflow', id);
    return toWorkflow(row);
  }

  /** Creates a draft; with `by`, audited as `workflow.create` in the same transaction. */
  async create(input: WorkflowInput, by?: AuditActor): Promise<WorkflowRecord> {
    return this.#knex.transaction(async (trx) => {
      const now = Date.now();
      const id = insertedId(
        await trx('workflow').insert({
          name: input.name,
          description: input.description ?? null,
          definition: toJson(input.definition),
          revision: 1,
          trigger_type: triggerTypeOf(input.definition),
          published_version: null,
          published_trigger_type: null,
          created_at: now,
          updated_at: now,
        }),
      );
      const wf = await this.get(id, trx);
      if (by) await recordAudit(trx, { actor: by, action: 'workflow.create', target: { type: 'workflow', id }, after: wf, at: now });
      return wf;
    });
  }

  /**
   * Updates the draft if `revision` is the current one; otherwise 409 with the current workflow.
   * With `by`, audited as `workflow.update` (before and after) in the same transaction.
   */
  async update(id: number, revision: number, input: Partial<WorkflowInput>, by?: AuditActor): Promise<WorkflowRecord> {
    return this.#knex.transaction(async (trx) => {
      const before = await this.get(id, trx); // 404 when it does not exist
      const now = Date.now();
      const patch: Row = { revision: revision + 1, updated_at: now };
      if (input.name !== undefined) patch.name = input.name;
      if (input.description !== undefined) patch.description = input.description;
      if (input.definition !== undefined) {
        patch.definition = toJson(input.definition);
        patch.trigger_type = triggerTypeOf(input.definition);
      }
      const changed = await trx('workflow').where({ id, revision }).update(patch);
      if (changed === 0) {
        const current = await this.get(id, trx);
        throw UserError.conflict(
          'REVISION_CONFLICT',
          `workflow ${id} was changed meanwhile: your revision is ${revision}, the current one is ${current.revision}`,
          { current },
        );
      }
      const after = await this.get(id, trx);
      if (by) await recordAudit(trx, { actor: by, action: 'workflow.update', target: { type: 'workflow', id }, before, after, at: now });
      return after;
    });
  }

  /** Deletes a workflow (versions and runs stay); with `by`, audited as `workflow.delete` in the same transaction. */
  async remove(id: number, by?: AuditActor): Promise<void> {
    await this.#knex.transaction(async (trx) => {
      const before = await this.get(id, trx);
      const n = await trx('workflow').where({ id }).delete();
      if (n === 0) throw UserError.notFound('workflow', id);
      if (by) await recordAudit(trx, { actor: by, action: 'workflow.delete', target: { type: 'workflow', id }, before });
    });
  }

  /**
   * Publishes the current draft as the next immutable version; 422 with the issues when it has
   * errors. With `by`, audited as `workflow.publish` in the same transaction.
   */
  async publish(id: number, note: string | null, expectedRevision?: number, by?: AuditActor): Promise<VersionRecord> {
    const wf = await this.get(id);
    if (expectedRevision !== undefined && expectedRevision !== wf.revision) {
      throw UserError.conflict('REVISION_CONFLICT', `workflow ${id} is at revision ${wf.revision}, not ${expectedRevision}`, { current: wf });
    }
    const issues = this.validate(wf.definition);
    if (!isPublishable(issues)) {
      throw UserError.unprocessable('WORKFLOW_INVALID', `workflow ${id} has ${issues.filter((i) => i.severity === 'error').length} error(s) and cannot be published`, { issues });
    }
    const triggerType = triggerTypeOf(wf.definition) as string;
    for (let attempt = 0; ; attempt++) {
      try {
        const versionId = await this.#knex.transaction(async (trx) => {
          // MySQL: publishers of one workflow queue on its row, so the next number is read after the previous one committed.
          if (isMysql(trx)) await trx('workflow').where({ id }).forUpdate().first('id');
          const max = (await trx('workflow_version').where({ workflow_id: id }).max({ v: 'version' }).first()) as Row | undefined;
          const version = Number(max?.v ?? 0) + 1;
          const now = Date.now();
          const vid = insertedId(
            await trx('workflow_version').insert({
              workflow_id: id,
              version,
              definition: toJson(wf.definition),
              trigger_type: triggerType,
              note,
              published_at: now,
            }),
          );
          await trx('workflow').where({ id }).update({ published_version: version, published_trigger_type: triggerType });
          if (by) await recordAudit(trx, { actor: by, action: 'workflow.publish', target: { type: 'workflow', id }, after: { version, note, definition: wf.definition }, details: { versionId: vid }, at: now });
          return vid;
        });
        this.#published.clear();
        return this.getVersionById(versionId);
      } catch (e) {
        if (isUniqueViolation(e) && attempt < 3) continue; // two publishers raced for the same number
        throw e;
      }
    }
  }

  async listVersions(workflowId: number): Promise<VersionRecord[]> {
    await this.get(workflowId);
    const rows = (await this.#knex('workflow_version').where({ workflow_id: workflowId }).orderBy('version', 'desc')) as Row[];
    return rows.map(toVersion);
  }

  async getVersion(workflowId: number, version: number): Promise<VersionRecord> {
    const row = (await this.#knex('workflow_version').where({ workflow_id: workflowId, version }).first()) as Row | undefined;
    if (!row) throw UserError.notFound('version', `${workflowId}/${version}`);
    return toVersion(row);
  }

  /** Versions are immutable, so they are cached for good. */
  async getVersionById(versionId: number): Promise<VersionRecord> {
    const cached = this.#versions.get(versionId);
    if (cached) return cached;
    const row = (await this.#knex('workflow_version').where({ id: versionId }).first()) as Row | undefined;
    if (!row) throw UserError.notFound('version', versionId);
    const v = toVersion(row);
    if (this.#versions.size > 5000) this.#versions.clear();
    this.#versions.set(versionId, v);
    return v;
  }

  /** The published version of every workflow whose trigger listens to `triggerType`. */
  async publishedFor(triggerType: string, db: Knex = this.#knex): Promise<VersionRecord[]> {
    const now = Date.now();
    const hit = this.#published.get(triggerType);
    if (hit && hit.expires > now) return hit.list;
    const rows = (await db('workflow_version as v')
      .join('workflow as w', function () {
        this.on('w.id', '=', 'v.workflow_id').andOn('w.published_version', '=', 'v.version');
      })
      .where('w.published_trigger_type', triggerType)
      .select('v.*')) as Row[];
    const list = rows.map(toVersion);
    for (const v of list) this.#versions.set(v.id, v);
    this.#published.set(triggerType, { expires: now + PUBLISHED_TTL_MS, list });
    return list;
  }

  /** Whether a workflow exists (for 404s without loading the definition). */
  async exists(id: number): Promise<boolean> {
    return Boolean(await this.#knex('workflow').where({ id }).first('id'));
  }
}
