/**
 * The plugin manager against SQLite and the test plugins in tests/fixtures/plugins (installed with
 * the real npm, from folders: no network): install, a second process seeing it, broken plugins,
 * disable / enable / remove, built-in overrides.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '../connectors/connector-registry.js';
import { CredentialService } from '../credentials/credential.service.js';
import { loadSecretKey } from '../credentials/secret-key.js';
import { createLogger } from '../logger.js';
import { migrate, openDatabase, type Database } from '../persistence/orm.js';
import type { AuditEntry } from './plugin-audit.js';
import { PluginManager } from './plugin-manager.js';
import { pluginSettings } from './plugin-settings.js';

// Plugins are imported by Node itself (vitest leaves node_modules to it), as in the engine: with tsx for TypeScript entries.
register();

const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../tests/fixtures/plugins');
const REPO_PLUGINS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../plugins');
const actor = { type: 'system' as const, id: null, name: 'test' };
const log = createLogger('silent');
let db: Database;
let dataDir: string;
let badBuiltinDir: string;
const audit: AuditEntry[] = [];

function manager(builtinDir = REPO_PLUGINS): { plugins: PluginManager; registry: ConnectorRegistry } {
  const registry = new ConnectorRegistry(log);
  const credentials = new CredentialService(db.knex, loadSecretKey(dataDir, {}), log);
  registry.useCredentials(credentials);
  const settings = { ...pluginSettings(dataDir, { COACHFLOW_BUILTIN_PLUGINS_DIR: builtinDir }), syncEveryMs: 0 };
  const plugins = new PluginManager({ knex: db.knex, registry, credentials, log, audit: { record: async (e) => void audit.push(e) }, settings });
  return { plugins, registry };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cf-plugins-'));
  // A built-in folder holding a package with a bad manifest (the others: the repository's plugins/).
  badBuiltinDir = join(dataDir, 'builtin');
  mkdirSync(badBuiltinDir);
  cpSync(join(FIXTURES, 'bad-manifest'), join(badBuiltinDir, 'future'), { recursive: true });
  db = await openDatabase({ driver: 'sqlite', path: join(dataDir, 'db.sqlite') });
  await migrate(db);
}, 60_000);

afterAll(async () => {
  await db.close();
});

describe('PluginManager', () => {
  it('loads the built-ins and reports a built-in with a bad manifest without failing', async () => {
    const { plugins, registry } = manager();
    await plugins.start();
    expect(registry.get('http')?.id).toBe('http');
    expect(registry.origin('http')).toMatchObject({ pluginId: '@coachflow/plugin-http', source: 'builtin' });
    expect((await plugins.list()).filter((p) => p.active)).toHaveLength(6);
    const bad = manager(badBuiltinDir);
    await bad.plugins.start();
    expect(bad.registry.problems).toContainEqual(expect.objectContaining({ module: join(badBuiltinDir, 'future'), error: expect.stringMatching(/needs connector API 99/) }));
    expect(await bad.plugins.list()).toEqual([]);
  }, 60_000);

  it('installs a folder plugin; another process picks it up from the table', async () => {
    const a = manager();
    await a.plugins.start();
    const result = await a.plugins.install(join(FIXTURES, 'greeter'), actor);
    expect(result.plugin).toMatchObject({ id: 'coachflow-plugin-greeter', connectorId: 'greeter', active: true, sourceKind: 'folder' });
    expect(a.registry.get('greeter')).toBeDefined();
    expect(a.registry.describe().greeter?.credentials.apiKey?.secret).toBe(true);
    const b = manager();
    await b.plugins.start();
    expect(b.registry.get('greeter')?.actions.greet).toBeDefined();
    expect(audit.at(-1)).toMatchObject({ action: 'plugin.install', targetId: 'coachflow-plugin-greeter', details: { version: '1.0.0' } });
  }, 60_000);

  it('records a plugin that throws on load as disabled with its problem; the others keep working', async () => {
    const { plugins, registry } = manager();
    await plugins.start();
    const r = await plugins.install(join(FIXTURES, 'broken'), actor);
    expect(r.plugin).toMatchObject({ enabled: false, active: false });
    expect(r.plugin.problems[0]).toMatch(/broken plugin: missing configuration/);
    expect(registry.problems).toContainEqual(expect.objectContaining({ plugin: 'coachflow-plugin-broken' }));
    expect(registry.get('greeter')).toBeDefined();
    await expect(plugins.install(join(FIXTURES, 'bad-manifest'), actor)).rejects.toThrow(/needs connector API 99/);
    expect(existsSync(join(dataDir, 'plugins/coachflow-plugin-future'))).toBe(false);
  }, 60_000);

  it('disables and enables by connector id across processes; built-ins can be disabled but not removed', async () => {
    const a = manager();
    const b = manager();
    await a.plugins.start();
    await b.plugins.start();
    await a.plugins.setEnabled('greeter', false, actor);
    expect(a.registry.get('greeter')).toBeUndefined();
    expect(await b.registry.resolve('greeter')).toBeUndefined();
    expect(b.registry.describe().greeter?.enabled).toBe(false);
    await a.plugins.setEnabled('coachflow-plugin-greeter', true, actor);
    expect(await b.registry.resolve('greeter')).toBeDefined();
    await a.plugins.setEnabled('http', false, actor);
    expect(await b.registry.resolve('http')).toBeUndefined();
    await expect(a.plugins.remove('http', actor)).rejects.toThrow(/built in/);
    await a.plugins.setEnabled('http', true, actor);
    expect(await b.registry.resolve('http')).toBeDefined();
  }, 60_000);

  it('removes an installed plugin with its files and credentials', async () => {
    const { plugins, registry } = manager();
    await plugins.start();
    const creds = new CredentialService(db.knex, loadSecretKey(dataDir, {}), log);
    await creds.replace('greeter', { salutation: 'hi', apiKey: 'k-123456789' }, undefined, null);
    const r = await plugins.remove('greeter', actor);
    expect(r).toEqual({ removed: 'coachflow-plugin-greeter', connectorId: 'greeter', credentialsRemoved: true });
    expect(registry.get('greeter')).toBeUndefined();
    expect(existsSync(join(dataDir, 'plugins/coachflow-plugin-greeter'))).toBe(false);
    expect(await creds.connectorIds()).toEqual([]);
    await expect(plugins.get('greeter')).rejects.toThrow(/not found/);
  }, 60_000);

  it('refuses npm registry specs when registry installs are off', async () => {
    const registry = new ConnectorRegistry(log);
    const credentials = new CredentialService(db.knex, loadSecretKey(dataDir, {}), log);
    const settings = { ...pluginSettings(dataDir, { COACHFLOW_BUILTIN_PLUGINS_DIR: 'none', COACHFLOW_PLUGIN_REGISTRY: 'off' }) };
    const plugins = new PluginManager({ knex: db.knex, registry, credentials, log, audit: { record: async () => undefined }, settings });
    await plugins.start();
    await expect(plugins.install('coachflow-plugin-anything@1.0.0', actor)).rejects.toThrow(/COACHFLOW_PLUGIN_REGISTRY=off/);
  });
});
