/**
 * Pure IP address parsing and classification for the SSRF guard. Handles IPv4, IPv6 (with `::`,
 * embedded IPv4 tails and zone ids) and IPv4-mapped IPv6 (`::ffff:127.0.0.1` is loopback).
 */
import { isIP } from 'node:net';

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'multicast' | 'reserved';

/** 4 bytes for IPv4, 16 for IPv6; null when the text is not an IP address. */
export function parseIp(text: string): Uint8Array | null {
  const ip = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(ip);
  if (family === 4) return Uint8Array.from(ip.split('.').map(Number));
  if (family !== 6) return null;
  const [headText = '', tailText] = ip.split('::');
  const groups = (part: string | undefined): number[] => {
    if (!part) return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (g.includes('.')) {
        const v4 = g.split('.').map(Number);
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(headText);
  const tail = groups(tailText);
  const all = tailText === undefined ? head : [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

/** True when the first `prefix` bits of `addr` equal those of `net` (same family). */
export function inPrefix(addr: Uint8Array, net: Uint8Array, prefix: number): boolean {
  if (addr.length !== net.length) return false;
  for (let bit = 0; bit < prefix; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((addr[byte] ?? 0) & mask) !== ((net[byte] ?? 0) & mask)) return false;
  }
  return true;
}

const cidr = (text: string): [Uint8Array, number] => {
  const [ip = '', bits = '0'] = text.split('/');
  return [parseIp(ip) as Uint8Array, Number(bits)];
};

const V4_RANGES: [AddressClass, [Uint8Array, number]][] = [
  ['unspecified', cidr('0.0.0.0/8')],
  ['loopback', cidr('127.0.0.0/8')],
  ['private', cidr('10.0.0.0/8')],
  ['private', cidr('172.16.0.0/12')],
  ['private', cidr('192.168.0.0/16')],
  ['private', cidr('100.64.0.0/10')], // carrier-grade NAT, internal in practice
  ['link-local', cidr('169.254.0.0/16')], // includes the cloud metadata address 169.254.169.254
  ['reserved', cidr('192.0.0.0/24')],
  ['reserved', cidr('198.18.0.0/15')],
  ['multicast', cidr('224.0.0.0/4')],
  ['reserved', cidr('240.0.0.0/4')], // includes 255.255.255.255
];

const V6_RANGES: [AddressClass, [Uint8Array, number]][] = [
  ['unspecified', cidr('::/128')],
  ['loopback', cidr('::1/128')],
  ['private', cidr('fc00::/7')],
  ['link-local', cidr('fe80::/10')],
  ['private', cidr('fec0::/10')], // deprecated site-local
  ['multicast', cidr('ff00::/8')],
];

/** Classifies an address; anything not public is refused unless allowlisted. */
export function classifyAddress(text: string): AddressClass {
  const bytes = parseIp(text);
  if (!bytes) throw new Error(`not an IP address: ${text}`);
  if (bytes.length === 16) {
    // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible/NAT64 forms reach IPv4 hosts: classify the IPv4 part.
    const mapped = inPrefix(bytes, cidr('::ffff:0:0/96')[0], 96) || inPrefix(bytes, cidr('64:ff9b::/96')[0], 96);
    if (mapped) return classifyAddress(Array.from(bytes.slice(12)).join('.'));
    for (const [cls, [net, prefix]] of V6_RANGES) if (inPrefix(bytes, net, prefix)) return cls;
    return 'public';
  }
  for (const [cls, [net, prefix]] of V4_RANGES) if (inPrefix(bytes, net, prefix)) return cls;
  return 'public';
}
