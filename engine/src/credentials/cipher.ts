/**
 * AES-256-GCM for single credential values. Format: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url
 * parts): a random 12-byte IV per value and the 16-byte auth tag. The additional authenticated data
 * binds a value to its connector and field, so a ciphertext moved to another field does not decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export interface ParsedCiphertext {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  data: Buffer;
}

export function aadOf(connectorId: string, field: string): Buffer {
  return Buffer.from(`coachflow-credential:${connectorId}:${field}`, 'utf8');
}

export function encryptValue(plain: string, key: Buffer, keyId: string, aad: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, keyId, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join('.');
}

export function parseCiphertext(token: string): ParsedCiphertext {
  const parts = token.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) throw new Error('not an encrypted credential value');
  const [, keyId, iv, tag, data] = parts as [string, string, string, string, string];
  return { keyId, iv: Buffer.from(iv, 'base64url'), tag: Buffer.from(tag, 'base64url'), data: Buffer.from(data, 'base64url') };
}

/** Decrypts with `key`; throws when the tag does not verify (wrong key, tampering, wrong field). */
export function decryptValue(parsed: ParsedCiphertext, key: Buffer, aad: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, parsed.iv);
  decipher.setAAD(aad);
  decipher.setAuthTag(parsed.tag);
  return Buffer.concat([decipher.update(parsed.data), decipher.final()]).toString('utf8');
}
