/**
 * DingTalk's callback crypto, written independently of the plugin so the fake checks it:
 * AESKey = base64(EncodingAESKey + '='), AES-256-CBC, IV = key[0..16], PKCS#7 padded to 32-byte
 * blocks (DingTalk's reference code), plaintext = random(16) ‖ len(4, BE) ‖ msg ‖ corpId;
 * signature = sha1(sort(token, timestamp, nonce, encrypt).join('')).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const keyOf = (aesKey: string): Buffer => Buffer.from(`${aesKey}=`, 'base64');

export function dtEncrypt(plain: string, aesKey: string, corpId: string): string {
  const key = keyOf(aesKey);
  const msg = Buffer.from(plain, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  const body = Buffer.concat([randomBytes(16), len, msg, Buffer.from(corpId, 'utf8')]);
  const pad = 32 - (body.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

export function dtDecrypt(encrypt: string, aesKey: string): { msg: string; receiveId: string } {
  const key = keyOf(aesKey);
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const out = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
  const plain = out.subarray(0, out.length - (out[out.length - 1] ?? 0));
  const len = plain.readUInt32BE(16);
  return { msg: plain.subarray(20, 20 + len).toString('utf8'), receiveId: plain.subarray(20 + len).toString('utf8') };
}

export function dtSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}
