import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import net from 'node:net';
import { errors } from '../../lib/errors.ts';

/**
 * Where events may be delivered (docs/security.md, "Webhook targets"): http or https only, and never
 * to a private, loopback, link-local, shared, multicast or reserved address, unless the platform is
 * configured to allow them (WEBHOOK_ALLOW_PRIVATE, an intranet receiver). The URL is checked when a
 * subscription is made, and every delivery checks the address it actually connects to (the `lookup`
 * of the HTTP request), so a name that later resolves to 127.0.0.1 (DNS rebinding) is refused too.
 */
const blocked = new net.BlockList();
for (const [net4, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) blocked.addSubnet(net4, prefix, 'ipv4');
// ::/96 holds ::, ::1 and the deprecated IPv4-compatible form (::127.0.0.1 is written ::7f00:1); fec0::/10 is the
// deprecated site-local range, still private where it is used.
for (const [net6, prefix] of [['::', 96], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32]] as const) blocked.addSubnet(net6, prefix, 'ipv6');

/** Whether an IP address (v4, v6, or v4-mapped v6) is one events are never sent to without the configuration. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const family = net.isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const refuse = (reason: string) => errors.WEBHOOK_URL_INVALID({ reason, field: 'url' });

/** Parses and checks a target URL's form (scheme, no credentials, a host); throws WEBHOOK_URL_INVALID. */
export function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse(`scheme ${url.protocol.replace(':', '')}`);
  if (url.username || url.password) throw refuse('credentials in the URL');
  if (!url.hostname) throw refuse('no host');
  return url;
}

const bareHost = (hostname: string) => hostname.replace(/^\[|\]$/g, '');

/** Resolves every address of the host (as a delivery would) and refuses when one is private and that is not allowed. */
export async function checkTarget(raw: string, allowPrivate: boolean): Promise<URL> {
  const url = parseTarget(raw);
  if (allowPrivate) return url;
  const host = bareHost(url.hostname);
  const addresses = net.isIP(host) ? [host] : await resolveAll(host);
  if (addresses.length === 0) throw refuse('host not found');
  const bad = addresses.find(isPrivateAddress);
  if (bad) throw refuse(`private address ${bad}`);
  return url;
}

function resolveAll(host: string): Promise<string[]> {
  return new Promise((resolve) => dnsLookup(host, { all: true }, (err, list: LookupAddress[]) => resolve(err ? [] : list.map((a) => a.address))));
}

/** The `lookup` for http.request that refuses a private address at connection time (unless allowed). */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: object, callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void) => {
    dnsLookup(hostname, { ...options, all: true }, (err, list: LookupAddress[]) => {
      if (err) return callback(err, []);
      const bad = allowPrivate ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(new Error(`refused private address ${bad.address}`), []);
      const all = (options as { all?: boolean }).all;
      if (all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}
