/**
 * The scan as the UI sees it: engine events folded into snapshots read with
 * `useSyncExternalStore`. Each result goes into columns as it arrives (result-columns.ts: rows
 * are named by small integer ids, the probe's place in the scan's list); the table's order and a
 * new snapshot follow about every 50 ms, so a 65,535-port scan publishes twenty snapshots a
 * second instead of one per port. A flush that has `maxPending` new rows waiting comes at once.
 */
import type { ScanOptions } from '../../engine/scan-options.js';
import type { PacingInfo, PortState, ProbeKey, ProbeResult, ResolvedTarget, ScanEvent, ScanProgress } from '../../engine/types.js';
import { ResultColumns } from './result-columns.js';
import type { ScanSource } from './scan-source.js';
import { comparatorFor, type SortSpec } from './scan-sort.js';
import { SortedResults } from './sorted-results.js';

export type ScanPhase = 'idle' | 'resolving' | 'running' | 'paused' | 'done' | 'aborted' | 'failed';

export type StateCounts = Readonly<Record<PortState, number>>;

export interface ScanSnapshot {
  /** Changes on every flush: React compares snapshots by identity. */
  readonly version: number;
  /** Null before the first scan (the UI opened with -i and nothing run yet). */
  readonly options: ScanOptions | null;
  readonly title: string | null;
  readonly phase: ScanPhase;
  readonly target: ResolvedTarget | null;
  readonly progress: ScanProgress;
  readonly counts: StateCounts;
  readonly pacing: PacingInfo | null;
  /** The most recent warnings (at most MAX_WARNINGS), oldest first. */
  readonly warnings: readonly string[];
  readonly warningCount: number;
  /** Why the scan could not run (the target did not resolve...). */
  readonly error: string | null;
  readonly startedAt: number | null;
  readonly elapsedMs: number | null;
  readonly sort: SortSpec;
  /** Ids of finished probes in sort order. */
  readonly rowIds: readonly number[];
  /** Ids being probed again after `r`/`R`, until their new result arrives. */
  readonly requerying: ReadonlySet<number>;
  /** Bumped when results or their order change (for memoizing filtered views). */
  readonly rowsVersion: number;
  /** A row's result (an object rebuilt from the columns: ask per row shown, not for all rows). */
  result(id: number): ProbeResult | undefined;
  /** A row's state without building its result (filters, counts). */
  stateOf(id: number): PortState | undefined;
  keyOf(id: number): ProbeKey;
}

export interface ScanStoreOptions {
  flushMs?: number;
  maxPending?: number;
  now?: () => number;
}

const MAX_WARNINGS = 50;
const EMPTY_PROGRESS: ScanProgress = { done: 0, total: 0, ratePerSec: 0, etaMs: null, inFlight: 0 };
const ZERO_COUNTS: Record<PortState, number> = { LISTENING: 0, 'NOT LISTENING': 0, FILTERED: 0, 'LISTENING OR FILTERED': 0 };

export class ScanStore {
  private readonly flushMs: number;
  private readonly maxPending: number;
  private readonly now: () => number;
  private readonly listeners = new Set<() => void>();

  private session: ScanSource | null = null;
  private unsubscribe: (() => void) | null = null;
  private generation = 0;

  // Applied state (what snapshots show).
  private columns = new ResultColumns();
  private sorted: SortedResults;
  private sortSpec: SortSpec = { key: 'order', descending: false };
  private counts: Record<PortState, number> = { ...ZERO_COUNTS };
  private requerying = new Set<number>();
  private options: ScanOptions | null = null;
  private title: string | null = null;
  private phase: ScanPhase = 'idle';
  private target: ResolvedTarget | null = null;
  private progress: ScanProgress = EMPTY_PROGRESS;
  private pacing: PacingInfo | null = null;
  private warnings: string[] = [];
  private warningCount = 0;
  private error: string | null = null;
  private startedAt: number | null = null;
  private elapsedMs: number | null = null;
  private version = 0;
  private rowsVersion = 0;
  private snapshot: ScanSnapshot;

