/**
 * What the Local view needs from the local-ports watcher: snapshots with the difference from the
 * previous one, a filter (watch a port or a process) and pause. src/local's watcher is adapted to
 * this in local-watcher-source.ts; tests use a fake.
 */
import type { LocalDiff, LocalSnapshot, SnapshotFilter } from '../../local/types.js';

export type LocalSourceEvent = { type: 'snapshot'; snapshot: LocalSnapshot; diff: LocalDiff | null } | { type: 'error'; message: string };

export interface LocalSource {
  subscribe(listener: (event: LocalSourceEvent) => void): () => void;
  /** Begin refreshing (the first snapshot comes as soon as it is taken). */
  start(): void;
  stop(): void;
  /** Watch one port or process (PortQry -wport / -wpid); null for every socket. Takes a new snapshot. */
  setFilter(filter: SnapshotFilter | null): void;
  pause(): void;
  resume(): void;
}
