/**
 * Workflow changes and their audit entries commit together: when the audit write fails, the
 * change is rolled back (create, update, publish, delete), and a refused change writes no entry.
 * On SQLite always; on MariaDB too when COACHFLOW_TEST_MYSQL_URL is set (a fresh database). The
 * audit write is made to fail by a trigger on `audit_log`.
 */
import type { WorkflowDefinition } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain, type AuditActor } from '../audit/audit.js';
import { listenerWorkflow, startTestEngine, type TestEngine } from '../signals/signals.test-support.js';

const HR: AuditActor = { type: 'user', id: '7', name: 'hr@test', ip: '127.0.0.1' };
const MYSQL_URL = process.env.COACHFLOW_TEST_MYSQL_URL;

interface Backend {
  name: string;
  start(): Promise<TestEngine>;
  breakAudit(knex: Knex): Promise<void>;
  repairAudit(knex: Knex): Promise<void>;
}

const sqlite: Backend = {
  name: 'sqlite',
  start: () => startTestEngine(),
  breakAudit: async (knex) => {
    await knex.raw(`create trigger audit_down before insert on audit_log begin select raise(abort, 'audit store down'); end`);
  },
  repairAudit: async (knex) => {
    await knex.raw('drop trigger audit_down');
  },
};

function mariadb(url: string): Backend {
  const dbName = `cf_wfaudit_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  return {
    name: 'mariadb',
    async start() {
      const conn = await createConnection(url);
      await conn.query(`CREATE DATABASE \`${dbName}\` CHARACTER SET utf8mb4`);
      await conn.end();
      const engine = await startTestEngine({ COACHFLOW_DB: `${url}/${dbName}` });
      return {
        services: engine.services,
        async close() {
          await engine.close();
          const c = await createConnection(url);
          await c.query(`DROP DATABASE IF EXISTS \`${dbName}\``);
          await c.end();
        },
      };
    },
    breakAudit: async (knex) => {
      await knex.raw(`create trigger audit_down before insert on audit_log for each row signal sqlstate '45000' set message_text = 'audit store down'`);
    },
    repairAudit: async (knex) => {
      await knex.raw('drop trigger audit_down');
    },
  };
}

const BACKENDS: Backend[] = [sqlite, ...(MYSQL_URL ? [mariadb(MYSQL_URL)] : [])];
const definition = (event = 'kpi.deviation') => listenerWorkflow(event) as WorkflowDefinition;

describe.each(BACKENDS)('workflow changes and their audit entries ($name)', (backend) => {
  let engine: TestEngine;
  let knex: Knex;
  beforeAll(async () => {
    engine = await backend.start();
    knex = engine.services.db.knex;
  }, 120_000);
  afterAll(async () => {
    await engine?.close();
  });

  const workflows = () => engine.services.workflows;
  const entries = async (workflowId: number) => (await knex('audit_log').where({ target_type: 'workflow', target_id: String(workflowId) }).orderBy('seq')) as Array<Record<string, unknown>>;
  /** Runs `fn` while every audit write fails. */
  async function withAuditDown<T>(fn: () => Promise<T>): Promise<T> {
    await backend.breakAudit(knex);
    try {
      return await fn();
    } finally {
      await backend.repairAudit(knex);
    }
  }

  it('writes create, update, publish and delete entries with the change, before and after', async () => {
    const wf = await workflows().create({ name: 'audited', definition: definition() }, HR);
    const updated = await workflows().update(wf.id, wf.revision, { name: 'audited v2' }, HR);
    const version = await workflows().publish(wf.id, 'first', updated.revision, HR);
    await workflows().remove(wf.id, HR);
    const rows = await entries(wf.id);
    expect(rows.map((r) => r.action)).toEqual(['workflow.create', 'workflow.update', 'workflow.publish', 'workflow.delete']);
    expect(rows.every((r) => r.actor_id === '7' && r.actor_type === 'user')).toBe(true);
    expect(JSON.parse(String(rows[1]?.before))).toMatchObject({ name: 'audited', revision: 1 });
    expect(JSON.parse(String(rows[1]?.after))).toMatchObject({ name: 'audited v2', revision: 2 });
    expect(JSON.parse(String(rows[2]?.after))).toMatchObject({ version: 1, note: 'first', definition: { nodes: expect.any(Array) } });
    expect(JSON.parse(String(rows[2]?.details))).toEqual({ versionId: version.id });
    expect(JSON.parse(String(rows[3]?.before))).toMatchObject({ id: wf.id, name: 'audited v2' });
    expect(await verifyAuditChain(knex)).toMatchObject({ ok: true });
  });

  it('a create whose audit entry fails leaves no workflow', async () => {
    const before = Number(((await knex('workflow').count({ n: '*' }).first()) as { n: number }).n);
    await expect(withAuditDown(() => workflows().create({ name: 'never', definition: definition() }, HR))).rejects.toThrow(/audit store down/);
    expect(Number(((await knex('workflow').count({ n: '*' }).first()) as { n: number }).n)).toBe(before);
    expect(await knex('workflow').where({ name: 'never' }).first()).toBeUndefined();
  });

  it('an update, publish or delete whose audit entry fails changes nothing', async () => {
    const wf = await workflows().create({ name: 'kept', definition: definition() }, HR);
    const headBefore = await knex('audit_head').where({ id: 1 }).first();
    await withAuditDown(async () => {
      await expect(workflows().update(wf.id, wf.revision, { name: 'renamed', definition: definition('coaching.recorded') }, HR)).rejects.toThrow(/audit store down/);
      await expect(workflows().publish(wf.id, 'never', undefined, HR)).rejects.toThrow(/audit store down/);
      await expect(workflows().remove(wf.id, HR)).rejects.toThrow(/audit store down/);
    });
    const now = await workflows().get(wf.id);
    expect(now).toMatchObject({ name: 'kept', revision: 1, triggerType: 'kpi.deviation', publishedVersion: null });
    expect(await knex('workflow_version').where({ workflow_id: wf.id })).toEqual([]);
    expect(await knex('audit_head').where({ id: 1 }).first()).toEqual(headBefore);
    expect((await entries(wf.id)).map((r) => r.action)).toEqual(['workflow.create']);
    // and the workflow still works: publishing once the audit log is back succeeds
    expect((await workflows().publish(wf.id, 'later', undefined, HR)).version).toBe(1);
    expect(await verifyAuditChain(knex)).toMatchObject({ ok: true });
  });

  it('a refused change (stale revision, unknown workflow) writes no audit entry', async () => {
    const wf = await workflows().create({ name: 'stale', definition: definition() }, HR);
    await workflows().update(wf.id, 1, { name: 'stale v2' }, HR);
    await expect(workflows().update(wf.id, 1, { name: 'lost update' }, HR)).rejects.toMatchObject({ code: 'REVISION_CONFLICT' });
    await expect(workflows().remove(987_654, HR)).rejects.toMatchObject({ status: 404 });
    expect((await entries(wf.id)).map((r) => r.action)).toEqual(['workflow.create', 'workflow.update']);
    expect(await entries(987_654)).toEqual([]);
  });
});
