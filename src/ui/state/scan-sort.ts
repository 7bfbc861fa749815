/**
 * The Scan table's sort orders. `order` is the order the ports were asked for (PortQry scans -r
 * and -o in the order given), so it is the default and a scan fills in from the top.
 */
import type { PortState } from '../../engine/types.js';

export const SORT_KEYS = ['order', 'port', 'state', 'rtt', 'service'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface SortSpec {
  key: SortKey;
  descending: boolean;
}

export const SORT_LABELS: Record<SortKey, string> = {
  order: 'scan order',
  port: 'port',
  state: 'state',
  rtt: 'round trip',
  service: 'service',
};

/** Most interesting first: something answered, then maybe, then silence, then refused. */
const STATE_RANK: Record<PortState, number> = {
  LISTENING: 0,
  'LISTENING OR FILTERED': 1,
  FILTERED: 2,
  'NOT LISTENING': 3,
};

/** What a row comparator reads: the store's columns (result-columns.ts). */
export interface SortColumns {
  portOf(id: number): number;
  protocolOf(id: number): 'tcp' | 'udp';
  stateOf(id: number): PortState | undefined;
  rttOf(id: number): number | null;
  serviceOf(id: number): string | null;
}

/** Orders row ids; an id is also the row's place in the probe list. */
export type RowComparator = (a: number, b: number) => number;

/**
 * A total order for `spec`; ties fall back to the probe order, so equal rows never swap places
 * between frames.
 */
export function comparatorFor(spec: SortSpec, c: SortColumns): RowComparator {
  const sign = spec.descending ? -1 : 1;
  let primary: RowComparator;
  switch (spec.key) {
    case 'order':
      return (a, b) => sign * (a - b);
    case 'port':
      primary = (a, b) => c.portOf(a) - c.portOf(b) || (c.protocolOf(a) < c.protocolOf(b) ? -1 : c.protocolOf(a) > c.protocolOf(b) ? 1 : 0);
      break;
    case 'state':
      primary = (a, b) => STATE_RANK[c.stateOf(a)!] - STATE_RANK[c.stateOf(b)!];
      break;
    case 'rtt':
      // Silent ports (no round trip) sort after every answered one.
      primary = (a, b) => (c.rttOf(a) ?? Number.POSITIVE_INFINITY) - (c.rttOf(b) ?? Number.POSITIVE_INFINITY);
      break;
    case 'service':
      primary = (a, b) => {
        const x = c.serviceOf(a) ?? '\uffff';
        const y = c.serviceOf(b) ?? '\uffff';
        return x < y ? -1 : x > y ? 1 : 0;
      };
      break;
  }
  return (a, b) => {
    const p = primary(a, b);
    // Infinity - Infinity is NaN: two silent ports tie.
    if (p !== 0 && !Number.isNaN(p)) return sign * p;
    return sign * (a - b);
  };
}

export function nextSortKey(key: SortKey): SortKey {
  return SORT_KEYS[(SORT_KEYS.indexOf(key) + 1) % SORT_KEYS.length]!;
}
