/**
 * The ids of every finished probe, kept in the table's sort order as results stream in. Each batch
 * is sorted on its own and merged in (O(n + k log k)), instead of re-sorting all 65,535 rows on
 * every flush; a scan in probe order only ever appends.
 */
import type { RowComparator } from './scan-sort.js';

export class SortedResults {
  private idList: number[] = [];

  constructor(private compare: RowComparator) {}

  /**
   * Ids in sort order. New rows are merged into this same array (copying 65,535 ids twenty times
   * a second would cost more than the rest of the store): readers must not keep it across
   * flushes, and the store's rowsVersion says when it changed.
   */
  get ids(): readonly number[] {
    return this.idList;
  }

  get size(): number {
    return this.idList.length;
  }

  /** Change the order: one full sort. */
  setComparator(compare: RowComparator): void {
    this.compare = compare;
    this.idList = [...this.idList].sort(compare);
  }

  /**
   * Place a batch of rows (sorted here in place); `moved` names those already placed whose result
   * changed (a re-query can change the state, and so the place, of a row).
   */
  apply(batch: number[], moved: ReadonlySet<number> | null = null): void {
    if (batch.length === 0) return;
    const cmp = this.compare;
    batch.sort(cmp);
    if (moved && moved.size > 0) this.idList = this.idList.filter((id) => !moved.has(id));
    const base = this.idList;
    // Everything before the first new row's place is unchanged: find that place by bisection
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
    let i = 0;
    let j = 0;
    while (i < tail.length && j < batch.length) base.push(cmp(tail[i]!, batch[j]!) <= 0 ? tail[i++]! : batch[j++]!);
    while (i < tail.length) base.push(tail[i++]!);
    while (j < batch.length) base.push(batch[j++]!);
  }

  clear(): void {
    this.idList = [];
  }
}
