import { createHash } from 'node:crypto';

/** Namespace for Coachflow statement ids (a fixed random UUID). */
export const STATEMENT_ID_NAMESPACE = '6f1c2a8e-52d4-4c1b-9f0e-3b7d8a9c4e21';

/**
 * A name-based UUID (RFC 4122 version 5: SHA-1 of namespace ‖ name) from the step's idempotency
 * key, so every retry of the step sends the same statement id and the LRS stores it once.
 */
export function statementIdFor(idempotencyKey: string, namespace = STATEMENT_ID_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(idempotencyKey, 'utf8').digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
