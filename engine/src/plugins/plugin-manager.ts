/**
 * Plugin management: built-in plugins (plugins/ in the repository, on unless disabled) and plugins
 * IT installs (folder, tarball, npm) recorded in the `plugin` table. Every engine process loads the
 * enabled ones into the connector registry and re-reads the table (at most every `syncEveryMs`,
 * and at once when a call names a connector it does not know), so an install, enable, disable or
 * remove made by the API or the CLI reaches API and worker processes without a restart.
 *
 * A plugin whose manifest is bad or whose module throws (or hangs) on load is reported in its
 * `problems` and the catalogue, and its connector stays off; it never takes the engine down.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConnectorDefinition } from '@coachflow/connector-sdk';
import type { Knex } from '@mikro-orm/mysql';
import { UserError } from '@coachflow/model';
import { importConnectorModule, type ConnectorRegistry } from '../connectors/connector-registry.js';
import type { CredentialService } from '../credentials/credential.service.js';
import type { Logger } from '../logger.js';
import type { AuditActor, AuditRecorder } from './plugin-audit.js';
import { classifySpec, stagePlugin } from './plugin-installer.js';
import { ManifestError, readManifest } from './plugin-manifest.js';
import type { PluginSettings } from './plugin-settings.js';
import { PluginStore } from './plugin.store.js';
import type { InstallResult, PluginInfo, PluginRow, PluginSourceKind } from './plugin.types.js';
import { ensureSdkLink } from './sdk-link.js';

/** A plugin this process should have, from the built-in folder or the table. */
interface Candidate {
  id: string;
  sourceKind: PluginSourceKind;
  source: string;
  version: string;
  enabled: boolean;
  installedAt: number | null;
  /** The package folder; null when the install folder is missing on this host. */
  packageDir: string | null;
  installDir: string | null;
  /** Changes whenever the plugin must be re-evaluated. */
  stamp: string;
  row: PluginRow | null;
}

interface PluginState {
  candidate: Candidate;
  connectorId: string | null;
  problems: string[];
  active: boolean;
  supersededBy?: string;
}

type Loaded = { definition: ConnectorDefinition; module: Record<string, unknown> } | { error: string };

export interface PluginManagerDeps {
  knex: Knex;
  registry: ConnectorRegistry;
  credentials: CredentialService;
  log: Logger;
  audit: AuditRecorder;
  settings: PluginSettings;
}

export class PluginManager {
  readonly store: PluginStore;
  #builtins: Candidate[] = [];
  #state = new Map<string, PluginState>();
  #modules = new Map<string, Loaded>();
  /** Connector ids this manager registered. */
  #owned = new Set<string>();
  #lastSync = 0;
  #syncing: Promise<void> | null = null;

  constructor(private readonly deps: PluginManagerDeps) {
    this.store = new PluginStore(deps.knex);
  }

  get root(): string {
    return this.deps.settings.root;
  }

  /** Discovers the built-ins, loads everything enabled, and hooks the registry's refresh. */
  async start(): Promise<void> {
    try {
      ensureSdkLink(this.root);
    } catch (e) {
      this.deps.log.warn('cannot link the connector SDK for installed plugins', { err: (e as Error).message });
    }
    this.#discoverBuiltins();
    try {
      await this.sync(true);
    } catch (e) {
      // No plugin table yet (database not migrated) or the database is down: built-ins only for now.
      this.deps.log.error('cannot read installed plugins; loading built-ins only', { err: (e as Error).message });
      await this.#syncNow([]);
    }
    this.deps.registry.useRefresher((force) => this.sync(force));
  }

