/** Builds snapshots from short socket descriptions, through the real buildSnapshot. */
import type { CollectedSocket, Collection } from '../../src/local/collector.js';
import { buildSnapshot } from '../../src/local/snapshot.js';
import type { LocalProcess, LocalSnapshot, SnapshotFilter, TcpState } from '../../src/local/types.js';

export interface SocketSpec {
  proto?: 'tcp' | 'udp';
  local: string; // "127.0.0.1:80" or "[::1]:80"
  remote?: string;
  state?: TcpState | null;
  pid?: number | number[];
  uid?: number;
  inode?: number;
}

function split(endpoint: string): [string, number] {
  const at = endpoint.lastIndexOf(':');
  return [endpoint.slice(0, at).replace(/^\[|\]$/g, ''), Number(endpoint.slice(at + 1))];
}

export function fakeProcess(pid: number, name: string, extra: Partial<LocalProcess> = {}): LocalProcess {
  return {
    pid,
    name,
    user: 'root',
    uid: 0,
    commandLine: `/usr/bin/${name} --serve`,
    executable: `/usr/bin/${name}`,
    services: [],
    startTime: '2025-06-09T07:00:00.000Z',
    modules: null,
    note: null,
    ...extra,
  };
}

export function snapshotOf(
  specs: SocketSpec[],
  processes: LocalProcess[] = [],
  options: { filter?: SnapshotFilter | null; takenAt?: number; watchedPidAlive?: boolean | null; euid?: number } = {},
): LocalSnapshot {
  const sockets: CollectedSocket[] = specs.map((s) => {
    const [localAddress, localPort] = split(s.local);
    const remote = s.remote === undefined ? null : split(s.remote);
    const protocol = s.proto ?? 'tcp';
    const pids = s.pid === undefined ? [] : Array.isArray(s.pid) ? s.pid : [s.pid];
    return {
      protocol,
      family: localAddress.includes(':') ? 6 : 4,
      localAddress,
      localPort,
      remoteAddress: remote?.[0] ?? null,
      remotePort: remote?.[1] ?? null,
      state: s.state === undefined ? (protocol === 'tcp' ? 'LISTENING' : null) : s.state,
      inode: s.inode ?? null,
      uid: s.uid ?? 0,
      owners: pids.map((pid) => ({ pid, name: null, fd: 3 })),
      ownerUnknown: pids.length > 0 ? null : s.state === 'TIME WAIT' ? 'kernel-held' : 'no-permission',
    };
  });
  const collection: Collection = {
    source: 'proc',
    privileged: true,
    sockets,
    processes: new Map(processes.map((p) => [p.pid, p])),
    userNames: new Map([[0, 'root']]),
    watchedPidAlive: options.watchedPidAlive ?? null,
    warnings: [],
  };
  return buildSnapshot(collection, { filter: options.filter ?? null, takenAt: options.takenAt ?? Date.UTC(2025, 5, 10, 12), platform: 'linux', hostname: 'testhost' });
}
