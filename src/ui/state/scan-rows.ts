/**
 * The Scan table's rows after the state filter and the `/` text filter, memoized: the list is
 * recomputed only when results, order or a filter change, never per frame or per key.
 */
import type { ProbeResult } from '../../engine/types.js';
import type { ScanSnapshot } from './scan-store.js';
import type { StateFilter } from './ui-state.js';

/** What `/` matches: protocol, port, service, state, reason and the answer's summary. */
export function scanSearchText(r: ProbeResult): string {
  return `${r.protocol}/${r.port} ${r.port} ${r.service ?? ''} ${r.state} ${r.reason} ${r.reasonText} ${r.query?.protocol ?? ''} ${r.query?.summary ?? ''}`.toLowerCase();
}

export type ScanRowSelector = (snap: ScanSnapshot, stateFilter: StateFilter, filterText: string) => readonly number[];

export function createScanRowSelector(): ScanRowSelector {
  let last: { ids: readonly number[]; version: number; stateFilter: StateFilter; text: string; out: readonly number[] } | null = null;
  const texts = new Map<number, { seq: number; text: string }>();
  return (snap, stateFilter, filterText) => {
    const text = filterText.trim().toLowerCase();
    if (last && last.ids === snap.rowIds && last.version === snap.rowsVersion && last.stateFilter === stateFilter && last.text === text) return last.out;
    let out: readonly number[];
    if (stateFilter === 'all' && text === '') {
      out = snap.rowIds;
    } else {
      const words = text.split(/\s+/).filter((w) => w !== '');
      out = snap.rowIds.filter((id) => {
        // The state comes from its column: a state filter over 65,535 rows builds no objects.
        if (stateFilter !== 'all' && snap.stateOf(id) !== stateFilter) return false;
        if (words.length === 0) return true;
        const r = snap.result(id);
        if (!r) return false;
        let cached = texts.get(id);
        if (!cached || cached.seq !== r.seq) {
          cached = { seq: r.seq, text: scanSearchText(r) };
          texts.set(id, cached);
        }
        const hay = cached.text;
        return words.every((w) => hay.includes(w));
      });
    }
    last = { ids: snap.rowIds, version: snap.rowsVersion, stateFilter, text, out };
    return out;
  };
}
