/**
 * Connector plugins (issue 5), in the mode of this run (embedded, or MariaDB + Redis + 2 workers):
 * - the built-in plugins load by default and the catalogue describes them (sends, credential
 *   fields without values, version, enabled, problems);
 * - a plugin installed from a folder (admin API) and one from an `npm pack` tarball (CLI) are
 *   listed, loaded without a restart — in the workers too — and used by published workflows;
 *   a new version replaces the old one without a restart;
 * - a plugin that throws on load, or needs another connector API, is reported and stays off while
 *   the engine keeps serving, also across a restart;
 * - disable / enable / remove, the audit trail, and the CLI list.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '@coachflow/model';
import { EngineCluster } from '../support/engine-cluster.js';
import { MODE } from '../support/env.js';
import { ORG, kpiDeviation } from '../support/factories.js';
import { engineCli, FIXTURE_PLUGINS, npmPack, stampVersion, tempDataDir } from '../support/plugin-support.js';
import { waitFor } from '../support/wait.js';

let cluster: EngineCluster;
let dataDir: string;
let seq = 0;
let nextYear = 2100;

/** Each workflow listens to its own reporting period (trigger filter), so tests do not start each other's workflows. */
interface Published {
  id: number;
  period: string;
}

function actionWorkflow(connector: string, action: string, input: Record<string, unknown>, period: string): WorkflowDefinition {
  return {
    nodes: [
      { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation', filter: { '==': [{ var: 'trigger.period' }, period] } } },
      { id: 'call', kind: 'action', config: { connector, action, input, retry: { maxAttempts: 2, backoffMs: 200 }, timeoutMs: 5000 } },
      { id: 'done', kind: 'end', config: { outcome: 'called' } },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'call' },
      { id: 'e2', source: 'call', target: 'done' },
    ],
  } as unknown as WorkflowDefinition;
}

async function publish(name: string, connector: string, action: string, input: Record<string, unknown>): Promise<Published> {
  const period = `${nextYear++}-W07`;
  const created = await cluster.api('POST', '/api/v1/workflows', { name, definition: actionWorkflow(connector, action, input, period) });
  expect(created.status).toBe(201);
  expect(created.body.issues).toEqual([]);
  expect((await cluster.api('POST', `/api/v1/workflows/${created.body.id}/publish`, {})).status).toBe(201);
  return { id: created.body.id, period };
}

/** Fires one kpi.deviation event for the workflow and waits for the run it starts to finish. */
async function runOnce(wf: Published): Promise<any> {
  const posted = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: `plugins-${MODE}-${Date.now()}-${++seq}`, payload: kpiDeviation('E9003', 3, wf.period) });
  expect(posted.status).toBe(202);
  const runIds: number[] = posted.body.runIds;
  expect(runIds).toHaveLength(1);
  return waitFor('run finished', async () => {
    const r = await cluster.api('GET', `/api/v1/runs/${runIds[0]}`);
    return r.body.status === 'succeeded' || r.body.status === 'failed' ? r.body : null;
  }, 60_000, 150);
}

beforeAll(async () => {
  dataDir = tempDataDir(`plugins-${MODE}`);
  cluster = await EngineCluster.start({ name: `plugins-${MODE}`, env: { COACHFLOW_DATA_DIR: dataDir, COACHFLOW_PLUGIN_SYNC_MS: '500' } });
  expect((await cluster.api('PUT', '/api/v1/employees', { employees: ORG })).status).toBe(200);
});

afterAll(async () => {
  await cluster?.stop();
});

