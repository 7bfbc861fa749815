/**
 * `portq -local --brief`: fport's consolidated layout, one line per process and port
 * (`PID  Process  Proto  Port  Path`). Sockets that differ only by peer (the connections of one
 * server port) make one line, with the count; a socket held by several processes is listed under
 * each; a socket with no process shown has the reason in place of the path.
 */
import type { LocalSnapshot, LocalSocket } from './types.js';

interface BriefLine {
  pid: string;
  process: string;
  proto: string;
  port: number;
  path: string;
  count: number;
}

export function formatBriefReport(snapshot: LocalSnapshot): string {
  const processes = new Map(snapshot.processes.map((p) => [p.pid, p]));
  const merged = new Map<string, BriefLine>();
  const add = (s: LocalSocket, pid: number | null) => {
    const process = pid === null ? undefined : processes.get(pid);
    const path = pid === null ? (s.ownerNote ?? '') : (process?.executable ?? process?.commandLine?.split(' ')[0] ?? '');
    const line: BriefLine = {
      pid: pid === null ? '-' : String(pid),
      process: process?.name ?? (pid === null ? '(no process)' : (s.processName ?? '?')),
      proto: s.protocol.toUpperCase(),
      port: s.localPort,
      path,
      count: 1,
    };
    const id = `${line.pid}|${line.proto}|${line.port}|${line.path}`;
    const existing = merged.get(id);
    if (existing) existing.count++;
    else merged.set(id, line);
  };
  // A socket shared by several processes (a pre-forked server) is listed under each of them.
  for (const s of snapshot.sockets) {
    if (s.pids.length === 0) add(s, null);
    for (const pid of s.pids) add(s, pid);
  }
  const lines = [...merged.values()].sort(
    (a, b) => (Number(a.pid) || -1) - (Number(b.pid) || -1) || a.proto.localeCompare(b.proto) || a.port - b.port,
  );
  const rows = lines.map((l) => [l.pid, l.process, l.proto, String(l.port), l.count > 1 ? `${l.path} (${l.count} sockets)` : l.path]);
  const header = ['PID', 'Process', 'Proto', 'Port', 'Path'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const format = (row: string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [format(header), ...rows.map(format)].join('\n') + '\n';
}
