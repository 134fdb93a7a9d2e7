/**
 * The connectors this process can call. Connectors come from plugins (built-in ones in plugins/,
 * ones IT installed; see ../plugins/plugin-manager.ts) and from extra modules named in
 * COACHFLOW_CONNECTORS. Loading a broken module reports it and keeps the engine running; a disabled
 * connector stays described (catalogue, credentials) but cannot be called.
 */
import { pathToFileURL } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import type { ConnectorDefinition } from '@coachflow/connector-sdk';
import type { Logger } from '../logger.js';
import type { CredentialService } from '../credentials/credential.service.js';
import type { CredentialAccess } from '../credentials/credential.types.js';
import { describeConnector, type ConnectorDescription } from './connector-description.js';

export interface ConnectorLoadProblem {
  /** The module path or plugin package that failed. */
  module: string;
  error: string;
  /** The plugin package, when the problem is a plugin's. */
  plugin?: string;
}

/** The shape the shared validator and the designer read (enabled connectors only). */
export interface ConnectorCatalogue {
  [connectorId: string]: {
    displayName: ConnectorDefinition['displayName'];
    version: number;
    actions: { [actionId: string]: { input: Record<string, unknown>; output?: Record<string, unknown>; highImpact?: boolean; displayName: ConnectorDefinition['displayName'] } };
  };
}

/** Where a connector comes from. */
export interface ConnectorOrigin {
  /** Plugin package name, or the module specifier for COACHFLOW_CONNECTORS modules. */
  pluginId: string;
  /** The package version (semver), when known. */
  packageVersion: string | null;
  source: 'builtin' | 'folder' | 'tarball' | 'npm' | 'module';
}

interface Entry {
  definition: ConnectorDefinition;
  /** The module namespace (plugins export helpers beside the connector, e.g. callback handlers). */
  module: Record<string, unknown>;
  origin: ConnectorOrigin;
  enabled: boolean;
}

export function isConnector(value: unknown): value is ConnectorDefinition {
  const v = value as ConnectorDefinition | null;
  return typeof v === 'object' && v !== null && typeof v.id === 'string' && typeof v.actions === 'object' && v.actions !== null;
}

/** Imports a module whose default export is a connector; throws a readable error otherwise. */
export async function importConnectorModule(url: string): Promise<{ definition: ConnectorDefinition; module: Record<string, unknown> }> {
  const mod = (await import(url)) as Record<string, unknown>;
  if (!isConnector(mod.default)) throw new Error('default export is not a connector (use defineConnector)');
  for (const [name, action] of Object.entries(mod.default.actions)) {
    if (typeof (action as { run?: unknown }).run !== 'function') throw new Error(`action ${name} has no run function`);
  }
  return { definition: mod.default, module: mod };
}

export class ConnectorRegistry {
  #entries = new Map<string, Entry>();
  #problems = new Map<string, ConnectorLoadProblem>();
  #credentials: CredentialService | null = null;
  #refresh: ((force: boolean) => Promise<void>) | null = null;

  constructor(private readonly log: Logger) {}

