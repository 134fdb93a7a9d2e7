/**
 * The connectors this process can call. Loading a broken module reports it and keeps the engine
 * running; plugin installation by IT (folders, tarballs, npm) builds on this (connector issue).
 */
import { pathToFileURL } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import type { ConnectorDefinition } from '@coachflow/connector-sdk';
import type { Logger } from '../logger.js';

export interface ConnectorLoadProblem {
  module: string;
  error: string;
}

/** The shape the shared validator and the designer read. */
export interface ConnectorCatalogue {
  [connectorId: string]: {
    displayName: ConnectorDefinition['displayName'];
    version: number;
    actions: { [actionId: string]: { input: Record<string, unknown>; output?: Record<string, unknown>; highImpact?: boolean; displayName: ConnectorDefinition['displayName'] } };
  };
}

function isConnector(value: unknown): value is ConnectorDefinition {
  const v = value as ConnectorDefinition | null;
  return typeof v === 'object' && v !== null && typeof v.id === 'string' && typeof v.actions === 'object' && v.actions !== null;
}

export class ConnectorRegistry {
  #connectors = new Map<string, ConnectorDefinition>();
  readonly problems: ConnectorLoadProblem[] = [];

  constructor(private readonly log: Logger) {}

  register(connector: ConnectorDefinition): void {
    this.#connectors.set(connector.id, connector);
  }

  get(id: string): ConnectorDefinition | undefined {
    return this.#connectors.get(id);
  }

  list(): ConnectorDefinition[] {
    return [...this.#connectors.values()];
  }

  /** Imports a module whose default export is a connector; failures are recorded, never thrown. */
  async load(specifier: string): Promise<boolean> {
    try {
      const target = specifier.startsWith('.') || isAbsolute(specifier) ? pathToFileURL(resolve(specifier)).href : specifier;
      const mod = (await import(target)) as { default?: unknown };
      if (!isConnector(mod.default)) throw new Error('default export is not a connector (use defineConnector)');
      this.register(mod.default);
      this.log.info('connector loaded', { connector: mod.default.id, module: specifier });
      return true;
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.problems.push({ module: specifier, error });
      this.log.error('connector failed to load', { module: specifier, error });
      return false;
    }
  }

  catalogue(): ConnectorCatalogue {
    const out: ConnectorCatalogue = {};
    for (const c of this.#connectors.values()) {
      const actions: ConnectorCatalogue[string]['actions'] = {};
      for (const [id, a] of Object.entries(c.actions)) {
        actions[id] = { input: a.input, output: a.output, highImpact: a.highImpact, displayName: a.displayName };
      }
      out[c.id] = { displayName: c.displayName, version: c.version, actions };
    }
    return out;
  }
}
