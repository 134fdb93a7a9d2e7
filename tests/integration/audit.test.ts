/**
 * The audit log against the real engine: an entry for each kind of change (workflow definitions
 * with before/after, settings with before/after, users, tokens, sign-ins, directory, runs, task
 * completion, approval decisions, delegations), who did it, queryable by hr_admin and it_admin
 * only, and tamper-evident: an entry modified in the database is detected by GET /api/v1/audit/verify.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineCluster, TEST_ADMIN } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { waitFor } from '../support/wait.js';
import { approvalFlow, PEOPLE_ORG, publishFlow, roleTokens, taskFlow, trigger, type RoleName } from '../support/people.js';
import { parseDbUrl } from '../../engine/src/config.js';
import { openDatabase } from '../../engine/src/persistence/orm.js';

let cluster: EngineCluster;
let tokens: Record<RoleName, string>;

async function entries(query: string): Promise<any[]> {
  const res = await cluster.as(tokens.hr).api('GET', `/api/v1/audit?${query}`);
  expect(res.status).toBe(200);
  return res.body.items;
}

beforeAll(async () => {
  cluster = await EngineCluster.start({ name: `audit-${MODE}` });
  expect((await cluster.api('PUT', '/api/v1/employees', { employees: PEOPLE_ORG })).status).toBe(200);
  tokens = await roleTokens(cluster);
});

afterAll(async () => {
  await cluster?.stop();
});

describe(`audit log (${MODE})`, () => {
  it('records workflow changes with the definition before and after, and who made them', async () => {
    const hr = cluster.as(tokens.hr);
    const created = await hr.api('POST', '/api/v1/workflows', { name: 'audited', definition: taskFlow('audited', { assignee: { type: 'directManager' } }) });
    const id = created.body.id;
    const def = structuredClone(created.body.definition);
    def.nodes[1].config.title = 'changed title';
    expect((await hr.api('PUT', `/api/v1/workflows/${id}`, { revision: 1, name: 'audited v2', definition: def })).status).toBe(200);
    expect((await hr.api('POST', `/api/v1/workflows/${id}/publish`, { note: 'go' })).status).toBe(201);
    expect((await hr.api('DELETE', `/api/v1/workflows/${id}`)).status).toBe(204);
    const log = (await entries(`targetType=workflow&targetId=${id}`)).reverse();
    expect(log.map((e) => e.action)).toEqual(['workflow.create', 'workflow.update', 'workflow.publish', 'workflow.delete']);
    expect(log.every((e) => e.actor.type === 'user' && e.actor.name === 'e9002@coachflow.test')).toBe(true);
    expect(log[1].before.name).toBe('audited');
    expect(log[1].after.name).toBe('audited v2');
    expect(log[1].before.definition.nodes[1].config.title).toBe('audited {{employee.name}}');
    expect(log[1].after.definition.nodes[1].config.title).toBe('changed title');
    expect(log[2].after).toMatchObject({ version: 1, note: 'go' });
    expect(log[3].before.name).toBe('audited v2');
  });

  it('records settings (before/after), users, tokens (never the token), sign-ins and directory changes', async () => {
    const it = cluster.as(tokens.it);
    expect((await it.api('PUT', '/api/v1/settings', { 'digest.frequency': 'daily' })).status).toBe(200);
    const settings = (await entries('action=settings.update'))[0];
    expect(settings.before['digest.frequency']).toBe('weekly');
    expect(settings.after['digest.frequency']).toBe('daily');
    expect(settings.actor.name).toBe('it@coachflow.test');

    const token = await it.api('POST', '/api/v1/tokens', { name: 'audit feed', roles: ['hr_admin'] });
    await it.api('DELETE', `/api/v1/tokens/${token.body.id}`);
    const tokenLog = await entries(`targetType=api_token&targetId=${token.body.id}`);
    expect(tokenLog.map((e) => e.action).sort()).toEqual(['token.create', 'token.revoke']);
    expect(JSON.stringify(tokenLog)).not.toContain(token.body.token);
    // the token acts: its actions are attributed to it
    const t2 = await it.api('POST', '/api/v1/tokens', { name: 'hr system', roles: ['hr_admin'] });
    await cluster.as(t2.body.token).api('PUT', '/api/v1/employees', { employees: [{ id: 'E9020', name: '新人 New', managerId: 'E9001' }] });
    expect((await entries('action=directory.upsert'))[0].actor).toMatchObject({ type: 'token', id: String(t2.body.id), name: 'hr system' });

    const users = await entries('action=user.create');
    expect(users.map((e) => e.after.email)).toContain('e9001@coachflow.test');
    expect(JSON.stringify(users)).not.toMatch(/scrypt|person-password/);
    const signIns = await entries('action=auth.sign_in');
    expect(signIns.some((e) => e.actor.name === TEST_ADMIN.email && e.actor.ip)).toBe(true);
  });

  it('records task completion, approval decisions, delegations and run cancels', async () => {
    await publishFlow(cluster, 'audit task', taskFlow('atask', { assignee: { type: 'directManager' } }));
    await publishFlow(cluster, 'audit approval', approvalFlow('aappr', { approvers: [{ type: 'hrbp' }], mode: 'any' }));
    const [taskRun] = await trigger(cluster, 'E9003', 'atask');
    const task = await waitFor('task', async () => (await cluster.api('GET', `/api/v1/tasks?runId=${taskRun}`)).body.items[0]);
    expect((await cluster.as(tokens.manager).api('POST', `/api/v1/tasks/${task.id}/complete`, { data: { note: 'ok' } })).status).toBe(200);
    const [apprRun] = await trigger(cluster, 'E9003', 'aappr');
    const appr = await waitFor('approval', async () => (await cluster.api('GET', '/api/v1/approvals')).body.items.find((a: { runId: number }) => a.runId === apprRun));
    expect((await cluster.as(tokens.hr).api('POST', `/api/v1/approvals/${appr.id}/decisions`, { decision: 'rejected', comment: '不合适 not now' })).status).toBe(200);
    const until = new Date(Date.now() + 86_400_000).toISOString();
    const del = await cluster.as(tokens.manager).api('POST', '/api/v1/delegations', { delegateId: 'E9004', endsAt: until });
    const [cancelRun] = await trigger(cluster, 'E9003', 'atask');
    await waitFor('waiting', async () => (await cluster.api('GET', `/api/v1/runs/${cancelRun}`)).body.status === 'waiting');
    expect((await cluster.as(tokens.hr).api('POST', `/api/v1/runs/${cancelRun}/cancel`, { reason: 'duplicate' })).status).toBe(202);

    expect((await entries(`action=task.complete&targetId=${task.id}`))[0]).toMatchObject({ actor: { type: 'user', name: 'e9001@coachflow.test' }, details: { runId: taskRun, fields: ['note'], employeeId: 'E9003' } });
    expect((await entries(`action=approval.decide&targetId=${appr.id}`))[0].details).toMatchObject({ decision: 'rejected', comment: '不合适 not now', outcome: 'rejected', onBehalfOf: null });
    expect((await entries(`action=delegation.create&targetId=${del.body.id}`))[0].after).toMatchObject({ delegatorId: 'E9001', delegateId: 'E9004' });
    expect((await entries(`action=run.cancel&targetId=${cancelRun}`))[0].details).toEqual({ reason: 'duplicate' });
  });

  it('is readable by hr_admin and it_admin only, with filters and pages', async () => {
    for (const role of ['manager', 'executive', 'employee'] as const) expect((await cluster.as(tokens[role]).api('GET', '/api/v1/audit')).status).toBe(403);
    expect((await cluster.as(tokens.it).api('GET', '/api/v1/audit')).status).toBe(200);
    const page1 = await cluster.as(tokens.hr).api('GET', '/api/v1/audit?limit=3');
    expect(page1.body.items).toHaveLength(3);
    const page2 = await cluster.as(tokens.hr).api('GET', `/api/v1/audit?limit=3&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items[0].seq).toBe(page1.body.items[2].seq - 1);
    const prefixed = await entries('actionPrefix=workflow.');
    expect(prefixed.length).toBeGreaterThanOrEqual(4);
    expect(prefixed.every((e) => e.action.startsWith('workflow.'))).toBe(true);
    const recent = await entries(`from=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}&actorType=user`);
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.every((e) => e.actor.type === 'user')).toBe(true);
  });

  it('detects an entry modified in the database, and verifies again once it is restored', async () => {
    const ok = await cluster.as(tokens.it).api('GET', '/api/v1/audit/verify');
    expect(ok.body).toMatchObject({ ok: true, broken: null });
    expect(ok.body.entries).toBeGreaterThan(20);
    const db = await openDatabase(parseDbUrl(cluster.dbUrl, '/tmp'));
    try {
      const victim = await db.knex('audit_log').where({ action: 'approval.decide' }).first();
      // someone rewrites a rejection into an approval
      await db.knex('audit_log').where({ id: victim.id }).update({ details: String(victim.details).replace('"decision":"rejected"', '"decision":"approved"') });
      const broken = await cluster.as(tokens.hr).api('GET', '/api/v1/audit/verify');
      expect(broken.body).toMatchObject({ ok: false, broken: { seq: Number(victim.seq), id: Number(victim.id), reason: 'hash_mismatch' } });
      await db.knex('audit_log').where({ id: victim.id }).update({ details: victim.details });
      expect((await cluster.as(tokens.hr).api('GET', '/api/v1/audit/verify')).body.ok).toBe(true);
      // deleting an entry breaks the chain too
      const last = await db.knex('audit_log').orderBy('seq', 'desc').offset(3).first();
      await db.knex('audit_log').where({ id: last.id }).delete();
      expect((await cluster.as(tokens.hr).api('GET', '/api/v1/audit/verify')).body).toMatchObject({ ok: false, broken: { seq: Number(last.seq) + 1, reason: 'sequence_gap' } });
      await db.knex('audit_log').insert(last);
      expect((await cluster.as(tokens.hr).api('GET', '/api/v1/audit/verify')).body.ok).toBe(true);
    } finally {
      await db.close();
    }
  });
});
