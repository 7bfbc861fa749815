/** Local sockets and snapshots built by hand for the Local view's tests. */
import type { LocalSnapshot, LocalSocket } from '../../../src/local/types.js';

export function fakeSocket(over: Partial<LocalSocket> & { localPort: number }): LocalSocket {
  const s: LocalSocket = {
    key: '',
    protocol: 'tcp',
    family: 4,
    localAddress: '0.0.0.0',
    remoteAddress: null,
    remotePort: null,
    state: 'LISTENING',
    inode: null,
    uid: 0,
    pid: 1,
    pids: [1],
    processName: 'proc',
    user: 'root',
    commandLine: null,
    ownerNote: null,
    ownerUnknown: null,
    ...over,
  };
  s.key = over.key ?? `${s.protocol}|${s.family}|${s.localAddress}|${s.localPort}|${s.remoteAddress ?? '*'}|${s.remotePort ?? '*'}`;
  return s;
}

export function fakeSnapshot(sockets: LocalSocket[], over: Partial<LocalSnapshot> = {}): LocalSnapshot {
  const pids = [...new Set(sockets.map((s) => s.pid).filter((p): p is number => p !== null))].sort((a, b) => a - b);
  return {
    takenAt: new Date(2024, 0, 1, 12, 0, 0).getTime(),
    hostname: 'testhost',
    platform: 'linux',
    source: 'proc',
    privileged: true,
    filter: null,
    sockets,
    processes: pids.map((pid) => ({
      pid,
      name: sockets.find((s) => s.pid === pid)?.processName ?? 'proc',
      user: 'root',
      uid: 0,
      commandLine: null,
      executable: null,
      services: [],
      startTime: null,
      modules: null,
      note: null,
    })),
    watchedPidAlive: null,
    warnings: [],
    ...over,
  };
}
