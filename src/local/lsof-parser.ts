/**
 * Parser for lsof's field output (`lsof -F`, lsof(8) "OUTPUT FOR OTHER PROGRAMS"), the macOS
 * source: `lsof -nP -iTCP -iUDP +c0 -F pcuLftPnT`. Every line is one field: an identifier
 * character, then the value. A process set starts with `p` (pid) and holds `c` (command), `u`
 * (uid), `L` (login); a file set starts with `f` (fd) and holds `t` (type: IPv4/IPv6), `P`
 * (protocol), `n` (name: `local` or `local->remote`) and `T` lines (`TST=LISTEN`, `TQR=0`...).
 * Names: `127.0.0.1:47001`, `*:47002`, `[::1]:47003`, `10.0.0.2:52000->10.0.0.1:443`.
 */
import { parseEndpointText } from './endpoint-text.js';
import type { SkippedLine } from './local-error.js';
import type { SocketRecord } from './socket-record.js';
import { tcpStateFromName } from './tcp-state.js';

export interface LsofFile {
  fd: string;
  /** `t`: IPv4, IPv6, REG, DIR... */
  type: string | null;
  /** `P`: TCP, UDP. */
  protocol: string | null;
  /** `n`: the name (an address pair for sockets, a path for files). */
  name: string | null;
  /** `TST=`: TCP state as the dialect spells it (LISTEN, ESTABLISHED, FIN_WAIT2...). */
  tcpState: string | null;
}

export interface LsofProcess {
  pid: number;
  command: string | null;
  uid: number | null;
  login: string | null;
  files: LsofFile[];
}

export interface LsofFieldsResult {
  processes: LsofProcess[];
  skipped: SkippedLine[];
}

/** Splits field output into process sets and their file sets. */
export function parseLsofFields(text: string): LsofFieldsResult {
  const processes: LsofProcess[] = [];
  const skipped: SkippedLine[] = [];
  let process: LsofProcess | null = null;
  let file: LsofFile | null = null;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.length === 0) continue;
    const id = line[0]!;
    const value = line.slice(1);
    const skip = (reason: string) => skipped.push({ line: n + 1, text: line, reason });
    if (id === 'p') {
      if (!/^\d+$/.test(value)) {
        skip('pid is not a number');
        process = null;
        continue;
      }
      process = { pid: Number(value), command: null, uid: null, login: null, files: [] };
      processes.push(process);
      file = null;
      continue;
    }
    if (process === null) {
      // A field before any `p` (or after a bad one) has no process to belong to.
      if (id !== '#') skip('field outside a process set');
      continue;
    }
    if (id === 'f') {
      file = { fd: value, type: null, protocol: null, name: null, tcpState: null };
      process.files.push(file);
      continue;
    }
    if (file === null) {
      if (id === 'c') process.command = value;
      else if (id === 'u' && /^\d+$/.test(value)) process.uid = Number(value);
      else if (id === 'L') process.login = value;
      // R (ppid), g (pgid) and others are not needed.
      continue;
    }
    if (id === 't') file.type = value;
    else if (id === 'P') file.protocol = value;
    else if (id === 'n') file.name = value;
    else if (id === 'T' && value.startsWith('ST=')) file.tcpState = value.slice(3);
  }
  return { processes, skipped };
}

/**
 * The TCP and UDP sockets of parsed field output. A socket shared by several processes (fork,
 * SO_REUSEPORT) appears once per process: they are merged into one record with every owner, since
 * lsof gives no socket identity in these fields.
 */
export function lsofSocketRecords(processes: readonly LsofProcess[]): { records: SocketRecord[]; skipped: SkippedLine[] } {
  const byIdentity = new Map<string, SocketRecord>();
  const skipped: SkippedLine[] = [];
  for (const process of processes) {
    for (const file of process.files) {
      if (file.type !== 'IPv4' && file.type !== 'IPv6') continue;
      const protocol = file.protocol?.toLowerCase();
      if ((protocol !== 'tcp' && protocol !== 'udp') || file.name === null) continue;
      const family = file.type === 'IPv4' ? 4 : 6;
      const [localText, remoteText] = file.name.split('->');
      const local = parseEndpointText(localText ?? '');
      const remote = remoteText === undefined ? null : parseEndpointText(remoteText);
      if (local === null || local.port === null || (remoteText !== undefined && remote === null)) {
        skipped.push({ line: 0, text: `p${process.pid} f${file.fd} n${file.name}`, reason: 'address:port malformed' });
        continue;
      }
      const localAddress = local.address ?? (family === 4 ? '0.0.0.0' : '::');
      const state = protocol === 'tcp' ? (file.tcpState === null ? 'UNKNOWN' : tcpStateFromName(file.tcpState)) : null;
      const remoteAddress = remote?.address ?? null;
      const remotePort = remote?.port ?? null;
      const identity = [protocol, family, localAddress, local.port, remoteAddress, remotePort, state].join('|');
      const fd = /^\d+$/.test(file.fd) ? Number(file.fd) : null;
      const owner = { pid: process.pid, name: process.command, fd };
      const existing = byIdentity.get(identity);
      if (existing) {
        if (!existing.owners.some((o) => o.pid === process.pid)) existing.owners.push(owner);
        continue;
      }
      byIdentity.set(identity, {
        protocol,
        family,
        localAddress,
        localPort: local.port,
        remoteAddress: remoteAddress === null || remotePort === null ? null : remoteAddress,
        remotePort: remoteAddress === null || remotePort === null ? null : remotePort,
        state,
        inode: null,
        uid: process.uid,
        owners: [owner],
      });
    }
  }
  return { records: [...byIdentity.values()], skipped };
}
