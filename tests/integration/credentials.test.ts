/**
 * Connector credentials (issue 5), in the mode of this run:
 * - stored encrypted (AES-256-GCM): the SQLite files / the MariaDB tables hold no plaintext secret;
 * - the API shows which fields are set and non-secret values only; PUT replaces;
 * - each action call gets its own connector's credentials only; a plugin that logs or returns its
 *   secret has it scrubbed from the logs and the run data;
 * - the `http` connector refuses 127.0.0.1 until an it_admin allowlists the loopback test server,
 *   through published workflow runs;
 * - `engine credentials rotate-key` re-encrypts everything under a new key while the engine runs,
 *   and connectors keep working, also after a restart.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowDefinition } from '@coachflow/model';
import { EngineCluster, REPO } from '../support/engine-cluster.js';
import { MODE, MYSQL_URL } from '../support/env.js';
import { ORG, kpiDeviation } from '../support/factories.js';
import { engineCli, FIXTURE_PLUGINS, tempDataDir } from '../support/plugin-support.js';
import { waitFor } from '../support/wait.js';
import { MoodleFake } from '../contract-fakes/moodle/moodle.fake.js';

const MOODLE_SECRET = 'mdl-ws-token-5c1e8f0b7a9d4e23';
const GREETER_SECRET = 'grt-api-key-9b2f6d4c1a8e7035';
const SECRETS = [MOODLE_SECRET, GREETER_SECRET];
const NAME = `credentials-${MODE}`;

let cluster: EngineCluster;
let dataDir: string;
let moodle: MoodleFake;
let target: Server;
let targetPort = 0;
let targetHits = 0;
let seq = 0;
let nextYear = 2200;
const wf: Record<'moodle' | 'greeter' | 'http', string> = { moodle: '', greeter: '', http: '' };

function definition(period: string, connector: string, action: string, input: Record<string, unknown>): WorkflowDefinition {
  return {
    nodes: [
      { id: 'trigger', kind: 'trigger', config: { event: 'kpi.deviation', filter: { '==': [{ var: 'trigger.period' }, period] } } },
      { id: 'call', kind: 'action', config: { connector, action, input, retry: { maxAttempts: 1, backoffMs: 100 }, timeoutMs: 5000 } },
      { id: 'done', kind: 'end', config: { outcome: 'called' } },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'call' },
      { id: 'e2', source: 'call', target: 'done' },
    ],
  } as unknown as WorkflowDefinition;
}

async function publish(connector: string, action: string, input: Record<string, unknown>): Promise<string> {
  const period = `${nextYear++}-W07`;
  const created = await cluster.api('POST', '/api/v1/workflows', { name: `${connector}.${action}`, definition: definition(period, connector, action, input) });
  expect(created.body.issues).toEqual([]);
  expect((await cluster.api('POST', `/api/v1/workflows/${created.body.id}/publish`, {})).status).toBe(201);
  return period;
}

async function runFor(period: string): Promise<any> {
  const posted = await cluster.api('POST', '/api/v1/events', { type: 'kpi.deviation', idempotencyKey: `${NAME}-${Date.now()}-${++seq}`, payload: kpiDeviation('E9003', 3, period) });
  expect(posted.body.runIds).toHaveLength(1);
  return waitFor('run finished', async () => {
    const r = await cluster.api('GET', `/api/v1/runs/${posted.body.runIds[0]}`);
    return r.body.status === 'succeeded' || r.body.status === 'failed' ? r.body : null;
  }, 60_000, 150);
}

function expectNoSecret(text: string, where: string): void {
  for (const s of SECRETS) expect(text.includes(s), `${where} contains a secret`).toBe(false);
}

/** Every byte the database holds: the SQLite files, or each MariaDB table's rows. */
async function databaseText(): Promise<{ text: string; credentialRows: Array<{ connector_id: string; fields: string }> }> {
  if (MODE === 'embedded') {
    const file = cluster.dbUrl.replace(/^sqlite:/, '');
    const dir = dirname(file);
    const bytes = readdirSync(dir)
      .filter((f) => f.startsWith('test.sqlite'))
      .map((f) => readFileSync(join(dir, f)));
    const text = Buffer.concat(bytes).toString('latin1');
    expect(bytes.reduce((n, b) => n + b.length, 0)).toBeGreaterThan(10_000);
    // The rows are found through the engine's CLI (the test package has no SQLite driver); the file must hold their ciphertexts.
    return { text, credentialRows: [] };
  }
  const conn = await createConnection(cluster.dbUrl);
  try {
    const [tables] = (await conn.query('SHOW TABLES')) as unknown as [Array<Record<string, string>>];
    let text = '';
    for (const t of tables.map((r) => Object.values(r)[0] as string)) {
      const [rows] = await conn.query(`SELECT * FROM \`${t}\``);
      text += JSON.stringify(rows);
    }
    const [cred] = (await conn.query('SELECT connector_id, fields FROM connector_credential ORDER BY connector_id')) as unknown as [Array<{ connector_id: string; fields: string }>];
    return { text, credentialRows: cred };
  } finally {
    await conn.end();
  }
}

