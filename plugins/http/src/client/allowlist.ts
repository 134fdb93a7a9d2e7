/**
 * The IT admin's allowlist credential: comma-separated `host:port` entries (`intranet.local:8443`,
 * `127.0.0.1:9000`, `[::1]:8080`) and CIDR blocks (`10.20.0.0/16`, `fd00::/8`). Only targets it
 * names may reach internal addresses.
 */
import { inPrefix, parseIp } from './ip-address.js';

export interface Allowlist {
  hostPorts: { host: string; port: number }[];
  cidrs: { net: Uint8Array; prefix: number }[];
}

export function parseAllowlist(text: string | undefined): Allowlist {
  const list: Allowlist = { hostPorts: [], cidrs: [] };
  for (const raw of (text ?? '').split(',')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry.includes('/')) {
      const [ip = '', bits = ''] = entry.split('/');
      const net = parseIp(ip);
      const prefix = Number(bits);
      if (!net || !Number.isInteger(prefix) || prefix < 0 || prefix > net.length * 8) throw new Error(`bad allowlist CIDR "${entry}"`);
      list.cidrs.push({ net, prefix });
      continue;
    }
    const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(entry);
    if (!m || !m[1] || !m[2]) throw new Error(`bad allowlist entry "${entry}" (host:port or CIDR expected)`);
    list.hostPorts.push({ host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) });
  }
  return list;
}

/** Whether `address` (resolved from `hostname`) on `port` is allowlisted. */
export function isAllowlisted(list: Allowlist, hostname: string, port: number, address: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const addrBytes = parseIp(address);
  const sameIp = (a: string): boolean => {
    const x = parseIp(a);
    return !!x && !!addrBytes && x.length === addrBytes.length && x.every((b, i) => b === addrBytes[i]);
  };
  if (list.hostPorts.some((e) => e.port === port && (e.host === host || sameIp(e.host)))) return true;
  return !!addrBytes && list.cidrs.some((c) => inPrefix(addrBytes, c.net, c.prefix));
}
