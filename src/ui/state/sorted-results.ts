/**
 * The ids of every finished probe, kept in the table's sort order as results stream in. Each batch
 * is sorted on its own and merged in (O(n + k log k)), instead of re-sorting all 65,535 rows on
 * every flush; a scan in probe order only ever appends. Rows are compared as entries that carry
 * their result and probe-order index, so a comparison costs no lookups.
 */
import type { ProbeResult } from '../../engine/types.js';
import type { EntryComparator, SortEntry } from './scan-sort.js';

export class SortedResults {
  private entries: SortEntry[] = [];
  private idList: string[] = [];

  constructor(
    private readonly orderOf: (id: string) => number,
    private compare: EntryComparator,
  ) {}

  /**
   * Ids in sort order. New rows are merged into this same array (copying 65,535 ids twenty times
   * a second would cost more than the rest of the store): readers must not keep it across
   * flushes, and the store's rowsVersion says when it changed.
   */
  get ids(): readonly string[] {
    return this.idList;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Change the order: one full sort. */
  setComparator(compare: EntryComparator): void {
    this.compare = compare;
    this.entries = [...this.entries].sort(compare);
    this.idList = this.entries.map((e) => e.id);
  }

  /**
   * Place a batch of results; `replaced` names those that replace a row already placed (a
   * re-query can change the state, and so the place, of a row).
   */
  apply(results: ReadonlyMap<string, ProbeResult>, replaced: ReadonlySet<string> = new Set()): void {
    const batch: SortEntry[] = [];
    for (const [id, result] of results) batch.push({ id, result, order: this.orderOf(id) });
    if (batch.length === 0) return;
    const cmp = this.compare;
    batch.sort(cmp);
    if (replaced.size > 0) {
      this.entries = this.entries.filter((e) => !replaced.has(e.id));
      this.idList = this.entries.map((e) => e.id);
    }
    const base = this.entries;
    const ids = this.idList;
    // Everything before the first new entry's place is unchanged: find that place by bisection
    // and merge only the tail (a scan in probe order finishes ports nearly in order, so the tail
    // is short).
    let lo = 0;
    let hi = base.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(base[mid]!, batch[0]!) <= 0) lo = mid + 1;
      else hi = mid;
    }
    const tail = base.slice(lo);
    base.length = lo;
    ids.length = lo;
    let i = 0;
    let j = 0;
    const put = (e: SortEntry) => {
      base.push(e);
      ids.push(e.id);
    };
    while (i < tail.length && j < batch.length) put(cmp(tail[i]!, batch[j]!) <= 0 ? tail[i++]! : batch[j++]!);
    while (i < tail.length) put(tail[i++]!);
    while (j < batch.length) put(batch[j++]!);
  }

  clear(): void {
    this.entries = [];
    this.idList = [];
  }
}