function logsText(): string {
  const dir = join(REPO, 'tests/test-artifacts/logs');
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${NAME}-`) && statSync(join(dir, f)).isFile())
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
}

beforeAll(async () => {
  moodle = await new MoodleFake().seed().start();
  moodle.tokens.add(MOODLE_SECRET);
  moodle.users.push({ id: 20, username: 'e9003', firstname: 'Lei', lastname: 'Li', email: 'e9003@example.com', idnumber: 'E9003' });
  target = createServer((req, res) => {
    targetHits++;
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, path: req.url }));
  });
  await new Promise<void>((ok) => target.listen(0, '127.0.0.1', ok));
  targetPort = (target.address() as AddressInfo).port;
  dataDir = tempDataDir(NAME);
  cluster = await EngineCluster.start({ name: NAME, env: { COACHFLOW_DATA_DIR: dataDir, COACHFLOW_PLUGIN_SYNC_MS: '500' } });
  expect((await cluster.api('PUT', '/api/v1/employees', { employees: ORG })).status).toBe(200);
  expect((await cluster.api('POST', '/api/v1/plugins', { spec: join(FIXTURE_PLUGINS, 'greeter') })).status).toBe(201);
  wf.moodle = await publish('lms-moodle', 'enrolUser', { employeeId: { var: 'trigger.employeeId' }, courseIdnumber: 'OBJ-101' });
  wf.greeter = await publish('greeter', 'greet', { name: { var: 'employee.name' } });
  wf.http = await publish('http', 'sendRequest', { method: 'POST', url: `http://127.0.0.1:${targetPort}/hook`, body: { cat: ['employee ', { var: 'trigger.employeeId' }] } });
});

afterAll(async () => {
  await cluster?.stop();
  await moodle?.stop();
  target?.close();
});

