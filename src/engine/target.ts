/**
 * -n HOST to the address the scan uses. Names go through the system resolver (getaddrinfo, so
 * /etc/hosts counts); IP literals get a reverse lookup unless -nr. A name that does not resolve is
 * fatal; a reverse lookup that fails is not.
 */
import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';
import { ResolveError } from './errors.js';
import type { ResolvedTarget } from './types.js';

const REVERSE_TIMEOUT_MS = 3000;

/** Strip the brackets of `[::1]` and an IPv6 zone's trailing spaces. */
export function normaliseHost(host: string): string {
  const h = host.trim();
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

export async function resolveTarget(
  host: string,
  opts: { reverseLookup: boolean; family?: 4 | 6 },
): Promise<ResolvedTarget> {
  const h = normaliseHost(host);
  const literal = isIP(h);
  if (literal) {
    const reverse = opts.reverseLookup ? await reverseName(h) : null;
    return {
      target: host,
      address: h,
      family: literal as 4 | 6,
      allAddresses: [],
      wasName: false,
      reverseName: reverse,
      reverseLookup: opts.reverseLookup ? (reverse ? 'resolved' : 'failed') : 'skipped',
    };
  }
  let found: { address: string; family: number }[];
  try {
    found = await dns.lookup(h, { all: true, verbatim: true });
  } catch (err) {
    throw new ResolveError(host, (err as NodeJS.ErrnoException).code ?? String(err));
  }
  // Prefer the asked family; otherwise IPv4 first, as PortQry (IPv4 only) would have used.
  const wanted = opts.family ?? 4;
  const pick = found.find((a) => a.family === wanted) ?? (opts.family ? undefined : found[0]);
  if (!pick) throw new ResolveError(host, `no IPv${wanted} address`);
  return {
    target: host,
    address: pick.address,
    family: pick.family as 4 | 6,
    allAddresses: found.map((a) => a.address),
    wasName: true,
    reverseName: null,
    reverseLookup: 'not-applicable',
  };
}

async function reverseName(address: string): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), REVERSE_TIMEOUT_MS);
    });
    const lookup = dns.lookupService(address, 0).then(
      (r) => (r.hostname && r.hostname !== address ? r.hostname : null),
      () => null,
    );
    return await Promise.race([lookup, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Loopback targets are exempt from ICMP rate limits and can self-connect (FACTS.md). */
export function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
}
