/**
 * The ids of every finished probe, kept in the table's sort order as results stream in. Each batch
 * is sorted on its own and merged in (O(n + k log k)), instead of re-sorting all 65,535 rows on
 * every flush; a scan in probe order only ever appends.
 */
import type { ProbeResult } from '../../engine/types.js';
import type { ResultComparator } from './scan-sort.js';

export class SortedResults {
  private order: string[] = [];
  private readonly present = new Set<string>();

  constructor(
    private readonly lookup: (id: string) => ProbeResult | undefined,
    private compare: ResultComparator,
  ) {}

  /** Ids in sort order. The array is replaced, never mutated, when the order changes. */
  get ids(): readonly string[] {
    return this.order;
  }

  get size(): number {
    return this.order.length;
  }

  /** Change the order: one full sort. */
  setComparator(compare: ResultComparator): void {
    this.compare = compare;
    const cmp = this.byId();
    this.order = [...this.order].sort(cmp);
  }

  /**
   * Place a batch of ids whose results are new or replaced (a re-query can change the state, and so
   * the place, of a row already shown).
   */
  apply(ids: Iterable<string>): void {
    const batch: string[] = [];
    const moved = new Set<string>();
    const inBatch = new Set<string>();
    for (const id of ids) {
      if (inBatch.has(id)) continue;
      inBatch.add(id);
      if (this.present.has(id)) moved.add(id);
      else this.present.add(id);
      batch.push(id);
    }
    if (batch.length === 0) return;
    const cmp = this.byId();
    batch.sort(cmp);
    const base = moved.size > 0 ? this.order.filter((id) => !moved.has(id)) : this.order;
    if (base.length === 0 || cmp(base[base.length - 1]!, batch[0]!) <= 0) {
      this.order = base.concat(batch);
      return;
    }
    const merged = new Array<string>(base.length + batch.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < base.length && j < batch.length) merged[k++] = cmp(base[i]!, batch[j]!) <= 0 ? base[i++]! : batch[j++]!;
    while (i < base.length) merged[k++] = base[i++]!;
    while (j < batch.length) merged[k++] = batch[j++]!;
    this.order = merged;
  }

  clear(): void {
    this.order = [];
    this.present.clear();
  }

  private byId(): (a: string, b: string) => number {
    const { lookup, compare } = this;
    return (a, b) => compare(lookup(a)!, lookup(b)!);
  }
}