describe(`credentials (${MODE})`, () => {
  it('stores credentials, shows which fields are set and never a secret value', async () => {
    const put = await cluster.api('PUT', '/api/v1/connectors/lms-moodle/credentials', { values: { baseUrl: moodle.url, token: MOODLE_SECRET } });
    expect(put.status).toBe(200);
    expect(put.body.fields).toEqual({ baseUrl: { set: true, secret: false, required: true, value: moodle.url }, token: { set: true, secret: true, required: true } });
    const greeter = await cluster.api('PUT', '/api/v1/connectors/greeter/credentials', { values: { salutation: '您好', apiKey: GREETER_SECRET } });
    expect(greeter.status).toBe(200);
    const get = await cluster.api('GET', '/api/v1/connectors/lms-moodle/credentials');
    expect(get.body).toMatchObject({ connectorId: 'lms-moodle', revision: 1, fields: { token: { set: true, secret: true } } });
    expect(get.body.fields.token.value).toBeUndefined();
    for (const a of [put, greeter, get]) expectNoSecret(JSON.stringify(a.body), 'a credentials answer');

    expect((await cluster.api('PUT', '/api/v1/connectors/lms-moodle/credentials', { values: { baseUrl: moodle.url, token: MOODLE_SECRET, extra: 'x' } })).body.error.code).toBe('UNKNOWN_CREDENTIAL_FIELD');
    expect((await cluster.api('PUT', '/api/v1/connectors/lms-moodle/credentials', { values: { baseUrl: moodle.url } })).body.error.code).toBe('MISSING_CREDENTIAL');
    expect((await cluster.api('PUT', '/api/v1/connectors/nope/credentials', { values: {} })).status).toBe(404);
  });

  it('gives each action call its own connector credentials only, and scrubs secrets a plugin returns or logs', async () => {
    const enrol = await runFor(wf.moodle);
    expect(enrol.status).toBe('succeeded');
    expect(enrol.steps[1].output).toMatchObject({ enrolled: true, alreadyEnrolled: false });
    expect(moodle.enrolCallCount(20, 10)).toBe(1);

    const greet = await runFor(wf.greeter);
    expect(greet.status).toBe('succeeded');
    expect(greet.steps[1].output.greeting).toBe('您好 李雷 Li Lei');
    // Its own two fields, not lms-moodle's baseUrl/token.
    expect(greet.steps[1].output.credentialFields).toEqual(['apiKey', 'salutation']);
    expect(greet.steps[1].output.leaked).toBe('[redacted]');
    expectNoSecret(JSON.stringify(greet), 'the run');
    await waitFor('the greeter log line', () => logsText().includes('greeter using key [redacted]'), 10_000);
    expectNoSecret(logsText(), 'the engine logs');
  });

  it('keeps no plaintext secret in the database', async () => {
    const keyId = (await engineCli(cluster, ['credentials', 'list'])).json.keyId as string;
    expect(keyId).toMatch(/^[0-9a-f]{16}$/);
    const db = await databaseText();
    expectNoSecret(db.text, `the ${MODE} database`);
    expect(db.text).toContain(`v1.${keyId}.`);
    if (MODE === 'production') {
      expect(db.credentialRows.map((r) => r.connector_id)).toEqual(['greeter', 'lms-moodle']);
      for (const r of db.credentialRows) for (const v of Object.values(JSON.parse(r.fields) as Record<string, string>)) expect(v).toMatch(new RegExp(`^v1\\.${keyId}\\.[\\w-]{16}\\.[\\w-]{22}\\.[\\w-]+$`));
    }
    // The key file was created on first start, owner-only.
    expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
  });

  it('never returns a secret from any API answer', async () => {
    const answers = await Promise.all(
      ['/api/v1/catalogue/connectors', '/api/v1/plugins', '/api/v1/connectors/greeter/credentials', '/api/v1/connectors/lms-moodle/credentials', '/api/v1/runs?limit=50', '/api/v1/audit?limit=200', '/api/v1/openapi.json'].map((p) => cluster.api('GET', p)),
    );
    for (const a of answers) expectNoSecret(JSON.stringify(a.body), 'an API answer');
    const audit = answers[5]?.body.items.find((e: { action: string; target: { id: string } }) => e.action === 'credentials.replace' && e.target.id === 'lms-moodle');
    expect(audit.details.fieldsSet).toEqual(expect.arrayContaining(['baseUrl', 'token']));
  });

  it('http connector: refuses 127.0.0.1 by default and reaches the loopback server once an it_admin allowlists it', async () => {
    const refused = await runFor(wf.http);
    expect(refused.status).toBe('failed');
    expect(refused.error.code).toBe('SSRF_BLOCKED');
    expect(targetHits).toBe(0);

    const put = await cluster.api('PUT', '/api/v1/connectors/http/credentials', { values: { allowlist: `127.0.0.1:${targetPort}` } });
    expect(put.body.fields.allowlist).toEqual({ set: true, secret: false, required: false, value: `127.0.0.1:${targetPort}` });
    const allowed = await runFor(wf.http);
    expect(allowed.status).toBe('succeeded');
    expect(allowed.steps[1].output).toMatchObject({ status: 200, body: { ok: true, path: '/hook' } });
    expect(targetHits).toBe(1);
  });

  it('PUT replaces the whole set: an omitted field is cleared', async () => {
    const put = await cluster.api('PUT', '/api/v1/connectors/greeter/credentials', { values: { salutation: '你好' } });
    expect(put.body.fields.apiKey).toEqual({ set: false, secret: true, required: false });
    expect(put.body.revision).toBe(2);
    const greet = await runFor(wf.greeter);
    expect(greet.steps[1].output).toMatchObject({ credentialFields: ['salutation'], leaked: null });
    expect((await cluster.api('PUT', '/api/v1/connectors/greeter/credentials', { values: { salutation: '您好', apiKey: GREETER_SECRET } })).status).toBe(200);
  });

  it('rotates the key while the engine runs: every value re-encrypted, connectors keep working, also after a restart', async () => {
    const before = (await engineCli(cluster, ['credentials', 'list'])).json.keyId as string;
    const keyPath = join(tempDataDir('newkey'), 'new.key');
    const made = await engineCli(cluster, ['credentials', 'new-key', keyPath]);
    expect(made.code, made.stderr).toBe(0);
    expect(statSync(keyPath).mode & 0o777).toBe(0o600);
    const rotated = await engineCli(cluster, ['credentials', 'rotate-key', '--new-key-file', keyPath]);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.json).toMatchObject({ previousKeyId: before, keyId: made.json.keyId, connectors: 3, reencrypted: 5, keyFile: join(dataDir, 'secret.key') });
    expect(readFileSync(join(dataDir, 'secret.key'), 'utf8')).toBe(readFileSync(keyPath, 'utf8'));

    // The running engine (API and workers) switches to the new key file on its next call.
    moodle.enrolments.clear();
    const enrol = await runFor(wf.moodle);
    expect(enrol.status).toBe('succeeded');
    expect(enrol.steps[1].output.alreadyEnrolled).toBe(false);
    expect((await runFor(wf.greeter)).steps[1].output.credentialFields).toEqual(['apiKey', 'salutation']);
    expect((await cluster.api('GET', '/api/v1/connectors/lms-moodle/credentials')).body.fields.baseUrl.value).toBe(moodle.url);
    if (MODE === 'production') {
      const db = await databaseText();
      for (const r of db.credentialRows) expect(r.fields).not.toContain(`v1.${before}.`);
      expectNoSecret(db.text, 'the database after rotation');
    }

    await cluster.restart('api');
    for (let i = 0; i < cluster.workers(); i++) await cluster.restart('worker', i);
    const afterRestart = await runFor(wf.greeter);
    expect(afterRestart.status).toBe('succeeded');
    expect(afterRestart.steps[1].output.greeting).toBe('您好 李雷 Li Lei');
    const audit = await cluster.api('GET', '/api/v1/audit?action=credentials.rotate_key');
    expect(audit.body.items[0]).toMatchObject({ action: 'credentials.rotate_key', details: { previousKeyId: before, values: 5 } });
  });
});
