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

/** Reads a whole hex field; NaN when any character is not a hex digit. */
function hexValue(text: string): number {
  return text.length === 0 ? Number.NaN : Number(`0x${text}`);
}

/**
 * The bytes of one address field (8 hex digits for IPv4, 32 for IPv6), or null when malformed.
 * Each 32-bit word is the raw network-order value printed as a host-order integer.
 */
function decodeAddressBytes(hex: string, family: IpFamily, endianness: 'LE' | 'BE'): Uint8Array | null {
  const bytes = new Uint8Array(family === 4 ? 4 : 16);
  for (let word = 0; word < bytes.length / 4; word++) {
    const value = hexValue(hex.slice(word * 8, word * 8 + 8));
    if (Number.isNaN(value)) return null;
    for (let i = 0; i < 4; i++) {
      // On a little-endian host the first byte in memory is the lowest of the printed value.
      const shift = endianness === 'LE' ? i * 8 : (3 - i) * 8;
      bytes[word * 4 + i] = (value >>> shift) & 0xff;
    }
  }
  return bytes;
}

function formatAddress(bytes: Uint8Array, family: IpFamily): string {
  return family === 4 ? `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}` : formatIpv6(bytes);
}

const SPACE = 32;

/** Index of the first non-space at or after `from`. */
function skipSpaces(line: string, from: number): number {
  let i = from;
  while (i < line.length && line.charCodeAt(i) === SPACE) i++;
  return i;
}

/** Index just after the token that starts at `from`. */
function tokenEnd(line: string, from: number): number {
  let i = from;
  while (i < line.length && line.charCodeAt(i) !== SPACE) i++;
  return i;
}

export function parseProcNet(text: string, options: ProcNetOptions): ProcNetResult {
  const { protocol, family, endianness } = options;
  const records: SocketRecord[] = [];
  const skipped: SkippedLine[] = [];
  const wantedPort =
    options.localPort === undefined ? null : options.localPort.toString(16).toUpperCase().padStart(4, '0');
  // Tables of many sockets repeat a few addresses: decode each spelling once.
  const addresses = new Map<string, string | null>();
  const address = (hex: string): string | null => {
    let text = addresses.get(hex);
    if (text === undefined) {
      const bytes = decodeAddressBytes(hex, family, endianness);
      text = bytes === null ? null : formatAddress(bytes, family);
      addresses.set(hex, text);
    }
    return text;
  };
  const hexLength = family === 4 ? 8 : 32;
  const lines = text.split('\n');
  // Line 1 is the column header. The fields have fixed widths after `sl:` (the seq_printf
  // formats "%08X:%04X %08X:%04X %02X ..."), so they are cut by position, not split: tables of
  // ten thousand sockets are common and this runs on every watch tick.
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.length === 0) continue;
    const skip = (reason: string) => skipped.push({ line: n + 1, text: line, reason });
    const local = line.indexOf(':') + 2;
    const localPortAt = local + hexLength + 1;
    const remote = localPortAt + 5;
    const remotePortAt = remote + hexLength + 1;
    const stateAt = remotePortAt + 5;
    if (
      local < 2 ||
      line.length < stateAt + 2 ||
      line.charCodeAt(localPortAt - 1) !== 58 || // ':'
      line.charCodeAt(remotePortAt - 1) !== 58 ||
      line.charCodeAt(remote - 1) !== SPACE ||
      line.charCodeAt(stateAt - 1) !== SPACE
    ) {
      skip('fields not where the kernel puts them');
      continue;
    }
    const localPortHex = line.slice(localPortAt, localPortAt + 4);
    if (wantedPort !== null && localPortHex.toUpperCase() !== wantedPort) continue;
    const localAddress = address(line.slice(local, local + hexLength));
    const remoteHex = line.slice(remote, remote + hexLength);
    const remoteAddress = address(remoteHex);
    const localPort = hexValue(localPortHex);
    const remotePort = hexValue(line.slice(remotePortAt, remotePortAt + 4));
    const st = hexValue(line.slice(stateAt, stateAt + 2));
    if (localAddress === null || remoteAddress === null) {
      skip('address is not the expected hex word(s)');
      continue;
    }
    if (Number.isNaN(localPort) || Number.isNaN(remotePort) || Number.isNaN(st)) {
      skip('port or state is not hex');
      continue;
    }
    // After st: tx_queue:rx_queue, tr:tm->when, retrnsmt, then uid, timeout, inode.
    let at = stateAt + 2;
    const tokens: string[] = [];
    while (tokens.length < 6) {
      const start = skipSpaces(line, at);
      if (start >= line.length) break;
      at = tokenEnd(line, start);
      tokens.push(line.slice(start, at));
    }
    const uid = Number(tokens[3]);
    const inode = Number(tokens[5]);
    if (tokens.length < 6 || !Number.isInteger(uid) || !Number.isInteger(inode) || uid < 0 || inode < 0) {
      skip('uid or inode missing or malformed');
      continue;
    }
    const remoteIsNone = remotePort === 0 && /^0+$/.test(remoteHex);
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
