import { BlockList, isIP } from 'node:net';

/**
 * The reverse proxies whose X-Forwarded-For the server believes, named one by one (addresses or
 * CIDR ranges). Believing any sender (`TRUST_PROXY=1`) would let every client pick its own address
 * and so escape the per-address limits; a hop count has the same flaw. Both are refused.
 */
export interface TrustedProxies {
  /** The entries as given, for Fastify's `trustProxy`. */
  readonly entries: readonly string[];
  /** True when a connection from `address` comes from one of them. */
  includes(address: string): boolean;
}

export class TrustProxyError extends Error {}

/** Parses `TRUST_PROXY` (comma-separated) or a list; throws TrustProxyError naming what is wrong. */
export function parseTrustedProxies(value: string | readonly string[]): TrustedProxies {
  const entries = (typeof value === 'string' ? value.split(',') : [...value]).map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (entries.length === 0) throw new TrustProxyError('TRUST_PROXY names no proxy: give the reverse proxy’s addresses, e.g. TRUST_PROXY=127.0.0.1');
  const blocks = new BlockList();
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    if (family === 0 || extra !== undefined || !(prefix >= 0 && prefix <= (family === 6 ? 128 : 32))) {
      throw new TrustProxyError(
        `TRUST_PROXY takes only the addresses or CIDR ranges of the reverse proxies (e.g. 127.0.0.1 or 10.0.0.0/24), not '${entry}': ` +
          'trusting every sender (1, true) or a number of hops would let any client choose its own address',
      );
    }
    blocks.addSubnet(address!, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return {
    entries,
    includes(remote) {
      // A dual-stack socket reports IPv4 clients as ::ffff:a.b.c.d.
      const plain = remote.startsWith('::ffff:') && isIP(remote.slice(7)) === 4 ? remote.slice(7) : remote;
      const family = isIP(plain);
      return family !== 0 && blocks.check(plain, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}
