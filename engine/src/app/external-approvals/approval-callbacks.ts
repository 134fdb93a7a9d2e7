/**
 * Callbacks from Feishu and DingTalk: verified and decrypted by the plugin's own helper
 * (`handleFeishuCallback` / `handleDingtalkCallback`, exported beside the connector), deduplicated
 * by event id in `callback_event`, and applied to the waiting run in the same transaction as the
 * dedupe row (so a crash never leaves an event marked seen but not applied). Only database work
 * happens before the answer: Feishu wants it within 3 s (1 s for the URL challenge), DingTalk
 * within 1.5 s. Runs are advanced after the answer.
 *
 * Events for instances Coachflow does not know (other approvals on the same definition, or a
 * callback racing the create answer) are acknowledged and not recorded; reconciliation polling
 * covers the race.
 */
import { isConnectorError } from '@coachflow/connector-sdk';
import { UserError } from '@coachflow/model';
import type { Knex } from '@mikro-orm/mysql';
import type { ConnectorRegistry } from '../../connectors/connector-registry.js';
import type { Logger } from '../../logger.js';
import { insertedId, isUniqueViolation } from '../../persistence/json.js';
import type { Job } from '../../queue/job-queue.port.js';
import type { ExternalApprovalService, ExternalOutcome } from './external-approval.service.js';

type Row = Record<string, unknown>;

export interface CallbackAnswer {
  status: number;
  body: unknown;
}

/** What the plugin helper found in a callback, normalised. */
interface ParsedEvent {
  eventId: string;
  instanceId: string;
  uuid?: string;
  /** The platform's status, e.g. APPROVED or finish/agree. */
  status: string;
  outcome: ExternalOutcome | 'pending';
}

type FeishuHandler = (req: { headers: Record<string, string | string[] | undefined>; rawBody: string }, creds: Record<string, string>) =>
  | { kind: 'challenge'; body: unknown }
  | { kind: 'event'; eventId: string; instanceCode: string; status: string; outcome: ExternalOutcome | 'pending'; uuid: string }
  | { kind: 'ignored'; reason: string };

type DingtalkHandler = (req: { query: Record<string, string>; rawBody: string }, creds: Record<string, string>) =>
  | { kind: 'check_url'; reply: unknown }
  | { kind: 'event'; eventId: string; instanceId: string; type: string; result?: string; outcome: ExternalOutcome | 'pending'; reply: unknown }
  | { kind: 'ignored'; reason: string; reply: unknown };

export class ApprovalCallbacks {
  constructor(
    private readonly knex: Knex,
    private readonly registry: ConnectorRegistry,
    private readonly approvals: ExternalApprovalService,
    private readonly log: Logger,
    private readonly enqueue: (jobs: Job[]) => Promise<void>,
  ) {}

  #helper<T>(connectorId: string, name: string): T {
    const fn = this.registry.moduleOf(connectorId)?.[name];
    if (typeof fn !== 'function') throw UserError.notFound('callback receiver', connectorId);
    return fn as T;
  }

  /** Maps a plugin's rejection to an HTTP answer: bad signatures are 401 and never reach the run. */
  #rejection(e: unknown, platform: string): never {
    if (isConnectorError(e)) {
      if (e.code === 'BAD_SIGNATURE') {
        this.log.warn(`${platform} callback rejected`, { reason: e.message });
        throw new UserError('BAD_SIGNATURE', e.message, 401);
      }
      if (e.code === 'CREDENTIALS_MISSING') throw new UserError('CALLBACK_NOT_CONFIGURED', `${platform} callbacks cannot be verified: the connector's credentials are not set (${e.message})`, 401);
      throw UserError.badRequest(e.code, e.message);
    }
    throw e;
  }

  async feishu(connectorId: string, headers: Record<string, string | string[] | undefined>, rawBody: string): Promise<CallbackAnswer> {
    const handle = this.#helper<FeishuHandler>(connectorId, 'handleFeishuCallback');
    const { credentials } = await this.registry.access(connectorId);
    let r: ReturnType<FeishuHandler>;
    try {
      r = handle({ headers, rawBody }, credentials);
    } catch (e) {
      this.#rejection(e, 'Feishu');
    }
    if (r.kind === 'challenge') return { status: 200, body: r.body };
    if (r.kind === 'ignored') return { status: 200, body: {} };
    await this.#apply('feishu', connectorId, { eventId: r.eventId, instanceId: r.instanceCode, uuid: r.uuid, status: r.status, outcome: r.outcome });
    return { status: 200, body: {} };
  }

  async dingtalk(connectorId: string, query: Record<string, string>, rawBody: string): Promise<CallbackAnswer> {
    const handle = this.#helper<DingtalkHandler>(connectorId, 'handleDingtalkCallback');
    const { credentials } = await this.registry.access(connectorId);
    let r: ReturnType<DingtalkHandler>;
    try {
      r = handle({ query, rawBody }, credentials);
    } catch (e) {
      this.#rejection(e, 'DingTalk');
    }
    if (r.kind === 'event') {
      const status = [r.type, r.result].filter(Boolean).join('/');
      await this.#apply('dingtalk', connectorId, { eventId: r.eventId, instanceId: r.instanceId, status, outcome: r.outcome });
    }
    return { status: 200, body: r.reply };
  }

  /** Dedupes and applies one event. Returns the result recorded (or `unknown` when not ours). */
  async #apply(source: 'feishu' | 'dingtalk', connectorId: string, ev: ParsedEvent): Promise<string> {
    const row = await this.approvals.find(connectorId, ev.instanceId, ev.uuid);
    if (!row) {
      this.log.info('callback for an instance Coachflow does not wait on; acknowledged', { source, instanceId: ev.instanceId });
      return 'unknown';
    }
    const now = Date.now();
    let jobs: Job[] = [];
    let result: string;
    try {
      result = await this.knex.transaction(async (trx) => {
        const callbackId = insertedId(await trx('callback_event').insert({
          source,
          event_id: ev.eventId.slice(0, 128),
          connector: connectorId,
          instance_id: ev.instanceId.slice(0, 128),
          status: ev.status.slice(0, 64),
          result: 'received',
          received_at: now,
        }));
        let outcome = 'pending';
        if (ev.outcome !== 'pending') {
          jobs = await this.approvals.applyOutcome(trx, row as Row, ev.outcome, { via: 'callback', externalStatus: ev.status });
          outcome = jobs.length ? 'applied' : 'stale';
        }
        await trx('callback_event').where({ id: callbackId }).update({ result: outcome });
        return outcome;
      });
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      this.log.info('duplicate callback ignored', { source, eventId: ev.eventId });
      return 'duplicate';
    }
    this.log.info('external approval callback', { source, eventId: ev.eventId, instanceId: ev.instanceId, status: ev.status, result });
    // Advance after answering: the platform's deadline is short, and the sweep retries a lost enqueue.
    if (jobs.length) void this.enqueue(jobs).catch(() => undefined);
    return result;
  }
}
