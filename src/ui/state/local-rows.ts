/** The Local table's rows after the `/` filter, in the chosen order; memoized per refresh. */
import type { LocalSocket } from '../../local/types.js';
import { localComparator, type LocalSortSpec } from './local-sort.js';
import type { LocalStoreSnapshot } from './local-store.js';

/** What `/` matches in the Local view: protocol, addresses, ports, state, pid, process, user. */
export function localSearchText(s: LocalSocket): string {
  return [
    s.protocol,
    `${s.localAddress}:${s.localPort}`,
    s.remoteAddress === null ? '' : `${s.remoteAddress}:${s.remotePort ?? ''}`,
    s.state ?? '',
    s.pid === null ? '' : `pid ${s.pid} ${s.pid}`,
    s.processName ?? '',
    s.user ?? '',
    s.commandLine ?? '',
  ]
    .join(' ')
    .toLowerCase();
}

export type LocalRowSelector = (snap: LocalStoreSnapshot, filterText: string, sort: LocalSortSpec) => readonly string[];

export function createLocalRowSelector(): LocalRowSelector {
  let last: { version: number; text: string; sort: LocalSortSpec; out: readonly string[] } | null = null;
  return (snap, filterText, sort) => {
    const text = filterText.trim().toLowerCase();
    if (last && last.version === snap.version && last.text === text && last.sort.key === sort.key && last.sort.descending === sort.descending) return last.out;
    const words = text.split(/\s+/).filter((w) => w !== '');
    const rows = [...snap.rows.values()].filter((r) => {
      if (words.length === 0) return true;
      const hay = localSearchText(r.socket);
      return words.every((w) => hay.includes(w));
    });
    const cmp = localComparator(sort);
    rows.sort((a, b) => cmp(a.socket, b.socket));
    const out = rows.map((r) => r.socket.key);
    last = { version: snap.version, text, sort, out };
    return out;
  };
}
