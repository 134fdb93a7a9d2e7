import { ConnectorError } from '@coachflow/connector-sdk';
import { ROTATION_STATUSES, type RotationStatus } from '../client/talent.client.js';

export interface RotationStatusChangedEvent {
  /** Stable across redeliveries: the caller dedupes on it. */
  eventId: string;
  type: 'rotation_request.status_changed';
  data: { id: string; status: RotationStatus; updatedAt: string };
}

/** Parses a (verified) webhook body; throws non-retryable BAD_PAYLOAD on anything else. */
export function parseWebhook(rawBody: string | Uint8Array): RotationStatusChangedEvent {
  let v: unknown;
  try {
    v = JSON.parse(typeof rawBody === 'string' ? rawBody : Buffer.from(rawBody).toString('utf8'));
  } catch {
    throw ConnectorError.nonRetryable('BAD_PAYLOAD', 'webhook body is not JSON');
  }
  const e = v as { eventId?: unknown; type?: unknown; data?: { id?: unknown; status?: unknown; updatedAt?: unknown } };
  if (typeof e?.eventId !== 'string' || e.type !== 'rotation_request.status_changed' || typeof e.data?.id !== 'string' || typeof e.data.updatedAt !== 'string' || !ROTATION_STATUSES.includes(e.data.status as RotationStatus)) {
    throw ConnectorError.nonRetryable('BAD_PAYLOAD', 'not a rotation_request.status_changed event');
  }
  return { eventId: e.eventId, type: e.type, data: { id: e.data.id, status: e.data.status as RotationStatus, updatedAt: e.data.updatedAt } };
}
