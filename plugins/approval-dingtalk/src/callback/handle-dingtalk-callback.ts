/**
 * Handles one DingTalk HTTP push: verifies the sha1 signature, decrypts, and returns what happened
 * plus the encrypted "success" reply DingTalk expects within 1500 ms. Pure apart from randomness.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ConnectorError } from '@coachflow/connector-sdk';
import { dingtalkCredentials } from '../client/dingtalk-credentials.js';
import { decryptDingtalk, dingtalkSignature, encryptDingtalk, sameSignature } from './dingtalk-crypto.js';
import { mapDingtalkEvent, type ApprovalOutcome } from './map-status.js';

export interface DingtalkReply {
  msg_signature: string;
  timeStamp: string;
  nonce: string;
  encrypt: string;
}

export type DingtalkCallbackResult =
  | { kind: 'check_url'; reply: DingtalkReply }
  | {
      kind: 'event';
      /** `eventId` when DingTalk sends one; else derived from instance, type, result and time (stable across redeliveries). */
      eventId: string;
      instanceId: string;
      processCode: string;
      /** start | finish | terminate */
      type: string;
      /** agree | refuse (absent on terminate and start) */
      result?: string;
      outcome: ApprovalOutcome;
      reply: DingtalkReply;
    }
  | { kind: 'ignored'; eventType: string; reason: string; reply: DingtalkReply };

export interface DingtalkCallbackRequest {
  query: Record<string, string | string[] | undefined> | URLSearchParams;
  rawBody: string | Uint8Array;
}

const bad = (why: string) => ConnectorError.nonRetryable('BAD_SIGNATURE', `DingTalk callback rejected: ${why}`);

function param(q: DingtalkCallbackRequest['query'], ...names: string[]): string {
  for (const n of names) {
    const v = q instanceof URLSearchParams ? q.get(n) : q[n];
    const s = Array.isArray(v) ? v[0] : v;
    if (typeof s === 'string' && s !== '') return s;
  }
  return '';
}

/** The encrypted "success" answer, signed with the callback token. */
export function dingtalkSuccessReply(credentials: Record<string, string>): DingtalkReply {
  const c = dingtalkCredentials(credentials);
  const encrypt = encryptDingtalk('success', c.aesKey, c.corpId || c.appKey);
  const timeStamp = String(Date.now());
  const nonce = randomBytes(6).toString('hex');
  return { msg_signature: dingtalkSignature(c.callbackToken, timeStamp, nonce, encrypt), timeStamp, nonce, encrypt };
}

export function handleDingtalkCallback(req: DingtalkCallbackRequest, credentials: Record<string, string>): DingtalkCallbackResult {
  const c = dingtalkCredentials(credentials);
  if (!c.callbackToken || !c.aesKey) throw bad('callbackToken and aesKey must be configured');
  let encrypt: unknown;
  try {
    encrypt = (JSON.parse(typeof req.rawBody === 'string' ? req.rawBody : Buffer.from(req.rawBody).toString('utf8')) as { encrypt?: unknown }).encrypt;
  } catch {
    throw ConnectorError.nonRetryable('BAD_PAYLOAD', 'DingTalk callback body is not JSON');
  }
  if (typeof encrypt !== 'string') throw ConnectorError.nonRetryable('BAD_PAYLOAD', 'DingTalk callback body has no encrypt field');
  const signature = param(req.query, 'signature', 'msg_signature');
  const timestamp = param(req.query, 'timestamp', 'timeStamp');
  const nonce = param(req.query, 'nonce');
  if (!signature || !timestamp || !nonce) throw bad('signature, timestamp or nonce missing');
  if (!sameSignature(dingtalkSignature(c.callbackToken, timestamp, nonce, encrypt), signature)) throw bad('signature mismatch');
  let decrypted: { msg: string; receiveId: string };
  try {
    decrypted = decryptDingtalk(encrypt, c.aesKey);
  } catch {
    throw bad('cannot decrypt with the configured aesKey');
  }
  const expectedIds = [c.corpId, c.appKey].filter(Boolean);
  if (expectedIds.length && !expectedIds.includes(decrypted.receiveId)) throw bad(`message is for ${decrypted.receiveId}, not this corp/app`);
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(decrypted.msg) as Record<string, unknown>;
  } catch {
    throw ConnectorError.nonRetryable('BAD_PAYLOAD', 'decrypted DingTalk message is not JSON');
  }
  const reply = dingtalkSuccessReply(credentials);
  const eventType = String(event.EventType ?? '');
  if (eventType === 'check_url') return { kind: 'check_url', reply };
  if (eventType !== 'bpms_instance_change') return { kind: 'ignored', eventType, reason: 'not an instance change', reply };
  const instanceId = typeof event.processInstanceId === 'string' ? event.processInstanceId : '';
  const type = typeof event.type === 'string' ? event.type : '';
  if (!instanceId || !type) throw ConnectorError.nonRetryable('BAD_PAYLOAD', 'bpms_instance_change without processInstanceId or type');
  const processCode = String(event.processCode ?? '');
  if (c.processCode && processCode && processCode !== c.processCode) return { kind: 'ignored', eventType, reason: `other process ${processCode}`, reply };
  const result = typeof event.result === 'string' ? event.result : undefined;
  const eventId =
    typeof event.eventId === 'string' && event.eventId
      ? event.eventId
      : `derived:${createHash('sha256').update(JSON.stringify([instanceId, type, result ?? '', String(event.finishTime ?? event.createTime ?? '')])).digest('hex').slice(0, 32)}`;
  return { kind: 'event', eventId, instanceId, processCode, type, result, outcome: mapDingtalkEvent(type, result), reply };
}