describe(`connector plugins (${MODE})`, () => {
  it('loads the six built-in plugins by default and describes them in the catalogue without credential values', async () => {
    const cat = await cluster.api('GET', '/api/v1/catalogue/connectors');
    expect(cat.status).toBe(200);
    for (const id of ['lms-moodle', 'http', 'xapi', 'talent-mobility', 'approval-feishu', 'approval-dingtalk']) {
      const c = cat.body.items[id];
      expect(c, id).toBeDefined();
      expect(c.enabled).toBe(true);
      expect(c.problems).toEqual([]);
      expect(c.plugin.source).toBe('builtin');
      expect(typeof c.version).toBe('number');
    }
    const moodle = cat.body.items['lms-moodle'];
    expect(moodle.credentials.token).toEqual(expect.objectContaining({ secret: true }));
    expect(moodle.credentials.baseUrl.secret).toBe(false);
    expect(moodle.actions.enrolUser.sends.length).toBeGreaterThan(0);
    expect(cat.body.items['talent-mobility'].actions.createRotationRequest.highImpact).toBe(true);
    // Declarations only: a credential field says its type and whether it is secret, never a value.
    for (const c of Object.values(cat.body.items) as Array<{ credentials: Record<string, Record<string, unknown>> }>) {
      for (const field of Object.values(c.credentials)) for (const key of Object.keys(field)) expect(['type', 'secret', 'required', 'format', 'displayName']).toContain(key);
    }
    const list = await cluster.api('GET', '/api/v1/plugins');
    expect(list.status).toBe(200);
    expect(list.body.items.filter((p: { sourceKind: string; active: boolean }) => p.sourceKind === 'builtin' && p.active)).toHaveLength(6);
  });

  it('installs a plugin from a folder through the admin API and a published workflow uses it (no restart)', async () => {
    const installed = await cluster.api('POST', '/api/v1/plugins', { spec: join(FIXTURE_PLUGINS, 'greeter') });
    expect(installed.status).toBe(201);
    expect(installed.body.plugin).toMatchObject({ id: 'coachflow-plugin-greeter', connectorId: 'greeter', version: '1.0.0', sourceKind: 'folder', enabled: true, active: true, problems: [] });
    expect(installed.body.restartRequired).toBe(false);
    const cat = await cluster.api('GET', '/api/v1/catalogue/connectors');
    expect(cat.body.items.greeter).toMatchObject({ enabled: true, plugin: { id: 'coachflow-plugin-greeter', version: '1.0.0', source: 'folder' } });
    expect(cat.body.items.greeter.actions.greet.sends).toEqual(['name']);
    expect(cat.body.items.greeter.credentials).toEqual({
      salutation: expect.objectContaining({ secret: false }),
      apiKey: expect.objectContaining({ secret: true }),
    });
    // The files live under the data dir, beside the link to the engine's SDK.
    expect(existsSync(join(dataDir, 'plugins/node_modules/@coachflow/connector-sdk'))).toBe(true);
    expect(readdirSync(join(dataDir, 'plugins/coachflow-plugin-greeter'))).toHaveLength(1);

    const wf = await publish('greet the employee', 'greeter', 'greet', { name: { var: 'employee.name' } });
    const run = await runOnce(wf);
    expect(run.status).toBe('succeeded');
    expect(run.steps[1].output.greeting).toBe('你好 李雷 Li Lei');
  });

  it('installs a tarball from npm pack with the CLI; the running engine and its workers pick it up; a new version replaces it without a restart', async () => {
    const v1 = await npmPack(join(FIXTURE_PLUGINS, 'stamp'), tempDataDir('tgz'));
    expect(v1).toMatch(/coachflow-plugin-stamp-1\.0\.0\.tgz$/);
    const cli = await engineCli(cluster, ['plugins', 'install', v1]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.json.plugin).toMatchObject({ id: 'coachflow-plugin-stamp', connectorId: 'stamp', version: '1.0.0', sourceKind: 'tarball', active: true });

    const listed = await waitFor('the API process sees the CLI install', async () => {
      const cat = await cluster.api('GET', '/api/v1/catalogue/connectors');
      return cat.body.items.stamp;
    });
    expect(listed.plugin).toMatchObject({ version: '1.0.0', source: 'tarball' });
    const wf = await publish('stamp the employee', 'stamp', 'stamp', { employeeId: { var: 'trigger.employeeId' } });
    const first = await runOnce(wf);
    expect(first.status).toBe('succeeded');
    expect(first.steps[1].output).toEqual({ stamped: 'E9003@1.0.0', version: '1.0.0' });

    const v2 = await npmPack(stampVersion('2.0.0'), tempDataDir('tgz'));
    const upgraded = await cluster.api('POST', '/api/v1/plugins', { spec: v2 });
    expect(upgraded.status).toBe(201);
    expect(upgraded.body).toMatchObject({ replaced: '1.0.0', restartRequired: false, plugin: { version: '2.0.0', active: true } });
    // The old version's folder is gone; the new one serves new runs in every process.
    expect(readdirSync(join(dataDir, 'plugins/coachflow-plugin-stamp'))).toHaveLength(1);
    const second = await waitFor('a run on version 2', async () => {
      const r = await runOnce(wf);
      return r.steps[1].output?.version === '2.0.0' ? r : null;
    }, 20_000, 300);
    expect(second.steps[1].output.stamped).toBe('E9003@2.0.0');
  });

  it('reports a plugin that throws on load and refuses one that needs another connector API; the engine keeps serving, also after a restart', async () => {
    const broken = await cluster.api('POST', '/api/v1/plugins', { spec: join(FIXTURE_PLUGINS, 'broken') });
    expect(broken.status).toBe(201);
    expect(broken.body.plugin).toMatchObject({ id: 'coachflow-plugin-broken', enabled: false, active: false });
    expect(broken.body.plugin.problems[0]).toMatch(/failed to load: broken plugin: missing configuration/);
    const future = await cluster.api('POST', '/api/v1/plugins', { spec: join(FIXTURE_PLUGINS, 'bad-manifest') });
    expect(future.status).toBe(422);
    expect(future.body.error.code).toBe('INVALID_PLUGIN');
    expect(future.body.error.message).toMatch(/needs connector API 99; this engine provides connector API 1/);
    const notAPlugin = await cluster.api('POST', '/api/v1/plugins', { spec: join(FIXTURE_PLUGINS, 'does-not-exist') });
    expect(notAPlugin.status).toBe(400);

    const cat = await cluster.api('GET', '/api/v1/catalogue/connectors');
    expect(cat.body.problems).toContainEqual(expect.objectContaining({ plugin: 'coachflow-plugin-broken', error: expect.stringMatching(/broken plugin/) }));
    expect(cat.body.items.greeter.enabled).toBe(true);

    // Enabling it again tries to load it again: still broken, still reported, still off.
    const enabled = await cluster.api('POST', '/api/v1/plugins/coachflow-plugin-broken/enable');
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ enabled: true, active: false });
    expect(enabled.body.problems[0]).toMatch(/broken plugin/);

    // A restart loads every plugin again: the broken one is reported, the engine serves.
    await cluster.restart('api');
    expect((await fetch(`${cluster.baseUrl}/readyz`)).status).toBe(200);
    const after = await cluster.api('GET', '/api/v1/plugins/coachflow-plugin-broken');
    expect(after.body).toMatchObject({ active: false });
    expect(after.body.problems[0]).toMatch(/broken plugin/);
    const wf = await publish('greet after restart', 'greeter', 'greet', { name: 'x' });
    expect((await runOnce(wf)).status).toBe('succeeded');
    expect((await cluster.api('DELETE', '/api/v1/plugins/coachflow-plugin-broken')).status).toBe(200);
  });

  it('disables and enables a plugin by connector id; a disabled connector fails the step visibly', async () => {
    const wf = await publish('greet, then disabled', 'greeter', 'greet', { name: 'x' });
    const off = await cluster.api('POST', '/api/v1/plugins/greeter/disable');
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ id: 'coachflow-plugin-greeter', enabled: false, active: false });
    expect((await cluster.api('GET', '/api/v1/catalogue/connectors')).body.items.greeter.enabled).toBe(false);
    // A new workflow cannot be published against a disabled connector.
    const draft = await cluster.api('POST', '/api/v1/workflows', { name: 'greet while disabled', definition: actionWorkflow('greeter', 'greet', { name: 'x' }, '2099-W01') });
    expect(draft.body.issues).toContainEqual(expect.objectContaining({ code: 'UNKNOWN_CONNECTOR' }));
    // Workers learn about the change within COACHFLOW_PLUGIN_SYNC_MS.
    const failed = await waitFor('a run failing on the disabled connector', async () => {
      const r = await runOnce(wf);
      return r.status === 'failed' ? r : null;
    }, 20_000, 300);
    expect(failed.error.code).toBe('CONNECTOR_NOT_FOUND');
    const on = await cluster.api('POST', '/api/v1/plugins/greeter/enable');
    expect(on.body).toMatchObject({ enabled: true, active: true });
    const ok = await waitFor('a run succeeding again', async () => {
      const r = await runOnce(wf);
      return r.status === 'succeeded' ? r : null;
    }, 20_000, 300);
    expect(ok.steps[1].output.greeting).toMatch(/^你好 /);
  });

  it('disables a built-in plugin (it cannot be removed) and enables it again', async () => {
    expect((await cluster.api('DELETE', '/api/v1/plugins/xapi')).status).toBe(409);
    const off = await cluster.api('POST', `/api/v1/plugins/${encodeURIComponent('@coachflow/plugin-xapi')}/disable`);
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ connectorId: 'xapi', sourceKind: 'builtin', enabled: false });
    const cli = await engineCli(cluster, ['plugins', 'list']);
    expect(cli.code).toBe(0);
    expect(cli.json.items.find((p: { id: string }) => p.id === '@coachflow/plugin-xapi')).toMatchObject({ enabled: false });
    expect((await cluster.api('POST', '/api/v1/plugins/xapi/enable')).body).toMatchObject({ enabled: true, active: true });
  });

  it('removes an installed plugin: files, record and catalogue entry', async () => {
    const removed = await cluster.api('DELETE', '/api/v1/plugins/coachflow-plugin-stamp');
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ removed: 'coachflow-plugin-stamp', connectorId: 'stamp' });
    expect(existsSync(join(dataDir, 'plugins/coachflow-plugin-stamp'))).toBe(false);
    expect((await cluster.api('GET', '/api/v1/catalogue/connectors')).body.items.stamp).toBeUndefined();
    expect((await cluster.api('GET', '/api/v1/plugins/coachflow-plugin-stamp')).status).toBe(404);
  });

  it('records every install, enable, disable and remove in the audit log', async () => {
    const audit = await cluster.api('GET', '/api/v1/audit?limit=200');
    expect(audit.status).toBe(200);
    const actions = audit.body.items.filter((e: { target: { type: string } | null }) => e.target?.type === 'plugin').map((e: { action: string; target: { id: string } }) => `${e.action} ${e.target.id}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        'plugin.install coachflow-plugin-greeter',
        'plugin.install coachflow-plugin-stamp',
        'plugin.install coachflow-plugin-broken',
        'plugin.disable coachflow-plugin-greeter',
        'plugin.enable coachflow-plugin-greeter',
        'plugin.disable @coachflow/plugin-xapi',
        'plugin.remove coachflow-plugin-stamp',
      ]),
    );
    const cliInstall = audit.body.items.find((e: { action: string; target: { id: string }; details?: { version?: string } }) => e.action === 'plugin.install' && e.target.id === 'coachflow-plugin-stamp' && e.details?.version === '1.0.0');
    expect(cliInstall.actor).toMatchObject({ type: 'system', name: 'engine CLI' });
  });
});