  /** Modules and plugins that failed to load (reported, never thrown). */
  get problems(): ConnectorLoadProblem[] {
    return [...this.#problems.values()];
  }

  reportProblem(key: string, problem: ConnectorLoadProblem): void {
    this.#problems.set(key, problem);
  }

  clearProblem(key: string): void {
    this.#problems.delete(key);
  }

  /** Wires decryption of credentials for action calls. */
  useCredentials(credentials: CredentialService): void {
    this.#credentials = credentials;
  }

  /** Called before a connector is resolved for a call (throttled unless forced): picks up plugin changes made by other processes. */
  useRefresher(refresh: (force: boolean) => Promise<void>): void {
    this.#refresh = refresh;
  }

  register(connector: ConnectorDefinition, options: { origin?: ConnectorOrigin; module?: Record<string, unknown>; enabled?: boolean } = {}): void {
    this.#entries.set(connector.id, {
      definition: connector,
      module: options.module ?? { default: connector },
      origin: options.origin ?? { pluginId: connector.id, packageVersion: null, source: 'module' },
      enabled: options.enabled ?? true,
    });
  }

  unregister(id: string): void {
    this.#entries.delete(id);
  }

  setEnabled(id: string, enabled: boolean): void {
    const e = this.#entries.get(id);
    if (e) e.enabled = enabled;
  }

  /** An enabled connector, or undefined. */
  get(id: string): ConnectorDefinition | undefined {
    const e = this.#entries.get(id);
    return e?.enabled ? e.definition : undefined;
  }

  /** Any loaded connector, enabled or not (declarations for the catalogue and credentials). */
  definition(id: string): ConnectorDefinition | undefined {
    return this.#entries.get(id)?.definition;
  }

  origin(id: string): ConnectorOrigin | undefined {
    return this.#entries.get(id)?.origin;
  }

  isEnabled(id: string): boolean {
    return this.#entries.get(id)?.enabled === true;
  }

  /** The module namespace of an enabled connector (for exported helpers such as callback handlers). */
  moduleOf(id: string): Record<string, unknown> | undefined {
    const e = this.#entries.get(id);
    return e?.enabled ? e.module : undefined;
  }

  /** Enabled connectors. */
  list(): ConnectorDefinition[] {
    return [...this.#entries.values()].filter((e) => e.enabled).map((e) => e.definition);
  }

  ids(): string[] {
    return [...this.#entries.keys()];
  }

  /** Picks up plugin changes from other processes (throttled by the refresher), then returns the enabled connector. */
  async resolve(id: string): Promise<ConnectorDefinition | undefined> {
    await this.#refreshQuietly(false);
    // Unknown here: maybe installed or enabled by another process a moment ago.
    if (!this.get(id)) await this.#refreshQuietly(true);
    return this.get(id);
  }

  async #refreshQuietly(force: boolean): Promise<void> {
    if (!this.#refresh) return;
    try {
      await this.#refresh(force);
    } catch (e) {
      this.log.warn('plugin refresh failed; using the connectors already loaded', { err: (e as Error).message });
    }
  }

  /** Decrypted credentials of `id` only, for one call of that connector. */
  async access(id: string): Promise<CredentialAccess> {
    if (!this.#credentials) return { credentials: {}, secrets: [] };
    return this.#credentials.forConnector(id, this.#entries.get(id)?.definition.credentials);
  }

  /** Imports a module whose default export is a connector (COACHFLOW_CONNECTORS); failures are recorded, never thrown. */
  async load(specifier: string): Promise<boolean> {
    try {
      const target = specifier.startsWith('.') || isAbsolute(specifier) ? pathToFileURL(resolve(specifier)).href : specifier;
      const { definition, module } = await importConnectorModule(target);
      this.register(definition, { module, origin: { pluginId: specifier, packageVersion: null, source: 'module' } });
      this.clearProblem(specifier);
      this.log.info('connector loaded', { connector: definition.id, module: specifier });
      return true;
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.reportProblem(specifier, { module: specifier, error });
      this.log.error('connector failed to load', { module: specifier, error });
      return false;
    }
  }

  /** Enabled connectors in the shape the workflow validator reads. */
  catalogue(): ConnectorCatalogue {
    const out: ConnectorCatalogue = {};
    for (const { definition: c, enabled } of this.#entries.values()) {
      if (!enabled) continue;
      const actions: ConnectorCatalogue[string]['actions'] = {};
      for (const [id, a] of Object.entries(c.actions)) {
        actions[id] = { input: a.input, output: a.output, highImpact: a.highImpact, displayName: a.displayName };
      }
      out[c.id] = { displayName: c.displayName, version: c.version, actions };
    }
    return out;
  }

  /** Every loaded connector, enabled or not, for the catalogue API (no credential values). */
  describe(): Record<string, ConnectorDescription> {
    const out: Record<string, ConnectorDescription> = {};
    for (const e of this.#entries.values()) {
      const problems = this.problems.filter((p) => p.plugin === e.origin.pluginId || p.module === e.origin.pluginId).map((p) => p.error);
      out[e.definition.id] = describeConnector(e.definition, { ...e.origin, enabled: e.enabled, problems });
    }
    return out;
  }
}
