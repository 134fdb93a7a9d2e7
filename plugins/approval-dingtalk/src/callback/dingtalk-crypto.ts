/**
 * DingTalk HTTP-callback crypto: AESKey = base64(EncodingAESKey + '='), AES-256-CBC, IV = key[0..16],
 * PKCS#7 to 32-byte blocks (DingTalk's reference code; 16-byte padding is accepted on decrypt),
 * plaintext = random(16) ‖ len(4, big-endian) ‖ msg ‖ corpId (or appKey / suiteKey).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

function aesKeyBytes(aesKey: string): Buffer {
  if (aesKey.length !== 43) throw new Error('aesKey must be 43 characters');
  const key = Buffer.from(`${aesKey}=`, 'base64');
  if (key.length !== 32) throw new Error('aesKey does not decode to 32 bytes');
  return key;
}

/** sha1 of the lexically sorted concatenation of token, timestamp, nonce and encrypt (hex). */
export function dingtalkSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join(''), 'utf8').digest('hex');
}

export function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function encryptDingtalk(plain: string, aesKey: string, corpId: string): string {
  const key = aesKeyBytes(aesKey);
  const msg = Buffer.from(plain, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  const body = Buffer.concat([randomBytes(16), len, msg, Buffer.from(corpId, 'utf8')]);
  const pad = 32 - (body.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

/** Returns the message and the trailing receive id (corpId / appKey / suiteKey). Throws on garbage. */
export function decryptDingtalk(encrypt: string, aesKey: string): { msg: string; receiveId: string } {
  const key = aesKeyBytes(aesKey);
  const data = Buffer.from(encrypt, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new Error('encrypted payload has a bad length');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const out = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = out[out.length - 1] ?? 0;
  if (pad < 1 || pad > 32 || pad > out.length) throw new Error('bad padding');
  const plain = out.subarray(0, out.length - pad);
  if (plain.length < 20) throw new Error('plaintext too short');
  const len = plain.readUInt32BE(16);
  if (20 + len > plain.length) throw new Error('bad message length');
  return { msg: plain.subarray(20, 20 + len).toString('utf8'), receiveId: plain.subarray(20 + len).toString('utf8') };
}
