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

const HEX = /^[0-9A-Fa-f]+$/;

/** The bytes of one address field (8 hex digits for IPv4, 32 for IPv6), or null when malformed. */
function decodeAddressBytes(hex: string, family: IpFamily, endianness: 'LE' | 'BE'): Uint8Array | null {
  const length = family === 4 ? 8 : 32;
  if (hex.length !== length || !HEX.test(hex)) return null;
  const bytes = new Uint8Array(length / 2);
  for (let word = 0; word < length / 8; word++) {
    for (let i = 0; i < 4; i++) {
      // Byte i of the word in memory sits at hex digits (3 - i) on a little-endian host.
      const digit = endianness === 'LE' ? (3 - i) * 2 : i * 2;
      bytes[word * 4 + i] = parseInt(hex.slice(word * 8 + digit, word * 8 + digit + 2), 16);
    }
  }
  return bytes;
}

function formatAddress(bytes: Uint8Array, family: IpFamily): string {
  return family === 4 ? `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}` : formatIpv6(bytes);
}

export function parseProcNet(text: string, options: ProcNetOptions): ProcNetResult {
  const { protocol, family, endianness } = options;
  const records: SocketRecord[] = [];
  const skipped: SkippedLine[] = [];
  const portSuffix =
    options.localPort === undefined ? null : `:${options.localPort.toString(16).toUpperCase().padStart(4, '0')}`;
  const lines = text.split('\n');
  // Line 1 is the column header.
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.length === 0) continue;
    const fields = line.trim().split(/\s+/);
    const skip = (reason: string) => skipped.push({ line: n + 1, text: line, reason });
    if (fields.length < 10) {
      skip(`expected at least 10 fields, found ${fields.length}`);
      continue;
    }
    const [, local, remote, st, , , , uidText, , inodeText] = fields as [
      string, string, string, string, string, string, string, string, string, string,
    ];
    if (portSuffix !== null && !local.endsWith(portSuffix)) continue;
    const [localHex, localPortHex] = local.split(':');
    const [remoteHex, remotePortHex] = remote.split(':');
    const localBytes = decodeAddressBytes(localHex ?? '', family, endianness);
    const remoteBytes = decodeAddressBytes(remoteHex ?? '', family, endianness);
    if (localBytes === null || remoteBytes === null) {
      skip('address is not the expected hex word(s)');
      continue;
    }
    if (!/^[0-9A-F]{4}$/i.test(localPortHex ?? '') || !/^[0-9A-F]{4}$/i.test(remotePortHex ?? '')) {
      skip('port is not 4 hex digits');
      continue;
    }
    if (!/^[0-9A-F]{2}$/i.test(st) || !/^\d+$/.test(uidText) || !/^\d+$/.test(inodeText)) {
      skip('state, uid or inode malformed');
      continue;
    }
    const remotePort = parseInt(remotePortHex!, 16);
    const remoteIsNone = remotePort === 0 && remoteBytes.every((b) => b === 0);
    const inode = Number(inodeText);
    const state = protocol === 'tcp' ? tcpStateFromKernel(parseInt(st, 16)) : null;
    records.push({
      protocol,
      family,
      localAddress: formatAddress(localBytes, family),
      localPort: parseInt(localPortHex!, 16),
      remoteAddress: remoteIsNone ? null : formatAddress(remoteBytes, family),
      remotePort: remoteIsNone ? null : remotePort,
      // UDP reuses the TCP numbering (7 unconnected, 1 connected) but has no state to show.
      state,
      // inode 0: no struct socket any more (TIME WAIT, orphaned ends) so no process can hold it.
      inode: inode === 0 ? null : inode,
      // get_timewait4_sock prints a constant 0 for the uid: it is no one's.
      uid: state === 'TIME WAIT' ? null : Number(uidText),
      owners: [],
    });
  }
  return { records, skipped };
}