  // Row changes waiting for the next flush: ids placed for the first time, and placed ids whose
  // result changed (a re-query can move a row).
  private added: number[] = [];
  private readonly addedIds = new Set<number>();
  private moved: Set<number> | null = null;
  /** The requerying set is in a published snapshot: copy before changing it. */
  private requeryingShared = true;
  private pendingOther = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(opts: ScanStoreOptions = {}) {
    this.flushMs = opts.flushMs ?? 50;
    this.maxPending = opts.maxPending ?? 8192;
    this.now = opts.now ?? Date.now;
    this.sorted = new SortedResults(this.comparator());
    this.snapshot = this.build();
  }

  /** Start showing a new scan: the previous one is aborted and forgotten. */
  attach(session: ScanSource, options: ScanOptions, title: string | null = null): void {
    this.detach();
    const generation = ++this.generation;
    this.session = session;
    this.options = options;
    this.title = title;
    // Ids follow the probe list, so the id order is the scan order.
    this.columns = new ResultColumns(options.probes);
    this.sorted = new SortedResults(this.comparator());
    this.counts = { ...ZERO_COUNTS };
    this.requerying = new Set();
    this.phase = 'resolving';
    this.target = null;
    this.progress = { ...EMPTY_PROGRESS, total: options.probes.length };
    this.pacing = null;
    this.warnings = [];
    this.warningCount = 0;
    this.error = null;
    this.startedAt = this.now();
    this.elapsedMs = null;
    this.rowsVersion++;
    this.unsubscribe = session.subscribe((event) => {
      if (generation === this.generation) this.onEvent(event);
    });
    this.publish();
    let running: Promise<void>;
    try {
      running = session.run();
    } catch (err) {
      running = Promise.reject(err);
    }
    running.then(
      () => {
        // A session that ends without 'done' (a fake, or an engine bug) must not look busy forever.
        if (generation === this.generation && (this.phase === 'running' || this.phase === 'resolving')) this.finish(false, null);
      },
      (err: unknown) => {
        if (generation !== this.generation) return;
        this.phase = 'failed';
        this.error = err instanceof Error ? err.message : String(err);
        this.flushNow();
      },
    );
  }

