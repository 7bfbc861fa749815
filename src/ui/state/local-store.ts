/**
 * The Local view's data: the latest socket snapshot with TCPView's colouring. A socket that
 * appeared since the previous refresh is marked new (green), one that went away stays one refresh
 * longer marked gone (red), one whose state or owner changed is marked changed (yellow).
 */
import type { LocalProcess, LocalSnapshot, LocalSocket, SnapshotFilter } from '../../local/types.js';
import type { LocalSource, LocalSourceEvent } from './local-source.js';

export type RowMark = 'new' | 'gone' | 'changed' | null;

export interface LocalRow {
  socket: LocalSocket;
  mark: RowMark;
}

export type LocalPhase = 'idle' | 'loading' | 'live' | 'paused' | 'error' | 'unavailable';

export interface LocalStoreSnapshot {
  readonly version: number;
  readonly phase: LocalPhase;
  /** Rows by socket key, gone rows included. */
  readonly rows: ReadonlyMap<string, LocalRow>;
  readonly processes: ReadonlyMap<number, LocalProcess>;
  readonly snapshot: LocalSnapshot | null;
  readonly filter: SnapshotFilter | null;
  readonly error: string | null;
  readonly refreshes: number;
}

export class LocalStore {
  private readonly listeners = new Set<() => void>();
  private unsubscribe: (() => void) | null = null;
  private started = false;
  private version = 0;
  private phase: LocalPhase;
  private rows = new Map<string, LocalRow>();
  private processes = new Map<number, LocalProcess>();
  private last: LocalSnapshot | null = null;
  private filter: SnapshotFilter | null = null;
  private error: string | null = null;
  private refreshes = 0;
  private snap: LocalStoreSnapshot;

  constructor(private readonly source: LocalSource | null) {
    this.phase = source ? 'idle' : 'unavailable';
    this.error = source ? null : 'Local sockets are not available on this system.';
    this.snap = this.build();
  }

  /** Start the watcher the first time the Local view is shown: a scan-only session costs nothing. */
  ensureStarted(): void {
    if (this.started || !this.source) return;
    this.started = true;
    this.phase = 'loading';
    this.unsubscribe = this.source.subscribe((e) => this.onEvent(e));
    this.source.start();
    this.publish();
  }

  setFilter(filter: SnapshotFilter | null): void {
    this.filter = filter;
    // A different set of sockets: no new/gone colouring against the unfiltered table.
    this.rows = new Map();
    this.last = null;
    if (this.phase === 'live') this.phase = 'loading';
    this.publish();
    this.source?.setFilter(filter);
  }

  setPaused(paused: boolean): void {
    if (!this.source || !this.started) return;
    if (paused) {
      this.source.pause();
      if (this.phase === 'live' || this.phase === 'loading') this.phase = 'paused';
    } else {
      this.source.resume();
      if (this.phase === 'paused') this.phase = this.last ? 'live' : 'loading';
    }
    this.publish();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.started) this.source?.stop();
    this.started = false;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LocalStoreSnapshot => this.snap;

  private onEvent(e: LocalSourceEvent): void {
    if (e.type === 'error') {
      this.error = e.message;
      if (this.phase !== 'paused') this.phase = 'error';
      this.publish();
      return;
    }
    const { snapshot } = e;
    const next = new Map<string, LocalRow>();
    const firstOrRefiltered = this.last === null;
    const added = new Set((e.diff?.added ?? []).map((s) => s.key));
    const changed = new Set((e.diff?.changed ?? []).map((c) => c.after.key));
    for (const s of snapshot.sockets) {
      let mark: RowMark = null;
      if (!firstOrRefiltered) {
        if (e.diff) mark = added.has(s.key) ? 'new' : changed.has(s.key) ? 'changed' : null;
        else mark = this.rows.has(s.key) ? null : 'new';
      }
      next.set(s.key, { socket: s, mark });
    }
    if (!firstOrRefiltered) {
      const removed = e.diff ? e.diff.removed : [...this.rows.values()].filter((r) => r.mark !== 'gone' && !next.has(r.socket.key)).map((r) => r.socket);
      for (const s of removed) if (!next.has(s.key)) next.set(s.key, { socket: s, mark: 'gone' });
    }
    this.rows = next;
    this.processes = new Map(snapshot.processes.map((p) => [p.pid, p]));
    this.last = snapshot;
    this.error = null;
    this.refreshes++;
    if (this.phase !== 'paused') this.phase = 'live';
    this.publish();
  }

  private publish(): void {
    this.snap = this.build();
    for (const l of [...this.listeners]) l();
  }

  private build(): LocalStoreSnapshot {
    return {
      version: ++this.version,
      phase: this.phase,
      rows: this.rows,
      processes: this.processes,
      snapshot: this.last,
      filter: this.filter,
      error: this.error,
      refreshes: this.refreshes,
    };
  }
}
