/**
 * The catalogue entry of one connector for the designer and the admin page: display names, version,
 * where it comes from, whether it is enabled, its credential fields (names and secret flags, never
 * values) and each action's schemas and `sends` (the input fields that leave the system).
 */
import type { ConnectorDefinition, LocalizedText, Schema } from '@coachflow/connector-sdk';

export interface CredentialFieldDescription {
  type: 'string';
  secret: boolean;
  required: boolean;
  format?: string;
  displayName?: LocalizedText;
}

export interface ActionDescription {
  displayName: LocalizedText;
  description?: LocalizedText;
  input: Schema;
  output?: Schema;
  highImpact?: boolean;
  /** Input fields that leave the system (data minimisation); empty when the plugin declares none. */
  sends: string[];
}

export interface ConnectorDescription {
  displayName: LocalizedText;
  description?: LocalizedText;
  /** The connector's own version (action contract). */
  version: number;
  plugin: { id: string; version: string | null; source: string };
  enabled: boolean;
  problems: string[];
  credentials: Record<string, CredentialFieldDescription>;
  actions: Record<string, ActionDescription>;
}

export function describeConnector(
  c: ConnectorDefinition,
  origin: { pluginId: string; packageVersion: string | null; source: string; enabled: boolean; problems: string[] },
): ConnectorDescription {
  const credentials: ConnectorDescription['credentials'] = {};
  for (const [name, f] of Object.entries(c.credentials ?? {})) {
    credentials[name] = {
      type: 'string',
      secret: f.secret === true,
      required: f.required === true,
      ...(f.format ? { format: f.format } : {}),
      ...(f.displayName ? { displayName: f.displayName } : {}),
    };
  }
  const actions: ConnectorDescription['actions'] = {};
  for (const [id, a] of Object.entries(c.actions)) {
    actions[id] = {
      displayName: a.displayName,
      ...(a.description ? { description: a.description } : {}),
      input: a.input,
      ...(a.output ? { output: a.output } : {}),
      ...(a.highImpact ? { highImpact: true } : {}),
      sends: [...(a.sends ?? [])],
    };
  }
  return {
    displayName: c.displayName,
    ...(c.description ? { description: c.description } : {}),
    version: c.version,
    plugin: { id: origin.pluginId, version: origin.packageVersion, source: origin.source },
    enabled: origin.enabled,
    problems: origin.problems,
    credentials,
    actions,
  };
}
