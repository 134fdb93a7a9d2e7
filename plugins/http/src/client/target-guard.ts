/**
 * The SSRF guard: resolves a URL's host (all addresses) and refuses loopback, private, link-local,
 * unspecified, multicast and reserved targets unless the allowlist names them. Checked before the
 * first request and before every redirect hop.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { ConnectorError } from '@coachflow/connector-sdk';
import { isAllowlisted, type Allowlist } from './allowlist.js';
import { classifyAddress, parseIp } from './ip-address.js';

/** Resolves a hostname to all its addresses (node:dns `lookup` with `all: true` by default). */
export type HostLookup = (hostname: string) => Promise<string[]>;

export const systemLookup: HostLookup = async (hostname) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

export function effectivePort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

export async function checkTarget(url: URL, allowlist: Allowlist, lookup: HostLookup): Promise<string[]> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw ConnectorError.nonRetryable('URL_NOT_ALLOWED', `only http and https URLs are allowed, not ${url.protocol}`);
  if (url.username || url.password) throw ConnectorError.nonRetryable('URL_NOT_ALLOWED', 'credentials in the URL are not allowed; use headers');
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (parseIp(hostname)) addresses = [hostname];
  else {
    try {
      addresses = await lookup(hostname);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ENOTFOUND' || code === 'ENODATA') throw ConnectorError.nonRetryable('HOST_NOT_FOUND', `cannot resolve ${hostname}`);
      throw ConnectorError.retryable('DNS_ERROR', `resolving ${hostname} failed: ${code ?? String(e)}`);
    }
  }
  if (addresses.length === 0) throw ConnectorError.nonRetryable('HOST_NOT_FOUND', `cannot resolve ${hostname}`);
  const port = effectivePort(url);
  for (const address of addresses) {
    const cls = classifyAddress(address);
    if (cls !== 'public' && !isAllowlisted(allowlist, hostname, port, address)) {
      throw ConnectorError.nonRetryable('SSRF_BLOCKED', `refused ${url.host}: it resolves to a ${cls} address (${address}); an IT admin can allowlist ${hostname}:${port}`);
    }
  }
  return addresses;
}
