/**
 * --json for the local mode: JSON lines, like the scanner's output, one object per line:
 *
 *   {"type":"socket", ...}     one per socket (see socketJson), process fields included
 *   {"type":"process", ...}    one per owning process (modules only with -v)
 *   {"type":"summary", ...}    last: counts per state, source, privileges, warnings
 *
 * Watch mode (watch-report.ts) uses the same socket objects with a `change` field.
 */
import { portStatistics } from './port-statistics.js';
import type { LocalProcess, LocalSnapshot, LocalSocket } from './types.js';

export function socketJson(s: LocalSocket, time: number): Record<string, unknown> {
  return {
    type: 'socket',
    time: new Date(time).toISOString(),
    key: s.key,
    protocol: s.protocol,
    family: s.family,
    localAddress: s.localAddress,
    localPort: s.localPort,
    remoteAddress: s.remoteAddress,
    remotePort: s.remotePort,
    state: s.state,
    pid: s.pid,
    pids: s.pids,
    process: s.processName,
    user: s.user,
    commandLine: s.commandLine,
    ownerNote: s.ownerNote,
    ownerUnknown: s.ownerUnknown,
    uid: s.uid,
    inode: s.inode,
  };
}

export function processJson(p: LocalProcess, verbose: boolean): Record<string, unknown> {
  return {
    type: 'process',
    pid: p.pid,
    name: p.name,
    user: p.user,
    uid: p.uid,
    commandLine: p.commandLine,
    executable: p.executable,
    services: p.services,
    startTime: p.startTime,
    ...(verbose ? { modules: p.modules } : {}),
    note: p.note,
  };
}

export function summaryJson(snapshot: LocalSnapshot): Record<string, unknown> {
  const stats = portStatistics(snapshot.sockets);
  return {
    type: 'summary',
    time: new Date(snapshot.takenAt).toISOString(),
    host: snapshot.hostname,
    platform: snapshot.platform,
    source: snapshot.source,
    privileged: snapshot.privileged,
    sockets: snapshot.sockets.length,
    tcp: stats.tcp,
    udp: stats.udp,
    tcpStates: Object.fromEntries(stats.tcpStates.map((s) => [s.state, { count: s.count, percent: s.percent }])),
    processes: snapshot.processes.length,
    warnings: snapshot.warnings,
  };
}

export function formatJsonReport(snapshot: LocalSnapshot, options: { verbose: boolean }): string {
  const objects = [
    ...snapshot.sockets.map((s) => socketJson(s, snapshot.takenAt)),
    ...snapshot.processes.map((p) => processJson(p, options.verbose)),
    summaryJson(snapshot),
  ];
  return objects.map((o) => JSON.stringify(o)).join('\n') + '\n';
}
