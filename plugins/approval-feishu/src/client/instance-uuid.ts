import { createHash } from 'node:crypto';

/** Feishu's create `uuid` (1–64 chars): the idempotency key itself, or its SHA-256 hex when longer. */
export function instanceUuid(idempotencyKey: string): string {
  return idempotencyKey.length <= 64 ? idempotencyKey : createHash('sha256').update(idempotencyKey, 'utf8').digest('hex');
}
