import { mkdtempSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKey, keyFilePath, loadSecretKey, parseKey, writeKeyFile } from './secret-key.js';

const dir = () => mkdtempSync(join(tmpdir(), 'cf-key-'));

describe('secret key', () => {
  it('creates <dataDir>/secret.key with mode 0600 on first start and reuses it', () => {
    const d = dir();
    const first = loadSecretKey(d, {});
    expect(first).toMatchObject({ source: 'file', path: keyFilePath(d) });
    expect(first.key).toHaveLength(32);
    expect(statSync(keyFilePath(d)).mode & 0o777).toBe(0o600);
    expect(loadSecretKey(d, {}).id).toBe(first.id);
  });

  it('prefers COACHFLOW_SECRET_KEY (base64, 32 bytes) and never writes a file then', () => {
    const d = dir();
    const env = { COACHFLOW_SECRET_KEY: generateKey() };
    const k = loadSecretKey(d, env);
    expect(k).toMatchObject({ source: 'env', path: null });
    expect(() => statSync(keyFilePath(d))).toThrow();
    expect(() => loadSecretKey(d, { COACHFLOW_SECRET_KEY: Buffer.alloc(16).toString('base64') })).toThrow(/32 bytes/);
    expect(() => loadSecretKey(d, { COACHFLOW_SECRET_KEY: 'not base64!' })).toThrow(/not base64/);
  });

  it('tightens a key file someone made readable to others', () => {
    const d = dir();
    loadSecretKey(d, {});
    chmodSync(keyFilePath(d), 0o644);
    loadSecretKey(d, {});
    expect(statSync(keyFilePath(d)).mode & 0o777).toBe(0o600);
  });

  it('writes key files atomically with mode 0600 and parses url-safe base64', () => {
    const p = join(dir(), 'k');
    const key = generateKey();
    writeKeyFile(p, key);
    expect(readFileSync(p, 'utf8').trim()).toBe(key);
    expect(statSync(p).mode & 0o777).toBe(0o600);
    const raw = Buffer.from(key, 'base64');
    expect(parseKey(raw.toString('base64url'), 'x').equals(raw)).toBe(true);
    writeFileSync(p, 'short');
    expect(() => parseKey(readFileSync(p, 'utf8'), 'k')).toThrow();
  });
});
