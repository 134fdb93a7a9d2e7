import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks `X-Signature: sha256=<hex>` = HMAC-SHA256(rawBody, secret) in constant time. Pass the raw
 * request bytes exactly as received (not re-serialised JSON).
 */
export function verifyWebhook(rawBody: string | Uint8Array, signatureHeader: string | undefined | null, secret: string): boolean {
  if (!secret || typeof signatureHeader !== 'string') return false;
  const m = /^sha256=([0-9a-f]{64})$/i.exec(signatureHeader.trim());
  if (!m?.[1]) return false;
  const expected = createHmac('sha256', secret).update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(m[1], 'hex'));
}
