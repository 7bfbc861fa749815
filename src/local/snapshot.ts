/**
 * Builds the public LocalSnapshot from a collector's output: applies the filter, orders the
 * sockets, gives them stable keys, fills each socket's process fields and, where no process can
 * be shown, the sentence saying why.
 */
import { hostname } from 'node:os';
import type { CollectedSocket, Collection } from './collector.js';
import { ownerNote } from './owner-note.js';
import { assignSocketKeys } from './socket-key.js';
import type { LocalProcess, LocalSnapshot, LocalSocket, SnapshotFilter } from './types.js';

const SOURCE_NAMES = { proc: '/proc', ss: 'ss', lsof: 'lsof', netstat: 'netstat' } as const;

export interface BuildOptions {
  filter: SnapshotFilter | null;
  takenAt?: number;
  platform?: NodeJS.Platform;
  hostname?: string;
}

export function matchesFilter(socket: { localPort: number; owners: readonly { pid: number }[] }, filter: SnapshotFilter | null): boolean {
  if (filter === null) return true;
  if (filter.port !== undefined && socket.localPort !== filter.port) return false;
  if (filter.pid !== undefined && !socket.owners.some((o) => o.pid === filter.pid)) return false;
  return true;
}

function compareSockets(a: CollectedSocket, b: CollectedSocket): number {
  return (
    a.protocol.localeCompare(b.protocol) ||
    a.localPort - b.localPort ||
    a.family - b.family ||
    a.localAddress.localeCompare(b.localAddress) ||
    (a.remoteAddress ?? '').localeCompare(b.remoteAddress ?? '') ||
    (a.remotePort ?? -1) - (b.remotePort ?? -1) ||
    (a.owners[0]?.pid ?? -1) - (b.owners[0]?.pid ?? -1) ||
    (a.inode ?? -1) - (b.inode ?? -1)
  );
}

export function buildSnapshot(collection: Collection, options: BuildOptions): LocalSnapshot {
  const platform = options.platform ?? process.platform;
  const kept = collection.sockets.filter((s) => matchesFilter(s, options.filter)).sort(compareSockets);
  const ownerPids = kept.map((s) => (s.owners.length === 0 ? null : Math.min(...s.owners.map((o) => o.pid))));
  const keys = assignSocketKeys(kept.map((s, i) => ({ ...s, pid: ownerPids[i]! })));
  const sockets = kept.map((s, i): LocalSocket => {
    const pid = ownerPids[i]!;
    const process = pid === null ? undefined : collection.processes.get(pid);
    const reported = s.owners.find((o) => o.pid === pid);
    const unknown = pid === null ? (s.ownerUnknown ?? 'not-reported') : null;
    return {
      key: keys[i]!,
      protocol: s.protocol,
      family: s.family,
      localAddress: s.localAddress,
      localPort: s.localPort,
      remoteAddress: s.remoteAddress,
      remotePort: s.remotePort,
      state: s.state,
      inode: s.inode,
      uid: s.uid,
      pid,
      pids: s.owners.map((o) => o.pid).sort((a, b) => a - b),
      processName: process?.name ?? reported?.name ?? null,
      user: process?.user ?? null,
      commandLine: process?.commandLine ?? null,
      ownerNote:
        unknown === null
          ? null
          : ownerNote({
              reason: unknown,
              uid: s.uid,
              userName: s.uid === null ? null : (collection.userNames.get(s.uid) ?? null),
              state: s.state,
              platform,
              sourceName: SOURCE_NAMES[collection.source],
            }),
      ownerUnknown: unknown,
    };
  });
  const wantedPids = new Set<number>(sockets.flatMap((s) => s.pids));
  if (options.filter?.pid !== undefined) wantedPids.add(options.filter.pid);
  const processes: LocalProcess[] = [...collection.processes.values()]
    .filter((p) => wantedPids.has(p.pid))
    .sort((a, b) => a.pid - b.pid);
  return {
    takenAt: options.takenAt ?? Date.now(),
    hostname: options.hostname ?? hostname(),
    platform,
    source: collection.source,
    privileged: collection.privileged,
    filter: options.filter,
    sockets,
    processes,
    watchedPidAlive: collection.watchedPidAlive,
    warnings: collection.warnings,
  };
}