  /** Stop listening to (and abort) the current scan. */
  detach(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.added = [];
    this.addedIds.clear();
    this.moved = null;
    this.pendingOther = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.session && (this.phase === 'running' || this.phase === 'resolving' || this.phase === 'paused')) this.session.abort();
    this.session?.close?.();
    this.session = null;
    this.generation++;
  }

  get hasSession(): boolean {
    return this.session !== null;
  }

  requery(keys: ProbeKey[]): void {
    if (!this.session || keys.length === 0) return;
    this.requerying = new Set(this.requerying);
    for (const k of keys) this.requerying.add(this.columns.idOf(k));
    this.publish();
    this.session.requery(keys);
  }

  pause(): void {
    if (this.phase === 'running') this.session?.pause();
  }

  resume(): void {
    if (this.phase === 'paused') this.session?.resume();
  }

  abort(): void {
    this.session?.abort();
  }

  setSort(spec: SortSpec): void {
    if (spec.key === this.sortSpec.key && spec.descending === this.sortSpec.descending) return;
    this.sortSpec = spec;
    this.sorted.setComparator(this.comparator());
    this.rowsVersion++;
    this.publish();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ScanSnapshot => this.snapshot;

  /** Publish everything pending now (tests, and 'done' so the last frame is complete). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.added.length === 0 && this.moved === null && !this.pendingOther) return;
    this.pendingOther = false;
    const moved = this.moved;
    const batch = this.added;
    this.added = [];
    this.addedIds.clear();
    this.moved = null;
    if (moved) batch.push(...moved);
    if (batch.length > 0) {
      this.sorted.apply(batch, moved);
      this.rowsVersion++;
    }
    this.publish();
  }

  /**
   * A result goes into the columns as it arrives, so the engine's object dies young (buffering
   * thousands of them for a flush made V8 copy and promote them: most of the UI's GC time).
   * Only the table's order waits for the flush.
   */
  private take(result: ProbeResult): void {
    const columns = this.columns;
    const id = columns.idOf(result);
    const before = columns.stateOf(id);
    if (before !== undefined) {
      // A late result from before a re-query never replaces a newer one.
      if (columns.seqOf(id) > result.seq) return;
      this.counts[before]--;
      // Placed by an earlier flush: it leaves its place and is placed again.
      if (!this.addedIds.has(id)) (this.moved ??= new Set()).add(id);
    } else {
      this.added.push(id);
      this.addedIds.add(id);
    }
    this.counts[result.state]++;
    columns.set(result);
    if (this.requerying.has(id)) {
      // Copy on write: the published snapshot holds the set.
      if (this.requeryingShared) {
        this.requerying = new Set(this.requerying);
        this.requeryingShared = false;
      }
      this.requerying.delete(id);
    }
  }

  private onEvent(event: ScanEvent): void {
    switch (event.type) {
      case 'resolved':
        this.target = event.target;
        if (this.phase === 'resolving') this.phase = 'running';
        this.flushNow();
        return;
      case 'started':
        this.progress = { ...this.progress, total: event.total };
        if (this.phase === 'resolving') this.phase = 'running';
        this.schedule();
        return;
      case 'probe-started':
        return;
      case 'result':
        this.take(event.result);
        if (this.added.length >= this.maxPending) this.flush();
        else this.schedule();
        return;
      case 'progress':
        this.progress = event.progress;
        this.schedule();
        return;
      case 'pacing':
        this.pacing = event.pacing;
        this.schedule();
        return;
      case 'warning':
        this.warningCount++;
        this.warnings = [...this.warnings.slice(-(MAX_WARNINGS - 1)), event.message];
        this.schedule();
        return;
      case 'paused':
        this.phase = 'paused';
        this.flushNow();
        return;
      case 'resumed':
        this.phase = 'running';
        this.flushNow();
        return;
      case 'done':
        this.finish(event.aborted, event.elapsedMs);
        return;
    }
  }

  private finish(aborted: boolean, elapsedMs: number | null): void {
    this.phase = aborted ? 'aborted' : 'done';
    this.elapsedMs = elapsedMs ?? (this.startedAt === null ? null : this.now() - this.startedAt);
    this.flushNow();
  }

  /** Flush and publish even when no result is buffered (a phase change the user waits for). */
  private flushNow(): void {
    this.pendingOther = true;
    this.flush();
  }

  private schedule(): void {
    this.pendingOther = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.flushMs);
  }

  /** The order for the sort in use, over the columns in use (attach() replaces both). */
  private comparator() {
    return comparatorFor(this.sortSpec, this.columns);
  }

  private publish(): void {
    this.snapshot = this.build();
    this.requeryingShared = true;
    for (const l of [...this.listeners]) l();
  }

  private build(): ScanSnapshot {
    const columns = this.columns;
    return {
      version: ++this.version,
      options: this.options,
      title: this.title,
      phase: this.phase,
      target: this.target,
      progress: this.progress,
      counts: { ...this.counts },
      pacing: this.pacing,
      warnings: this.warnings,
      warningCount: this.warningCount,
      error: this.error,
      startedAt: this.startedAt,
      elapsedMs: this.elapsedMs,
      sort: this.sortSpec,
      rowIds: this.sorted.ids,
      requerying: this.requerying,
      rowsVersion: this.rowsVersion,
      result: (id: number) => columns.get(id),
      stateOf: (id: number) => columns.stateOf(id),
      keyOf: (id: number) => columns.keyOf(id),
    };
  }
}
