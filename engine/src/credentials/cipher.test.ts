import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aadOf, decryptValue, encryptValue, parseCiphertext } from './cipher.js';
import { keyId } from './secret-key.js';

const key = randomBytes(32);
const id = keyId(key);

describe('credential cipher (AES-256-GCM)', () => {
  it('round-trips a value; the token names the key but holds no plaintext', () => {
    const token = encryptValue('s3cr3t-välue', key, id, aadOf('lms-moodle', 'token'));
    expect(token).toMatch(new RegExp(`^v1\\.${id}\\.[\\w-]{16}\\.[\\w-]{22}\\.[\\w-]+$`));
    expect(token).not.toContain('s3cr3t');
    expect(decryptValue(parseCiphertext(token), key, aadOf('lms-moodle', 'token'))).toBe('s3cr3t-välue');
  });

  it('uses a fresh 12-byte IV per value', () => {
    const a = parseCiphertext(encryptValue('same', key, id, aadOf('c', 'f')));
    const b = parseCiphertext(encryptValue('same', key, id, aadOf('c', 'f')));
    expect(a.iv).toHaveLength(12);
    expect(a.tag).toHaveLength(16);
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.data.equals(b.data)).toBe(false);
  });

  it('refuses another key, a value moved to another field or connector, and tampering', () => {
    const token = encryptValue('value', key, id, aadOf('greeter', 'apiKey'));
    const parsed = parseCiphertext(token);
    expect(() => decryptValue(parsed, randomBytes(32), aadOf('greeter', 'apiKey'))).toThrow();
    expect(() => decryptValue(parsed, key, aadOf('greeter', 'salutation'))).toThrow();
    expect(() => decryptValue(parsed, key, aadOf('http', 'apiKey'))).toThrow();
    const flipped = Buffer.from(parsed.data);
    flipped[0] = (flipped[0] as number) ^ 1;
    expect(() => decryptValue({ ...parsed, data: flipped }, key, aadOf('greeter', 'apiKey'))).toThrow();
    expect(() => parseCiphertext('plain text')).toThrow(/not an encrypted credential/);
  });
});
