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
  private idList: readonly string[] = [];
  private readonly byId = new Map<string, SortEntry>();

  constructor(
    private readonly orderOf: (id: string) => number,
    private compare: EntryComparator,
  ) {}

  /** Ids in sort order. The array is replaced, never mutated, when the order changes. */
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
   * Place a batch of results that are new or replace a row (a re-query can change the state, and
   * so the place, of a row already shown).
   */
  apply(results: ReadonlyMap<string, ProbeResult>): void {
    const batch: SortEntry[] = [];
    const moved = new Set<SortEntry>();
    for (const [id, result] of results) {
      const old = this.byId.get(id);
      if (old) moved.add(old);
      const entry: SortEntry = { id, result, order: old ? old.order : this.orderOf(id) };
      this.byId.set(id, entry);
      batch.push(entry);
    }
    if (batch.length === 0) return;
    const cmp = this.compare;
    batch.sort(cmp);
    const base = moved.size > 0 ? this.entries.filter((e) => !moved.has(e)) : this.entries;
    if (base.length === 0 || cmp(base[base.length - 1]!, batch[0]!) <= 0) {
      this.entries = base.concat(batch);
      this.idList = (moved.size > 0 ? base.map((e) => e.id) : this.idList).concat(batch.map((e) => e.id));
      return;
    }
    const merged = new Array<SortEntry>(base.length + batch.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < base.length && j < batch.length) merged[k++] = cmp(base[i]!, batch[j]!) <= 0 ? base[i++]! : batch[j++]!;
    while (i < base.length) merged[k++] = base[i++]!;
    while (j < batch.length) merged[k++] = batch[j++]!;
    this.entries = merged;
    this.idList = merged.map((e) => e.id);
  }

  clear(): void {
    this.entries = [];
    this.idList = [];
    this.byId.clear();
  }
}
