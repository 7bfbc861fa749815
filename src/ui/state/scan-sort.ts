/**
 * The Scan table's sort orders. `order` is the order the ports were asked for (PortQry scans -r
 * and -o in the order given), so it is the default and a scan fills in from the top.
 */
import type { PortState, ProbeResult } from '../../engine/types.js';

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

type ResultComparator = (a: ProbeResult, b: ProbeResult) => number;

/** A row as the sorter sees it: its result and its place in the probe list. */
export interface SortEntry {
  id: string;
  result: ProbeResult;
  order: number;
}

export type EntryComparator = (a: SortEntry, b: SortEntry) => number;

/**
 * A total order for `spec`; ties fall back to the probe order, so equal rows never swap places
 * between frames.
 */
export function comparatorFor(spec: SortSpec): EntryComparator {
  let primary: ResultComparator;
  switch (spec.key) {
    case 'order':
      primary = () => 0;
      break;
    case 'port':
      primary = (a, b) => a.port - b.port || (a.protocol < b.protocol ? -1 : a.protocol > b.protocol ? 1 : 0);
      break;
    case 'state':
      primary = (a, b) => STATE_RANK[a.state] - STATE_RANK[b.state];
      break;
    case 'rtt':
      // Silent ports (no round trip) sort after every answered one.
      primary = (a, b) => (a.rttMs ?? Number.POSITIVE_INFINITY) - (b.rttMs ?? Number.POSITIVE_INFINITY) || 0;
      break;
    case 'service':
      primary = (a, b) => {
        const x = a.service ?? '\uffff';
        const y = b.service ?? '\uffff';
        return x < y ? -1 : x > y ? 1 : 0;
      };
      break;
  }
  const sign = spec.descending ? -1 : 1;
  if (spec.key === 'order') return (a, b) => sign * (a.order - b.order);
  return (a, b) => {
    const p = primary(a.result, b.result);
    // Infinity - Infinity is NaN: two silent ports tie.
    if (p !== 0 && !Number.isNaN(p)) return sign * p;
    return sign * (a.order - b.order);
  };
}

export function nextSortKey(key: SortKey): SortKey {
  return SORT_KEYS[(SORT_KEYS.indexOf(key) + 1) % SORT_KEYS.length]!;
}
