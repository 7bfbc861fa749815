/**
 * Parser for Windows `netstat -ano` (the Windows socket table). Shape, as documented for
 * netstat's -a, -n and -o switches (columns: Proto, Local Address, Foreign Address, State, PID;
 * UDP rows leave State empty):
 *
 *   Active Connections
 *
 *     Proto  Local Address          Foreign Address        State           PID
 *     TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       952
 *     TCP    [::]:135               [::]:0                 LISTENING       952
 *     UDP    [fe80::8d2:1f0a:1b3c:9e21%12]:1900  *:*                       3468
 *
 * Rows are recognised by their first word (TCP/UDP), not by the header, whose words Windows
 * translates. A translated state (German `ABHÖREN`) is kept as UNKNOWN rather than guessed.
 * PID 0 owns the TIME WAIT ends that no process holds any more.
 */
import { parseEndpointText } from './endpoint-text.js';
import { addressFamily } from './ip-address.js';
import type { SkippedLine } from './local-error.js';
import type { SocketRecord } from './socket-record.js';
import { tcpStateFromName } from './tcp-state.js';

export function parseNetstat(text: string): { records: SocketRecord[]; skipped: SkippedLine[] } {
  const records: SocketRecord[] = [];
  const skipped: SkippedLine[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const fields = line.trim().split(/\s+/);
    const proto = fields[0]?.toUpperCase();
    if (proto !== 'TCP' && proto !== 'UDP' && proto !== 'TCPV6' && proto !== 'UDPV6') return;
    const skip = (reason: string) => skipped.push({ line: index + 1, text: line, reason });
    const protocol = proto.startsWith('TCP') ? 'tcp' : 'udp';
    const minimum = protocol === 'tcp' ? 5 : 4;
    const pidText = fields[fields.length - 1]!;
    if (fields.length < minimum || !/^\d+$/.test(pidText)) {
      skip(`expected ${minimum} columns ending in a PID`);
      return;
    }
    const local = parseEndpointText(fields[1]!);
    const remote = parseEndpointText(fields[2]!);
    if (local === null || local.address === null || local.port === null || remote === null) {
      skip('local or foreign address:port malformed');
      return;
    }
    const family = addressFamily(local.address);
    if (family === null) {
      skip(`unknown address family for ${local.address}`);
      return;
    }
    // netstat writes "no peer" as 0.0.0.0:0 / [::]:0 (TCP) or *:* (UDP).
    const remoteIsNone =
      remote.address === null || remote.port === null || (remote.port === 0 && /^(0\.0\.0\.0|::)$/.test(remote.address));
    const pid = Number(pidText);
    records.push({
      protocol,
      family,
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: remoteIsNone ? null : remote.address,
      remotePort: remoteIsNone ? null : remote.port,
      state: protocol === 'tcp' ? tcpStateFromName(fields.slice(3, -1).join(' ')) : null,
      inode: null,
      uid: null,
      owners: pid === 0 ? [] : [{ pid, name: null, fd: null }],
    });
  });
  return { records, skipped };
}
