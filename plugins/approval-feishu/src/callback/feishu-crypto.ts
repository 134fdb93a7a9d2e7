import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

/** Decrypts Feishu's `encrypt` field: AES-256-CBC, key = SHA-256(encryptKey), body = base64(iv ‖ ciphertext). */
export function decryptFeishuEvent(encryptBase64: string, encryptKey: string): string {
  const buf = Buffer.from(encryptBase64, 'base64');
  if (buf.length < 32 || buf.length % 16 !== 0) throw new Error('encrypted payload has a bad length');
  const decipher = createDecipheriv('aes-256-cbc', createHash('sha256').update(encryptKey, 'utf8').digest(), buf.subarray(0, 16));
  return Buffer.concat([decipher.update(buf.subarray(16)), decipher.final()]).toString('utf8');
}

/** `X-Lark-Signature` = hex(sha256(timestamp + nonce + encryptKey + rawBody)), compared in constant time. */
export function verifyFeishuSignature(timestamp: string, nonce: string, encryptKey: string, rawBody: string | Uint8Array, signature: string): boolean {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
  const expected = createHash('sha256').update(timestamp + nonce + encryptKey, 'utf8').update(body).digest();
  if (!/^[0-9a-f]{64}$/i.test(signature)) return false;
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/** Constant-time string equality (for the verification token). */
export function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y) && a.length === b.length;
}
