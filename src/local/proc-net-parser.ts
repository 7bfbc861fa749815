/**
 * Parser for Linux's /proc/net/{tcp,tcp6,udp,udp6}. The layout is fixed by the kernel's seq_file
 * printers (net/ipv4/tcp_ipv4.c get_tcp4_sock, net/ipv6/tcp_ipv6.c get_tcp6_sock,
 * net/ipv4/udp.c udp4_format_sock, net/ipv6/datagram.c __ip6_dgram_sock_seq_show):
 *
 *   sl  local_address rem_address   st tx_queue:rx_queue tr:tm->when retrnsmt   uid  timeout inode ...
 *    0: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1214 ...
 *
 * Addresses are the raw network-order words printed with %08X, so on a little-endian host each
 * 32-bit word reads byte-reversed (0100007F is 127.0.0.1); ports are host order (%04X).
 */
import type { SkippedLine } from './local-error.js';
import { formatIpv6 } from './ip-address.js';
import type { SocketRecord } from './socket-record.js';
import { tcpStateFromKernel } from './tcp-state.js';
import type { IpFamily, SocketProtocol } from './types.js';

export interface ProcNetOptions {
  protocol: SocketProtocol;
  family: IpFamily;
  /** Byte order of the host that produced the text (os.endianness()). */
  endianness: 'LE' | 'BE';
  /** Keep only sockets with this local port (checked before the rest of the line is decoded). */
  localPort?: number;
}

export interface ProcNetResult {
  records: SocketRecord[];
  skipped: SkippedLine[];
}

/** Value of `count` hex digits of `text` from `at`; NaN when any is not a hex digit. */
function hexAt(text: string, at: number, count: number): number {
  if (at + count > text.length) return Number.NaN;
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (digit < 0) return Number.NaN;
    value = value * 16 + digit;
  }
  return value;
}

/** The 4 bytes in memory order of one printed 32-bit word (see the header comment). */
function wordBytes(value: number, endianness: 'LE' | 'BE', into: Uint8Array, at: number): void {
  for (let i = 0; i < 4; i++) {
    // On a little-endian host the first byte in memory is the lowest of the printed value.
    const shift = endianness === 'LE' ? i * 8 : (3 - i) * 8;
    into[at + i] = Math.floor(value / 2 ** shift) & 0xff;
  }
}

const SPACE = 32;
const COLON = 58;

export function parseProcNet(text: string, options: ProcNetOptions): ProcNetResult {
  const { protocol, family, endianness } = options;
  const records: SocketRecord[] = [];
  const skipped: SkippedLine[] = [];
  const wantedPort = options.localPort ?? null;
  const hexLength = family === 4 ? 8 : 32;
  // Tables of many sockets repeat a few addresses: decode each spelling once (IPv4 keyed by its
  // printed value, IPv6 by its text).
  const v4Addresses = new Map<number, string>();
  const v6Addresses = new Map<string, string | null>();
  const bytes = new Uint8Array(hexLength / 2);
  const address = (at: number): string | null => {
    if (family === 4) {
      const value = hexAt(text, at, 8);
      if (Number.isNaN(value)) return null;
      let formatted = v4Addresses.get(value);
      if (formatted === undefined) {
        wordBytes(value, endianness, bytes, 0);
        formatted = `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
        v4Addresses.set(value, formatted);
      }
      return formatted;
    }
    const hex = text.slice(at, at + 32);
    let formatted = v6Addresses.get(hex);
    if (formatted === undefined) {
      formatted = null;
      let valid = true;
      for (let word = 0; word < 4 && valid; word++) {
        const value = hexAt(hex, word * 8, 8);
        if (Number.isNaN(value)) valid = false;
        else wordBytes(value, endianness, bytes, word * 4);
      }
      if (valid) formatted = formatIpv6(bytes);
      v6Addresses.set(hex, formatted);
    }
    return formatted;
  };
  const skip = (lineNumber: number, from: number, to: number, reason: string) =>
    skipped.push({ line: lineNumber, text: text.slice(from, to), reason });
  // The fields have fixed widths after `sl:` (the seq_printf formats "%08X:%04X %08X:%04X %02X
  // ..."), so they are read in place by position: tables of ten thousand sockets are common and
  // this runs on every watch tick. Line 1 is the column header.
  let lineNumber = 1;
  let start = text.indexOf('\n') + 1;
  while (start > 0 && start < text.length) {
    lineNumber++;
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const lineStart = start;
    start = end + 1;
    if (end === lineStart) continue;
    const colon = text.indexOf(':', lineStart);
    const local = colon + 2;
    const localPortAt = local + hexLength + 1;
    const remote = localPortAt + 5;
    const remotePortAt = remote + hexLength + 1;
    const stateAt = remotePortAt + 5;
    if (
      colon < 0 ||
      stateAt + 2 > end ||
      text.charCodeAt(localPortAt - 1) !== COLON ||
      text.charCodeAt(remotePortAt - 1) !== COLON ||
      text.charCodeAt(remote - 1) !== SPACE ||
      text.charCodeAt(stateAt - 1) !== SPACE
    ) {
      skip(lineNumber, lineStart, end, 'fields not where the kernel puts them');
      continue;
    }
    const localPort = hexAt(text, localPortAt, 4);
    if (wantedPort !== null && localPort !== wantedPort) continue;
    const remotePort = hexAt(text, remotePortAt, 4);
    const st = hexAt(text, stateAt, 2);
    const localAddress = address(local);
    const remoteAddress = address(remote);
    if (localAddress === null || remoteAddress === null) {
      skip(lineNumber, lineStart, end, 'address is not the expected hex word(s)');
      continue;
    }
    if (Number.isNaN(localPort) || Number.isNaN(remotePort) || Number.isNaN(st)) {
      skip(lineNumber, lineStart, end, 'port or state is not hex');
      continue;
    }
    // After st: tx_queue:rx_queue, tr:tm->when, retrnsmt, then uid, timeout, inode (decimal).
    let at = stateAt + 2;
    let uid = -1;
    let inode = -1;
    for (let field = 0; field < 6; field++) {
      while (at < end && text.charCodeAt(at) === SPACE) at++;
      const fieldStart = at;
      let value = 0;
      let decimal = true;
      while (at < end && text.charCodeAt(at) !== SPACE) {
        const c = text.charCodeAt(at);
        if (c < 48 || c > 57) decimal = false;
        else value = value * 10 + (c - 48);
        at++;
      }
      if (at === fieldStart) break;
      if (field === 3) uid = decimal ? value : -1;
      if (field === 5) inode = decimal ? value : -1;
    }
    if (uid < 0 || inode < 0) {
      skip(lineNumber, lineStart, end, 'uid or inode missing or malformed');
      continue;
    }
    const remoteIsNone = remotePort === 0 && (remoteAddress === '0.0.0.0' || remoteAddress === '::');
    const state = protocol === 'tcp' ? tcpStateFromKernel(st) : null;
    records.push({
      protocol,
      family,
      localAddress,
      localPort,
      remoteAddress: remoteIsNone ? null : remoteAddress,
      remotePort: remoteIsNone ? null : remotePort,
      // UDP reuses the TCP numbering (7 unconnected, 1 connected) but has no state to show.
      state,
      // inode 0: no struct socket any more (TIME WAIT, orphaned ends) so no process can hold it.
      inode: inode === 0 ? null : inode,
      // get_timewait4_sock prints a constant 0 for the uid: it is no one's.
      uid: state === 'TIME WAIT' ? null : uid,
      owners: [],
    });
  }
  return { records, skipped };
}
