/**
 * The key that encrypts credentials at rest: 32 random bytes, from `COACHFLOW_SECRET_KEY` (base64)
 * or from the key file `<dataDir>/secret.key`, created on first start with mode 0600. The key id
 * (a hash prefix) is stored with every encrypted value, so a value written under another key is
 * recognised instead of failing with a confusing auth-tag error.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const SECRET_KEY_ENV = 'COACHFLOW_SECRET_KEY';
export const KEY_FILE_NAME = 'secret.key';

export interface SecretKey {
  key: Buffer;
  /** First 16 hex characters of SHA-256(key): names the key without revealing it. */
  id: string;
  source: 'env' | 'file';
  /** The key file, when the key comes from one. */
  path: string | null;
}

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** Parses a base64 key (standard or url alphabet, surrounding whitespace ignored); it must be 32 bytes. */
export function parseKey(text: string, where: string): Buffer {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) throw new Error(`${where} is not base64`);
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) throw new Error(`${where} must decode to 32 bytes (AES-256), got ${key.length}`);
  return key;
}

export function generateKey(): string {
  return randomBytes(32).toString('base64');
}

/** Writes `content` to `path` with mode 0600, atomically (temp file + rename), replacing any file there. */
export function writeKeyFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `${content}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/**
 * Creates the key file if it does not exist. Several processes may start at once: the key is
 * written to a temp file and hard-linked into place, so a reader never sees a half-written key and
 * exactly one creator wins.
 */
function ensureKeyFile(path: string): void {
  if (existsSync(path)) return;
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, `${generateKey()}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

export function keyFilePath(dataDir: string): string {
  return join(dataDir, KEY_FILE_NAME);
}

/** Loads the key from the environment, else from (or into) the key file. */
export function loadSecretKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): SecretKey {
  const fromEnv = env[SECRET_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    const key = parseKey(fromEnv, SECRET_KEY_ENV);
    return { key, id: keyId(key), source: 'env', path: null };
  }
  const path = keyFilePath(dataDir);
  ensureKeyFile(path);
  return readKeyFile(path);
}

export function readKeyFile(path: string): SecretKey {
  const mode = statSync(path).mode & 0o777;
  if (mode & 0o077) {
    // Tighten rather than refuse: the file is ours (created 0600); someone loosened it.
    chmodSync(path, 0o600);
  }
  const key = parseKey(readFileSync(path, 'utf8'), `key file ${path}`);
  return { key, id: keyId(key), source: 'file', path };
}
