/** Declaring a connector: description as data, behaviour as a small `run(ctx, input)` function. */
export interface LocalizedText {
  'zh-CN': string;
  en: string;
}

/** JSON Schema (the subset the designer renders as a form). */
export type Schema = Record<string, unknown>;

export interface ActionLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

/** Everything an action receives: no globals, no engine database or queue. */
export interface ActionContext {
  /** This connector's credentials only, decrypted. */
  credentials: Record<string, string>;
  /** Derived by the engine from run and node; identical across retries of the same step. */
  idempotencyKey: string;
  /** Aborted when the action's timeout passes or the engine shuts down. */
  signal: AbortSignal;
  logger: ActionLogger;
  /** fetch with the abort signal applied. */
  fetch: typeof fetch;
}

export interface ActionDefinition<I = Record<string, unknown>, O = unknown> {
  displayName: LocalizedText;
  description?: LocalizedText;
  input: Schema;
  output?: Schema;
  /** The input fields that leave the system (data minimisation; shown in the designer and audit). */
  sends?: string[];
  /** Actions that change a person's situation (PIP, rotation) need a human step before them. */
  highImpact?: boolean;
  run(ctx: ActionContext, input: I): Promise<O>;
}

export interface CredentialField {
  type: 'string';
  displayName?: LocalizedText;
  secret?: boolean;
  format?: string;
  required?: boolean;
}

export interface ConnectorDefinition {
  id: string;
  version: number;
  displayName: LocalizedText;
  description?: LocalizedText;
  credentials?: Record<string, CredentialField>;
  actions: Record<string, ActionDefinition<never, unknown>>;
}

/** The connector API version this SDK implements (plugins declare the one they need). */
export const CONNECTOR_API_VERSION = 1;

const ID = /^[a-z][a-z0-9-]{1,62}$/;

export function defineConnector<C extends ConnectorDefinition>(connector: C): C {
  if (!ID.test(connector.id)) throw new Error(`invalid connector id "${connector.id}"`);
  if (!Number.isInteger(connector.version) || connector.version < 1) throw new Error('connector version must be a positive integer');
  for (const [name, action] of Object.entries(connector.actions)) {
    if (!/^[a-z][A-Za-z0-9]*$/.test(name)) throw new Error(`invalid action id "${name}" (camelCase verb expected)`);
    if (typeof action.run !== 'function') throw new Error(`action ${name} has no run function`);
  }
  return connector;
}

export function defineAction<I, O>(action: ActionDefinition<I, O>): ActionDefinition<I, O> {
  return action;
}
