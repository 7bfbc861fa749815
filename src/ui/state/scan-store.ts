/**
 * The scan as the UI sees it: engine events folded into snapshots read with
 * `useSyncExternalStore`. Results are buffered as they come and applied about every 50 ms (one
 * snapshot per batch, coalesced by probe id), so a 65,535-port scan publishes twenty snapshots a
 * second instead of one per port. The buffer is bounded: a batch that reaches `maxPending`
 * results is applied at once.
 */
import type { ScanOptions } from '../../engine/scan-options.js';
import type { PacingInfo, PortState, ProbeKey, ProbeResult, ResolvedTarget, ScanEvent, ScanProgress } from '../../engine/types.js';
import { probeId } from '../../engine/types.js';
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
  readonly rowIds: readonly string[];
  /** Ids being probed again after `r`/`R`, until their new result arrives. */
  readonly requerying: ReadonlySet<string>;
  /** Bumped when results or their order change (for memoizing filtered views). */
  readonly rowsVersion: number;
  result(id: string): ProbeResult | undefined;
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
  private readonly results = new Map<string, ProbeResult>();
  private readonly orderIndex = new Map<string, number>();
  private sorted: SortedResults;
  private sortSpec: SortSpec = { key: 'order', descending: false };
  private counts: Record<PortState, number> = { ...ZERO_COUNTS };
  private requerying = new Set<string>();
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

  // Buffered events, waiting for the next flush.
  private incoming: ProbeResult[] = [];
  private pendingOther = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(opts: ScanStoreOptions = {}) {
    this.flushMs = opts.flushMs ?? 50;
    this.maxPending = opts.maxPending ?? 8192;
    this.now = opts.now ?? Date.now;
    this.sorted = new SortedResults((id) => this.orderIndex.get(id) ?? Number.MAX_SAFE_INTEGER, this.comparator());
    this.snapshot = this.build();
  }

  /** Start showing a new scan: the previous one is aborted and forgotten. */
  attach(session: ScanSource, options: ScanOptions, title: string | null = null): void {
    this.detach();
    const generation = ++this.generation;
    this.session = session;
    this.options = options;
    this.title = title;
    this.results.clear();
    this.orderIndex.clear();
    options.probes.forEach((k, i) => {
      const id = probeId(k);
      if (!this.orderIndex.has(id)) this.orderIndex.set(id, i);
    });
    this.sorted = new SortedResults((id) => this.orderIndex.get(id) ?? Number.MAX_SAFE_INTEGER, this.comparator());
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
    this.incoming = [];
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
    for (const k of keys) this.requerying.add(probeId(k));
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

  /** Apply everything buffered now (tests, and 'done' so the last frame is complete). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.incoming.length === 0 && !this.pendingOther) return;
    const arrived = this.incoming;
    this.incoming = [];
    this.pendingOther = false;
    // One result per probe; a late result from before a re-query never replaces a newer one.
    const batch = new Map<string, ProbeResult>();
    for (const r of arrived) {
      const id = probeId(r);
      const seen = batch.get(id) ?? this.results.get(id);
      if (!seen || seen.seq <= r.seq) batch.set(id, r);
    }
    if (batch.size > 0) {
      let requerying: Set<string> | null = null;
      const replaced = new Set<string>();
      for (const [id, result] of batch) {
        const before = this.results.get(id);
        if (before) {
          this.counts[before.state]--;
          replaced.add(id);
        }
        this.counts[result.state]++;
        this.results.set(id, result);
        if (this.requerying.has(id)) {
          requerying ??= new Set(this.requerying);
          requerying.delete(id);
        }
      }
      if (requerying) this.requerying = requerying;
      this.sorted.apply(batch, replaced);
      this.rowsVersion++;
    }
    this.publish();
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
        // Kept as they come (the cheapest thing to do per port); coalesced at the flush.
        this.incoming.push(event.result);
        if (this.incoming.length >= this.maxPending) this.flush();
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

  private comparator() {
    return comparatorFor(this.sortSpec);
  }

  private publish(): void {
    this.snapshot = this.build();
    for (const l of [...this.listeners]) l();
  }

  private build(): ScanSnapshot {
    const results = this.results;
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
      result: (id: string) => results.get(id),
    };
  }
}
