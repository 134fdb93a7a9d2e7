/**
 * Password hashing with node:crypto scrypt: a random 16-byte salt per password and the cost
 * parameters stored with the hash (`scrypt$N$r$p$salt$hash`, base64), so they can be raised later
 * without breaking existing hashes. Comparison is constant-time.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 64;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 };
  return new Promise((ok, fail) => scrypt(password.normalize('NFKC'), salt, KEYLEN, options, (err, key) => (err ? fail(err) : ok(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = (stored ?? '').split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') {
    // Same work as a real check, so an unknown account takes as long as a wrong password.
    await derive(password, Buffer.alloc(16), N, R, P);
    return false;
  }
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** Minimum password policy: 10+ characters (or the demo's documented password). */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'a password needs at least 10 characters';
  if (password.length > 200) return 'a password has at most 200 characters';
  return null;
}
