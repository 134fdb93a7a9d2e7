/**
 * Handles one HTTP callback from Feishu: URL-verification challenge, v1.0 `approval_instance`
 * events, and anything else (ignored). Pure: no I/O. The caller answers HTTP 200 quickly and
 * dedupes on `eventId` (Feishu delivers at least once; duplicates keep the same id).
 */
import { ConnectorError } from '@coachflow/connector-sdk';
import { feishuCredentials } from '../client/feishu-credentials.js';
import { decryptFeishuEvent, sameSecret, verifyFeishuSignature } from './feishu-crypto.js';
import { mapFeishuStatus, type ApprovalOutcome } from './map-status.js';

export type FeishuCallbackResult =
  | { kind: 'challenge'; body: { challenge: string } }
  | {
      kind: 'event';
      /** v1: the envelope `uuid`; v2: `header.event_id`. Same across redeliveries. */
      eventId: string;
      instanceCode: string;
      approvalCode: string;
      /** Feishu's status as sent (PENDING, APPROVED, REJECTED, CANCELED, DELETED, REVERTED, …). */
      status: string;
      outcome: ApprovalOutcome;
      /** The create-time `uuid` (our idempotency key or its hash): correlates with the waiting run. */
      uuid: string;
      /** ms since epoch as a string (Feishu sends an int64 for REVERTED; normalised here). */
      operateTime: string;
    }
  | { kind: 'ignored'; eventId?: string; reason: string };

export interface FeishuCallbackRequest {
  headers: Record<string, string | string[] | undefined>;
  rawBody: string | Uint8Array;
}

const badSignature = (why: string) => ConnectorError.nonRetryable('BAD_SIGNATURE', `Feishu callback rejected: ${why}`);

function header(headers: FeishuCallbackRequest['headers'], name: string): string | undefined {
  const v = headers[name] ?? headers[name.toLowerCase()] ?? Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
  return Array.isArray(v) ? v[0] : v;
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw ConnectorError.nonRetryable('BAD_PAYLOAD', 'Feishu callback body is not a JSON object');
}

export function handleFeishuCallback(req: FeishuCallbackRequest, credentials: Record<string, string>): FeishuCallbackResult {
  const creds = feishuCredentials(credentials);
  const raw = typeof req.rawBody === 'string' ? req.rawBody : Buffer.from(req.rawBody).toString('utf8');
  if (!creds.encryptKey && !creds.verificationToken) throw badSignature('neither encryptKey nor verificationToken is configured');
  let payload = parseJson(raw);
  let signed = false;
  if (typeof payload.encrypt === 'string') {
    if (!creds.encryptKey) throw badSignature('encrypted body but no encryptKey configured');
    const signature = header(req.headers, 'x-lark-signature');
    if (signature !== undefined) {
      const ts = header(req.headers, 'x-lark-request-timestamp') ?? '';
      const nonce = header(req.headers, 'x-lark-request-nonce') ?? '';
      if (!verifyFeishuSignature(ts, nonce, creds.encryptKey, req.rawBody, signature)) throw badSignature('X-Lark-Signature mismatch');
      signed = true;
    }
    try {
      payload = parseJson(decryptFeishuEvent(payload.encrypt, creds.encryptKey));
    } catch {
      throw badSignature('cannot decrypt with the configured encryptKey');
    }
  } else if (creds.encryptKey) {
    throw badSignature('plain body although an encryptKey is configured');
  }

  const head = (payload.header ?? {}) as Record<string, unknown>;
  const token = payload.schema === '2.0' ? head.token : payload.token;
  if (creds.verificationToken && (typeof token !== 'string' || !sameSecret(token, creds.verificationToken))) throw badSignature('verification token mismatch');

  if (payload.type === 'url_verification') {
    if (typeof payload.challenge !== 'string') throw ConnectorError.nonRetryable('BAD_PAYLOAD', 'challenge missing');
    return { kind: 'challenge', body: { challenge: payload.challenge } };
  }
  // Events must carry a valid signature when encrypted (only the URL challenge comes unsigned).
  if (creds.encryptKey && !signed) throw badSignature('event without X-Lark-Signature');

  if (payload.schema === '2.0') {
    return { kind: 'ignored', eventId: typeof head.event_id === 'string' ? head.event_id : undefined, reason: `v2 event ${String(head.event_type)}` };
  }
  const event = (payload.event ?? {}) as Record<string, unknown>;
  const eventId = typeof payload.uuid === 'string' ? payload.uuid : undefined;
  if (payload.type !== 'event_callback' || event.type !== 'approval_instance') return { kind: 'ignored', eventId, reason: `event ${String(event.type ?? payload.type)}` };
  if (!eventId || typeof event.instance_code !== 'string' || typeof event.status !== 'string') throw ConnectorError.nonRetryable('BAD_PAYLOAD', 'approval_instance event without uuid, instance_code or status');
  if (creds.approvalCode && event.approval_code !== creds.approvalCode) return { kind: 'ignored', eventId, reason: `other approval ${String(event.approval_code)}` };
  return {
    kind: 'event',
    eventId,
    instanceCode: event.instance_code,
    approvalCode: String(event.approval_code ?? ''),
    status: event.status,
    outcome: mapFeishuStatus(event.status),
    uuid: typeof event.uuid === 'string' ? event.uuid : '',
    operateTime: String(event.operate_time ?? event.instance_operate_time ?? ''),
  };
}
