/**
 * PortQry's connection table: `Port  Local IP  State  Remote IP:Port`, one row per socket
 * (`TCP 135    0.0.0.0   LISTENING   0.0.0.0:0`). Watch mode adds the owner and a change column.
 */
import type { LocalSocket } from './types.js';

/** The remote column as netstat writes it: `0.0.0.0:0` / `[::]:0` for a TCP socket with no peer, `*:*` for UDP. */
export function remoteText(s: LocalSocket): string {
  if (s.remoteAddress === null || s.remotePort === null) {
    if (s.protocol === 'udp') return '*:*';
    return s.family === 6 ? '[::]:0' : '0.0.0.0:0';
  }
  return s.family === 6 ? `[${s.remoteAddress}]:${s.remotePort}` : `${s.remoteAddress}:${s.remotePort}`;
}

export function portText(s: Pick<LocalSocket, 'protocol' | 'localPort'>): string {
  return `${s.protocol.toUpperCase()} ${s.localPort}`;
}

/** Process column text: `1234 nginx`, or the reason no process is shown. */
export function ownerText(s: LocalSocket): string {
  if (s.pid === null) return `- (${s.ownerNote ?? 'no process'})`;
  const others = s.pids.length > 1 ? ` (+${s.pids.length - 1} more)` : '';
  return `${s.pid} ${s.processName ?? '?'}${others}`;
}

export interface TableRow {
  socket: LocalSocket;
  /** Watch mode: `new`, `gone`, `changed: ESTABLISHED -> CLOSE WAIT`; '' for an unchanged row. */
  change?: string;
}

export interface TableOptions {
  /** Add the PID/process column (watch mode). */
  owner?: boolean;
  /** Add the change column (watch mode after the first table). */
  change?: boolean;
}

/** Lines of the table, header first; no trailing blank line. */
export function formatPortTable(rows: readonly TableRow[], options: TableOptions = {}): string[] {
  const cells = rows.map((r) => {
    const row = [portText(r.socket), r.socket.localAddress, r.socket.state ?? '', remoteText(r.socket)];
    if (options.owner) row.push(ownerText(r.socket));
    if (options.change) row.push(r.change ?? '');
    return row;
  });
  const header = ['Port', 'Local IP', 'State', 'Remote IP:Port'];
  if (options.owner) header.push('PID Process');
  if (options.change) header.push('Change');
  const minimum = [10, 16, 14, 21, 20, 0];
  const widths = header.map((h, i) => Math.max(minimum[i] ?? 0, h.length, ...cells.map((c) => c[i]!.length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...cells.map(line)];
}
