/**
 * What a per-OS collector delivers: the socket table with owners resolved, and the processes
 * behind them. snapshot.ts turns this into the public LocalSnapshot (keys, notes, order).
 */
import type { SocketRecord } from './socket-record.js';
import type { LocalProcess, OwnerUnknownReason, SnapshotFilter, SnapshotSource } from './types.js';

export interface CollectRequest {
  /** Also collect services, start times and loaded modules (PortQry's -v). */
  verbose: boolean;
  /** Collectors may use it to do less work; snapshot.ts applies it again either way. */
  filter: SnapshotFilter | null;
  signal?: AbortSignal;
}

export interface CollectedSocket extends SocketRecord {
  /** Set when `owners` is empty: why. */
  ownerUnknown: OwnerUnknownReason | null;
}

export interface Collection {
  source: SnapshotSource;
  privileged: boolean;
  sockets: CollectedSocket[];
  /** Every owner pid of `sockets` (and the watched pid when alive) has an entry. */
  processes: Map<number, LocalProcess>;
  /** uid to user name, for the owner notes. */
  userNames: ReadonlyMap<number, string>;
  watchedPidAlive: boolean | null;
  warnings: string[];
}

export interface LocalCollector {
  readonly source: SnapshotSource;
  collect(request: CollectRequest): Promise<Collection>;
}