  #discoverBuiltins(): void {
    const dir = this.deps.settings.builtinDir;
    this.#builtins = [];
    if (!dir || !existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const pkgDir = join(dir, name);
      if (!existsSync(join(pkgDir, 'package.json'))) continue;
      try {
        const m = readManifest(pkgDir);
        this.#builtins.push({ id: m.name, sourceKind: 'builtin', source: pkgDir, version: m.version, enabled: true, installedAt: null, packageDir: pkgDir, installDir: null, stamp: 'builtin', row: null });
        this.deps.registry.clearProblem(`builtin:${pkgDir}`);
      } catch (e) {
        const error = e instanceof ManifestError ? e.message : String(e);
        this.deps.registry.reportProblem(`builtin:${pkgDir}`, { module: pkgDir, error });
        this.deps.log.error('built-in plugin has a bad manifest; it stays off', { plugin: pkgDir, error });
      }
    }
  }

  /** Re-reads the table and applies changes; throttled unless `force`. Never throws for one bad plugin. */
  async sync(force = false): Promise<void> {
    if (!force && Date.now() - this.#lastSync < this.deps.settings.syncEveryMs) return;
    while (this.#syncing) await this.#syncing;
    if (!force && Date.now() - this.#lastSync < this.deps.settings.syncEveryMs) return;
    this.#syncing = this.#syncNow().finally(() => {
      this.#syncing = null;
    });
    await this.#syncing;
  }

  #candidates(rows: PluginRow[]): Candidate[] {
    const builtins = new Map(this.#builtins.map((b) => [b.id, { ...b }]));
    const installed: Candidate[] = [];
    for (const row of rows) {
      if (row.sourceKind === 'builtin') {
        const b = builtins.get(row.id);
        if (b) Object.assign(b, { enabled: row.enabled, stamp: `builtin:${row.updatedAt}`, row, installedAt: row.installedAt });
        continue;
      }
      builtins.delete(row.id); // an installed package of the same name replaces the built-in
      const packageDir = row.installDir ? join(this.root, row.installDir, 'node_modules', row.id) : null;
      installed.push({
        id: row.id,
        sourceKind: row.sourceKind,
        source: row.source,
        version: row.version,
        enabled: row.enabled,
        installedAt: row.installedAt,
        packageDir: packageDir && existsSync(packageDir) ? packageDir : null,
        installDir: row.installDir,
        stamp: `${row.installDir}:${row.updatedAt}`,
        row,
      });
    }
    // Installed plugins claim connector ids first: an installed version supersedes a built-in.
    return [...installed, ...builtins.values()];
  }

  async #import(packageDir: string): Promise<Loaded> {
    let url: string;
    try {
      url = pathToFileURL(readManifest(packageDir).entryPath).href;
    } catch (e) {
      return { error: e instanceof ManifestError ? e.message : String(e) };
    }
    const cached = this.#modules.get(url);
    if (cached) return cached;
    let timer: NodeJS.Timeout | undefined;
    const loaded: Loaded = await Promise.race([
      importConnectorModule(url),
      new Promise<Loaded>((ok) => {
        timer = setTimeout(() => ok({ error: `the module did not finish loading within ${this.deps.settings.loadTimeoutMs} ms` }), this.deps.settings.loadTimeoutMs);
      }),
    ])
      .catch((e: unknown): Loaded => ({ error: `failed to load: ${e instanceof Error ? e.message : String(e)}` }))
      .finally(() => clearTimeout(timer));
    this.#modules.set(url, loaded);
    return loaded;
  }

  async #syncNow(known?: PluginRow[]): Promise<void> {
    const { registry, log } = this.deps;
    const rows = known ?? (await this.store.all());
    const claims = new Map<string, { pluginId: string; loaded: Extract<Loaded, { definition: unknown }>; candidate: Candidate }>();
    const next = new Map<string, PluginState>();
    for (const c of this.#candidates(rows)) {
      const st: PluginState = { candidate: c, connectorId: c.row?.connectorId ?? null, problems: [], active: false };
      next.set(c.id, st);
      const previous = this.#state.get(c.id);
      let loaded: Loaded | null = null;
      if (!c.packageDir) {
        st.problems.push(`not installed on this host (${hostname()}): ${c.installDir ?? 'no folder'} is missing under ${this.root}; run "engine plugins install ${c.source}" here`);
      } else if (c.enabled || previous?.connectorId) {
        // Disabled plugins are not imported (their code does not run); one loaded before stays described.
        loaded = await this.#import(c.packageDir);
      }
      if (loaded && 'error' in loaded) st.problems.push(loaded.error);
      // Not imported (disabled): keep what the last load attempt found.
      if (!loaded && c.packageDir && c.row && c.sourceKind !== 'builtin') st.problems.push(...c.row.problems);
      if (!loaded || !('definition' in loaded)) continue;
      const id = loaded.definition.id;
      st.connectorId = id;
      const origin = registry.origin(id);
      const claimed = claims.get(id);
      if (origin && origin.source === 'module' && !this.#owned.has(id)) st.problems.push(`connector id ${id} is already provided by module ${origin.pluginId}`);
      else if (claimed && c.sourceKind === 'builtin') st.supersededBy = claimed.pluginId;
      else if (claimed) st.problems.push(`connector id ${id} is already provided by plugin ${claimed.pluginId}`);
      else claims.set(id, { pluginId: c.id, loaded, candidate: c });
      st.active = c.enabled && st.problems.length === 0 && !st.supersededBy;
    }

    for (const id of [...this.#owned]) {
      if (!claims.has(id)) {
        registry.unregister(id);
        this.#owned.delete(id);
      }
    }
    for (const [id, { pluginId, loaded, candidate }] of claims) {
      const st = next.get(pluginId) as PluginState;
      registry.register(loaded.definition, {
        module: loaded.module,
        origin: { pluginId, packageVersion: candidate.version, source: candidate.sourceKind },
        enabled: candidate.enabled && st.problems.length === 0,
      });
      this.#owned.add(id);
    }
    for (const [id, st] of next) {
      if (st.problems.length) registry.reportProblem(`plugin:${id}`, { module: st.candidate.source, plugin: id, error: st.problems.join('; ') });
      else registry.clearProblem(`plugin:${id}`);
      const before = this.#state.get(id);
      if (st.problems.length && JSON.stringify(before?.problems) !== JSON.stringify(st.problems)) log.error('plugin is broken; its connector stays off', { plugin: id, problems: st.problems });
      if (!before?.active && st.active && before) log.info('plugin loaded', { plugin: id, connector: st.connectorId, version: st.candidate.version });
      const row = st.candidate.row;
      if (row && row.sourceKind !== 'builtin' && (row.connectorId !== st.connectorId || JSON.stringify(row.problems) !== JSON.stringify(st.problems))) {
        await this.store.noteLoad(id, st.connectorId, st.problems).catch(() => undefined);
      }
    }
    for (const id of this.#state.keys()) if (!next.has(id)) registry.clearProblem(`plugin:${id}`);
    this.#state = next;
    this.#lastSync = Date.now();
  }

  /** Deletes `<root>/<slug>/<stamp>`, and `<root>/<slug>` once empty. */
  #removeInstallDir(installDir: string): void {
    rmSync(join(this.root, installDir), { recursive: true, force: true });
    const parent = join(this.root, dirname(installDir));
    if (parent !== this.root && existsSync(parent) && readdirSync(parent).length === 0) rmSync(parent, { recursive: true, force: true });
  }

  #info(st: PluginState): PluginInfo {
    const c = st.candidate;
    return {
      id: c.id,
      connectorId: st.connectorId,
      version: c.version,
      sourceKind: c.sourceKind,
      source: c.source,
      enabled: c.enabled,
      active: st.active,
      problems: st.problems,
      installedAt: c.installedAt ? new Date(c.installedAt).toISOString() : null,
      ...(st.supersededBy ? { supersededBy: st.supersededBy } : {}),
    };
  }

  /** Every plugin: built-ins and installed ones, with their state in this process. */
  async list(): Promise<PluginInfo[]> {
    await this.sync(true);
    return [...this.#state.values()].map((s) => this.#info(s)).sort((a, b) => a.id.localeCompare(b.id));
  }

  #find(ref: string): PluginState {
    const direct = this.#state.get(ref);
    if (direct) return direct;
    const byConnector = [...this.#state.values()].filter((s) => s.connectorId === ref);
    const pick = byConnector.find((s) => !s.supersededBy) ?? byConnector[0];
    if (!pick) throw UserError.notFound('plugin', ref);
    return pick;
  }

  async get(ref: string): Promise<PluginInfo> {
    await this.sync(true);
    return this.#info(this.#find(ref));
  }

  /** Installs from a folder, a tarball or an npm spec; loads it at once. */
  async install(spec: string, actor: AuditActor, cwd = process.cwd()): Promise<InstallResult> {
    const { registry } = this.deps;
    const target = classifySpec(spec, cwd);
    if (target.kind === 'npm' && !this.deps.settings.registryInstalls) {
      throw UserError.unprocessable('REGISTRY_INSTALLS_DISABLED', `installing from the npm registry is turned off on this engine (COACHFLOW_PLUGIN_REGISTRY=off); give a folder or a .tgz path (${target.target} is neither)`);
    }
    ensureSdkLink(this.root);
    await this.sync(true);
    const staged = await stagePlugin(target, { root: this.root, npm: this.deps.settings.npm, timeoutMs: this.deps.settings.npmTimeoutMs });
    const name = staged.manifest.name;
    const removeStaged = () => rmSync(join(this.root, staged.installDir), { recursive: true, force: true });
    const loaded = await this.#import(staged.packageDir);
    if ('definition' in loaded) {
      const id = loaded.definition.id;
      const other = [...this.#state.values()].find((s) => s.connectorId === id && s.candidate.id !== name && s.candidate.sourceKind !== 'builtin');
      const origin = registry.origin(id);
      if (other || (origin?.source === 'module' && !this.#owned.has(id))) {
        removeStaged();
        throw UserError.conflict('CONNECTOR_ID_TAKEN', `connector id ${id} is already provided by ${other ? `plugin ${other.candidate.id}` : `module ${origin?.pluginId}`}; remove it first`);
      }
    }
    const previous = await this.store.get(name);
    const now = Date.now();
    const problems = 'error' in loaded ? [loaded.error] : [];
    await this.store.upsert({
      id: name,
      connectorId: 'definition' in loaded ? loaded.definition.id : null,
      version: staged.manifest.version,
      source: target.target,
      sourceKind: target.kind,
      enabled: problems.length === 0,
      installDir: staged.installDir,
      installedAt: now,
      updatedAt: now,
      problems,
    });
    await this.sync(true);
    if (previous?.installDir && previous.installDir !== staged.installDir) this.#removeInstallDir(previous.installDir);
    const info = this.#info(this.#find(name));
    await this.deps.audit.record({
      action: 'plugin.install',
      actor,
      targetType: 'plugin',
      targetId: name,
      details: { version: info.version, source: target.target, sourceKind: target.kind, connectorId: info.connectorId, replaced: previous?.version ?? null, problems: info.problems },
    });
    return {
      plugin: info,
      replaced: previous && previous.sourceKind !== 'builtin' ? previous.version : null,
      restartRequired: false,
      ...(problems.length ? { note: 'the plugin failed to load and stays disabled; fix it and install again' } : {}),
    };
  }

  async setEnabled(ref: string, enabled: boolean, actor: AuditActor): Promise<PluginInfo> {
    await this.sync(true);
    const st = this.#find(ref);
    const c = st.candidate;
    const now = Date.now();
    if (c.sourceKind === 'builtin') {
      await this.store.upsert({ id: c.id, connectorId: st.connectorId, version: c.version, source: c.source, sourceKind: 'builtin', enabled, installDir: null, installedAt: c.installedAt ?? now, updatedAt: now, problems: [] });
    } else {
      await this.store.setEnabled(c.id, enabled, now);
    }
    await this.sync(true);
    const info = this.#info(this.#find(c.id));
    await this.deps.audit.record({ action: enabled ? 'plugin.enable' : 'plugin.disable', actor, targetType: 'plugin', targetId: c.id, details: { connectorId: info.connectorId, active: info.active, problems: info.problems } });
    return info;
  }

  /** Removes an installed plugin (files and row). Built-ins cannot be removed, only disabled. */
  async remove(ref: string, actor: AuditActor): Promise<{ removed: string; connectorId: string | null; credentialsRemoved: boolean }> {
    await this.sync(true);
    const st = this.#find(ref);
    const c = st.candidate;
    if (c.sourceKind === 'builtin') throw UserError.conflict('BUILTIN_PLUGIN', `${c.id} is built in: disable it instead of removing it`);
    await this.store.remove(c.id);
    await this.sync(true);
    if (c.installDir) this.#removeInstallDir(c.installDir);
    let credentialsRemoved = false;
    // Credentials go with the connector, unless a built-in of the same connector id takes over again.
    if (st.connectorId && !this.deps.registry.definition(st.connectorId)) credentialsRemoved = await this.deps.credentials.remove(st.connectorId);
    await this.deps.audit.record({ action: 'plugin.remove', actor, targetType: 'plugin', targetId: c.id, details: { version: c.version, connectorId: st.connectorId, credentialsRemoved } });
    return { removed: c.id, connectorId: st.connectorId, credentialsRemoved };
  }
}
