/**
 * The `action` job: performs one connector call. A lease in the database keeps two workers from
 * making the same call at once; the call carries the idempotency key the core derived from run and
 * node, so a repeat after a crash is recognised by the external system. The result is written as a
 * run input in one transaction with the call's completion, then the run is advanced.
 */
import { isConnectorError } from '@coachflow/connector-sdk';
import { actionContext } from '../../connectors/call-action.js';
import { redactSecrets } from '../../credentials/redact.js';
import type { Job } from '../../queue/job-queue.port.js';
import { fromJson, insertedId, toJson } from '../../persistence/json.js';
import type { StepError } from '../../core/types.js';
import type { RuntimeDeps } from './runtime-deps.js';

type Row = Record<string, unknown>;

/** Extra lease time beyond the action's own timeout before another worker may take the call over. */
const LEASE_SLACK_MS = 10_000;

function toStepError(e: unknown, timedOut: boolean): StepError {
  if (timedOut) return { code: 'ACTION_TIMEOUT', message: 'the action did not answer before its timeout', retryable: true };
  if (isConnectorError(e)) return { code: e.code, message: e.message, retryable: e.retryable };
  // The credential key changed on disk or in the environment: a retry after the fix can pass.
  if ((e as { code?: string }).code === 'CREDENTIALS_KEY_MISMATCH') return { code: 'CREDENTIALS_KEY_MISMATCH', message: (e as Error).message, retryable: true };
  const message = e instanceof Error ? e.message : String(e);
  // An unclassified throw (bug or network error in the plugin) may pass on a later attempt.
  return { code: 'ACTION_ERROR', message: message.slice(0, 2000), retryable: true };
}

export async function executeActionCall(deps: RuntimeDeps, callId: number): Promise<Job[]> {
  const { knex, connectors, log, metrics } = deps;
  const now = Date.now();
  const head = (await knex('action_call').where({ id: callId }).first('timeout_ms', 'status')) as Row | undefined;
  if (!head || head.status !== 'pending') return [];
  const timeoutMs = Number(head.timeout_ms);
  const claimed = await knex('action_call')
    .where({ id: callId, status: 'pending' })
    .andWhere((q) => q.whereNull('lease_until').orWhere('lease_until', '<', now))
    .update({ lease_until: now + timeoutMs + LEASE_SLACK_MS, dispatches: knex.raw('dispatches + 1') });
  if (claimed === 0) return [];
  const call = (await knex('action_call').where({ id: callId }).first()) as Row;

  // resolve: picks up plugins installed, enabled or disabled by another process.
  const connector = await connectors.resolve(String(call.connector));
  const action = connector?.actions[String(call.action)];
  let output: unknown = null;
  let error: StepError | null = null;
  const started = Date.now();
  if (!connector || !action) {
    error = { code: 'CONNECTOR_NOT_FOUND', message: `connector action ${String(call.connector)}.${String(call.action)} is not installed`, retryable: false };
  } else {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, timeoutMs);
    // This connector's credentials only, decrypted for this call; secrets are scrubbed from what it returns and logs.
    let secrets: string[] = [];
    try {
      const access = await connectors.access(String(call.connector));
      secrets = access.secrets;
      const ctx = actionContext(access.credentials, secrets, String(call.idempotency_key), controller.signal, log, { callId });
      const aborted = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
      output = redactSecrets(await Promise.race([action.run(ctx, fromJson<never>(call.input)), aborted]), secrets);
    } catch (e) {
      error = redactSecrets(toStepError(e, timedOut), secrets);
    } finally {
      clearTimeout(timer);
    }
  }
  metrics.observe('coachflow_action_duration_seconds', 'Connector call latency', { connector: String(call.connector), ok: String(!error) }, (Date.now() - started) / 1000);

  const runId = Number(call.run_id);
  const inputId = await knex.transaction(async (trx) => {
    const done = await trx('action_call')
      .where({ id: callId, status: 'pending' })
      .update({ status: error ? 'failed' : 'done', result: toJson(error ? { error } : { output }), finished_at: Date.now() });
    if (done === 0) return null; // cancelled meanwhile, or finished by another worker
    const event = error
      ? { type: 'actionFailed', nodeId: String(call.node_id), stepSeq: Number(call.step_seq), attempt: Number(call.attempt), error }
      : { type: 'actionSucceeded', nodeId: String(call.node_id), stepSeq: Number(call.step_seq), attempt: Number(call.attempt), output: output ?? null };
    return insertedId(await trx('run_input').insert({ run_id: runId, type: event.type, payload: toJson(event), processed: false, created_at: Date.now() }));
  });
  if (inputId === null) return [];
  return [{ name: 'advance', id: `advance:${runId}:${inputId}`, ref: runId }];
}
