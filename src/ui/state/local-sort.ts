/** Sort orders of the Local view's socket table. */
import type { LocalSocket } from '../../local/types.js';

export const LOCAL_SORT_KEYS = ['port', 'process', 'pid', 'state', 'remote', 'protocol'] as const;
export type LocalSortKey = (typeof LOCAL_SORT_KEYS)[number];

export interface LocalSortSpec {
  key: LocalSortKey;
  descending: boolean;
}

function cmpStr(a: string | null, b: string | null): number {
  // Unknowns last.
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpNum(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

export function localComparator(spec: LocalSortSpec): (a: LocalSocket, b: LocalSocket) => number {
  const tie = (a: LocalSocket, b: LocalSocket) =>
    cmpStr(a.protocol, b.protocol) || a.localPort - b.localPort || cmpStr(a.localAddress, b.localAddress) || cmpStr(a.key, b.key);
  let primary: (a: LocalSocket, b: LocalSocket) => number;
  switch (spec.key) {
    case 'port':
      primary = (a, b) => a.localPort - b.localPort;
      break;
    case 'process':
      primary = (a, b) => cmpStr(a.processName, b.processName);
      break;
    case 'pid':
      primary = (a, b) => cmpNum(a.pid, b.pid);
      break;
    case 'state':
      primary = (a, b) => cmpStr(a.state, b.state);
      break;
    case 'remote':
      primary = (a, b) => cmpStr(a.remoteAddress, b.remoteAddress) || cmpNum(a.remotePort, b.remotePort);
      break;
    case 'protocol':
      primary = (a, b) => cmpStr(a.protocol, b.protocol);
      break;
  }
  const sign = spec.descending ? -1 : 1;
  return (a, b) => sign * (primary(a, b) || tie(a, b));
}

export function nextLocalSortKey(key: LocalSortKey): LocalSortKey {
  return LOCAL_SORT_KEYS[(LOCAL_SORT_KEYS.indexOf(key) + 1) % LOCAL_SORT_KEYS.length]!;
}
