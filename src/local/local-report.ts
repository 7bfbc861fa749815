/**
 * `portq -local` in PortQry's layout: the port table, Port Statistics, the PID:Process mapping,
 * the sockets whose owner cannot be shown (with why), and with -v a block per process.
 */
import { portStatistics } from './port-statistics.js';
import { formatPortTable, portText } from './port-table.js';
import { BLOCK_RULE, formatProcessBlock } from './process-block.js';
import { formatStatistics } from './statistics-text.js';
import type { LocalSnapshot, LocalSocket } from './types.js';

/** At most this many ports are named per process in the mapping; the rest are counted. */
const PORTS_PER_PROCESS = 12;

function distinctPorts(sockets: readonly LocalSocket[]): string[] {
  return [...new Set(sockets.map(portText))];
}

function listWithMore(items: readonly string[], limit: number): string {
  const shown = items.slice(0, limit).join(', ');
  return items.length > limit ? `${shown} (+${items.length - limit} more)` : shown;
}

export function socketsByPid(snapshot: LocalSnapshot): Map<number, LocalSocket[]> {
  const byPid = new Map<number, LocalSocket[]>();
  for (const s of snapshot.sockets) {
    for (const pid of s.pids) {
      const list = byPid.get(pid);
      if (list) list.push(s);
      else byPid.set(pid, [s]);
    }
  }
  return byPid;
}

/** PID:Process lines: `519:systemd-resolve (user systemd-resolve): TCP 53, UDP 53`, command line below. */
function mappingLines(snapshot: LocalSnapshot, byPid: Map<number, LocalSocket[]>): string[] {
  const lines: string[] = [];
  for (const p of snapshot.processes) {
    const ports = distinctPorts(byPid.get(p.pid) ?? []);
    const user = p.user === null ? '' : ` (user ${p.user})`;
    lines.push(`${p.pid}:${p.name}${user}: ${ports.length > 0 ? listWithMore(ports, PORTS_PER_PROCESS) : 'no ports'}`);
    if (p.commandLine !== null) lines.push(`    ${p.commandLine}`);
  }
  return lines;
}

/** Sockets with no process shown, grouped by the reason so that 3,000 TIME WAIT ends take one line. */
function unownedLines(sockets: readonly LocalSocket[]): string[] {
  const groups = new Map<string, LocalSocket[]>();
  for (const s of sockets) {
    if (s.pid !== null) continue;
    const note = s.ownerNote ?? 'no process shown';
    const group = groups.get(note);
    if (group) group.push(s);
    else groups.set(note, [s]);
  }
  const lines: string[] = [];
  for (const [note, group] of groups) {
    if (group.length === 1) {
      const s = group[0]!;
      lines.push(`${portText(s)} (${s.localAddress}${s.state === null ? '' : `, ${s.state}`}): ${note}`);
    } else {
      lines.push(`${group.length} sockets (${listWithMore(distinctPorts(group), 6)}): ${note}`);
    }
  }
  return lines;
}

export function formatLocalReport(snapshot: LocalSnapshot, options: { verbose: boolean }): string {
  const { sockets } = snapshot;
  const lines = ['TCP/UDP Port Usage', '', `${sockets.length} active ports found`, ''];
  if (sockets.length > 0) lines.push(...formatPortTable(sockets.map((socket) => ({ socket }))), '');
  lines.push('Port Statistics', '', ...formatStatistics(portStatistics(sockets)), '');
  const byPid = socketsByPid(snapshot);
  lines.push('PID:Process', '');
  lines.push(...(snapshot.processes.length > 0 ? mappingLines(snapshot, byPid) : ['(no process holds a port)']), '');
  const unowned = unownedLines(sockets);
  if (unowned.length > 0) {
    const count = sockets.filter((s) => s.pid === null).length;
    lines.push(`No process shown for ${count} socket${count === 1 ? '' : 's'}:`, '', ...unowned, '');
  }
  if (options.verbose) {
    lines.push('Port and Module Information by Process', '');
    if (!snapshot.privileged) {
      lines.push("Note: not every process could be inspected with this user's rights; run as root (Administrator on Windows) to see them all.", '');
    }
    for (const p of snapshot.processes) lines.push(...formatProcessBlock(p, byPid.get(p.pid) ?? []));
    if (snapshot.processes.length > 0) lines.push(BLOCK_RULE, '');
  }
  if (snapshot.warnings.length > 0) lines.push('Warnings:', ...snapshot.warnings.map((w) => ` ${w}`), '');
  return lines.join('\n') + '\n';
}
