/**
 * Stable socket identity for watch diffs and UI rows. A socket is its protocol, family and two
 * endpoints; the state is left out so that a state change keeps the key. When several sockets
 * share all of that (SO_REUSEPORT listeners in different processes), the owner pid (or inode)
 * tells them apart, and a counter as a last resort.
 */
import type { IpFamily, SocketFields } from './types.js';

/** What a key is made of. */
export type EndpointFields = Pick<SocketFields, 'protocol' | 'family' | 'localAddress' | 'localPort' | 'remoteAddress' | 'remotePort' | 'inode'>;

function endpoint(address: string | null, port: number | null, family: IpFamily): string {
  if (address === null || port === null) return '*';
  return family === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

/** `tcp4 127.0.0.1:80 > 127.0.0.1:51000`, `udp6 [::1]:53 > *`. */
export function baseSocketKey(s: EndpointFields): string {
  return `${s.protocol}${s.family} ${endpoint(s.localAddress, s.localPort, s.family)} > ${endpoint(s.remoteAddress, s.remotePort, s.family)}`;
}

/** Keys for a list, in its order; unique within the list. `pids[i]` is the owner of `sockets[i]`. */
export function assignSocketKeys(sockets: readonly EndpointFields[], pids: readonly (number | null)[]): string[] {
  const bases = sockets.map(baseSocketKey);
  const counts = new Map<string, number>();
  for (const base of bases) counts.set(base, (counts.get(base) ?? 0) + 1);
  // Suffixed keys contain " pid=", " ino=" or " #", which no base key does: only a group of
  // equal bases needs checking against itself.
  const used = new Set<string>();
  return sockets.map((s, i) => {
    const base = bases[i]!;
    if (counts.get(base) === 1) return base;
    const pid = pids[i] ?? null;
    const key = base + (pid !== null ? ` pid=${pid}` : s.inode !== null ? ` ino=${s.inode}` : '');
    let unique = key;
    for (let n = 2; used.has(unique); n++) unique = `${key} #${n}`;
    used.add(unique);
    return unique;
  });
}
