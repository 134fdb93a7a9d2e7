/**
 * One connector call outside a workflow step (external approvals start and read their instances
 * with it): the connector's own credentials, the idempotency key, a timeout that aborts the call,
 * and errors mapped like the action executor's. Outputs and errors are scrubbed of secrets.
 */
import { isConnectorError, type ActionContext } from '@coachflow/connector-sdk';
import type { StepError } from '../core/types.js';
import type { Logger } from '../logger.js';
import { redactSecrets, redactString } from '../credentials/redact.js';
import type { ConnectorRegistry } from './connector-registry.js';

export type CallResult<O> = { ok: true; output: O } | { ok: false; error: StepError };

/** The action context a call receives; `secrets` are scrubbed from what the plugin logs. */
export function actionContext(
  credentials: Record<string, string>,
  secrets: readonly string[],
  idempotencyKey: string,
  signal: AbortSignal,
  log: Logger,
  fields: Record<string, unknown>,
): ActionContext {
  const scrub = (f?: Record<string, unknown>) => redactSecrets({ ...f, ...fields }, secrets);
  return {
    credentials,
    idempotencyKey,
    signal,
    logger: { info: (m, f) => log.info(redactString(m, secrets), scrub(f)), warn: (m, f) => log.warn(redactString(m, secrets), scrub(f)) },
    fetch: ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => fetch(input, { ...init, signal })) as typeof fetch,
  };
}

export async function callConnectorAction<O = unknown>(
  registry: ConnectorRegistry,
  log: Logger,
  call: { connector: string; action: string; input: unknown; idempotencyKey: string; timeoutMs: number },
): Promise<CallResult<O>> {
  const connector = await registry.resolve(call.connector);
  const action = connector?.actions[call.action];
  if (!connector || !action) {
    return { ok: false, error: { code: 'CONNECTOR_NOT_FOUND', message: `connector action ${call.connector}.${call.action} is not installed or is disabled`, retryable: false } };
  }
  let secrets: string[] = [];
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('timeout'));
  }, call.timeoutMs);
  try {
    const access = await registry.access(call.connector);
    secrets = access.secrets;
    const ctx = actionContext(access.credentials, secrets, call.idempotencyKey, controller.signal, log, { connector: call.connector, action: call.action });
    const aborted = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    const output = (await Promise.race([action.run(ctx, call.input as never), aborted])) as O;
    return { ok: true, output: redactSecrets(output, secrets) };
  } catch (e) {
    let error: StepError;
    if (timedOut) error = { code: 'ACTION_TIMEOUT', message: 'the action did not answer before its timeout', retryable: true };
    else if (isConnectorError(e)) error = { code: e.code, message: e.message, retryable: e.retryable };
    else if ((e as { code?: string }).code === 'CREDENTIALS_KEY_MISMATCH') error = { code: 'CREDENTIALS_KEY_MISMATCH', message: (e as Error).message, retryable: true };
    else error = { code: 'ACTION_ERROR', message: (e instanceof Error ? e.message : String(e)).slice(0, 2000), retryable: true };
    return { ok: false, error: redactSecrets(error, secrets) };
  } finally {
    clearTimeout(timer);
  }
}
