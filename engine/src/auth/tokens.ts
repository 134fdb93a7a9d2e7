/** Opaque bearer tokens: 32 random bytes, base64url, with a kind prefix; only their SHA-256 is stored. */
import { createHash, randomBytes } from 'node:crypto';

export const SESSION_PREFIX = 'cfs_';
export const API_TOKEN_PREFIX = 'cft_';

export function newToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
