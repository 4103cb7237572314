/**
 * Calls to URLs that agencies configure (webhooks): they must not reach the hub's own network.
 * The host is resolved, every address it resolves to is checked (loopback, private, link-local,
 * shared, multicast, reserved and unspecified are refused, IPv4-mapped and NAT64 forms included),
 * and the connection is made to the address that was checked — the lookup is pinned for the call,
 * so a name that answers differently the second time (DNS rebinding) changes nothing. Redirects
 * are not followed. An operator may allow internal hosts or networks (OUTBOUND_ALLOW).
 * Errors say what went wrong in words that tell nothing about the inside: no addresses, no ports,
 * no "connection refused" against "timed out".
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import net, { BlockList } from 'node:net';
import type { LookupFunction } from 'node:net';

export class OutboundRefused extends Error {
  override name = 'OutboundRefused';
}

const INTERNAL = new BlockList();
for (const [net4, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  INTERNAL.addSubnet(net4, prefix, 'ipv4');
for (const [net6, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['100::', 64],
  ['2001::', 23],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  INTERNAL.addSubnet(net6, prefix, 'ipv6');

const GLOBAL_UNICAST = new BlockList();
GLOBAL_UNICAST.addSubnet('2000::', 3, 'ipv6');
// 6to4 relays carry an IPv4 address anywhere: refused whole
INTERNAL.addSubnet('2002::', 16, 'ipv6');

/** The IPv4 address inside a NAT64 (64:ff9b::/96) IPv6 address. */
function embeddedIpv4(ip: string): string | null {
  const m = /^(?:64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(ip);
  if (!m) return null;
  if (m[1]) return m[1];
  const hi = parseInt(m[2]!, 16);
  const lo = parseInt(m[3]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

export function isInternalAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return INTERNAL.check(ip, 'ipv4');
  if (family !== 6) return true; // not an address: refuse
  const lower = ip.toLowerCase();
  // NAT64's well-known prefix carries an IPv4 address: judged by it
  if (/^64:ff9b::/.test(lower)) {
    const v4 = embeddedIpv4(lower);
    return !v4 || !net.isIPv4(v4) || INTERNAL.check(v4, 'ipv4');
  }
  // only global unicast (2000::/3) is public; within it, the special ranges are not
  if (!GLOBAL_UNICAST.check(lower, 'ipv6')) return true;
  return INTERNAL.check(lower, 'ipv6');
}

/** The operator's exceptions: host names, addresses and CIDRs. */
export class OutboundPolicy {
  private readonly hosts = new Set<string>();
  private readonly allowed = new BlockList();

  constructor(allow: string[]) {
    for (const entry of allow.map((e) => e.trim().toLowerCase()).filter(Boolean)) {
      const [addr, prefix] = entry.split('/');
      const family = net.isIP(addr!);
      if (family && prefix !== undefined) this.allowed.addSubnet(addr!, Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
      else if (family) this.allowed.addAddress(addr!, family === 4 ? 'ipv4' : 'ipv6');
      else this.hosts.add(entry);
    }
  }

  private addressAllowed(ip: string, host: string): boolean {
    if (this.hosts.has(host)) return true;
    const family = net.isIP(ip);
    if (family && this.allowed.check(ip, family === 4 ? 'ipv4' : 'ipv6')) return true;
    return !isInternalAddress(ip);
  }

  /** The URL as the call will use it; refuses other schemes, credentials and internal literal addresses. */
  checkUrl(raw: string, opts: { httpsOnly: boolean }): URL {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new OutboundRefused('not a URL');
    }
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && !opts.httpsOnly))
      throw new OutboundRefused(opts.httpsOnly ? 'the URL must use https' : 'the URL must use http or https');
    if (u.username || u.password) throw new OutboundRefused('the URL must not carry credentials');
    const host = hostOf(u);
    if (net.isIP(host) && !this.addressAllowed(host, host))
      throw new OutboundRefused('the URL names an address this hub does not call');
    if (!net.isIP(host) && (host === 'localhost' || host.endsWith('.localhost')) && !this.hosts.has(host))
      throw new OutboundRefused('the URL names an address this hub does not call');
    return u;
  }

  /** Resolve the host now and refuse it when any of its addresses is internal (setWebhook's early answer). */
  async checkResolves(u: URL): Promise<void> {
    const host = hostOf(u);
    if (net.isIP(host)) return;
    // an unknown name and an internal one get the same answer: nothing to learn about internal names
    const addresses = await dnsLookup(host, { all: true, verbatim: true }).catch(() => {
      throw new OutboundRefused('the URL names an address this hub does not call');
    });
    if (!addresses.length || addresses.some((a) => !this.addressAllowed(a.address, host)))
      throw new OutboundRefused('the URL names an address this hub does not call');
  }

  /** A lookup that answers only checked addresses: the connection goes to what was checked. */
  pinnedLookup(host: string): LookupFunction {
    return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
      dnsLookup(hostname, { all: true, verbatim: true })
        .then((addresses) => {
          if (!addresses.length || addresses.some((a) => !this.addressAllowed(a.address, host))) {
            throw new OutboundRefused('the URL names an address this hub does not call');
          }
          if (options?.all) callback(null, addresses);
          else callback(null, addresses[0]!.address, addresses[0]!.family);
        })
        .catch((err: unknown) =>
          callback(err instanceof OutboundRefused ? err : new OutboundRefused('the receiver could not be reached')),
        );
    }) as LookupFunction;
  }

  /**
   * POST `body` to a checked URL and read the status. The answer's body is read and dropped (at most
   * 64 KiB); redirects are answers like any other (not followed).
   */
  async post(
    raw: string,
    init: { headers: Record<string, string>; body: string; timeoutMs: number; httpsOnly: boolean },
  ): Promise<{ status: number }> {
    const u = this.checkUrl(raw, { httpsOnly: init.httpsOnly });
    const host = hostOf(u);
    const client = u.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.request(
        u,
        {
          method: 'POST',
          headers: { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) },
          lookup: net.isIP(host) ? undefined : this.pinnedLookup(host),
          timeout: init.timeoutMs,
          agent: false,
        },
        (res) => {
          let read = 0;
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > 65_536) res.destroy();
          });
          res.on('close', () => resolve({ status: res.statusCode ?? 0 }));
          res.on('error', () => resolve({ status: res.statusCode ?? 0 }));
        },
      );
      const deadline = setTimeout(
        () => req.destroy(new OutboundRefused(`no answer within ${init.timeoutMs} ms`)),
        init.timeoutMs,
      );
      req.on('timeout', () => req.destroy(new OutboundRefused(`no answer within ${init.timeoutMs} ms`)));
      req.on('error', (err) =>
        reject(err instanceof OutboundRefused ? err : new OutboundRefused('the receiver could not be reached')),
      );
      req.on('close', () => clearTimeout(deadline));
      req.end(init.body);
    });
  }
}

/** The host as a bare name or address (IPv6 without brackets), lower case. */
function hostOf(u: URL): string {
  return u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}
