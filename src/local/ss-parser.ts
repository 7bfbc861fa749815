/**
 * Parser for `ss -tunap` (and `ss -tunape`) from iproute2, the Linux fallback when /proc/net cannot
 * be read. Shape (iproute2 misc/ss.c; see the captured fixtures):
 *
 *   Netid State      Recv-Q Send-Q Local Address:Port  Peer Address:Port Process
 *   tcp   LISTEN     0      511        127.0.0.1:47001      0.0.0.0:*     users:(("node",pid=11379,fd=19))
 *   tcp   LISTEN     0      511                *:47002            *:*     users:(("node",pid=11379,fd=20))
 *   udp   UNCONN     0      0              [::1]:47006         [::]:*     users:(("node",pid=11379,fd=28)) ino:38009 sk:1003 ...
 *
 * `*` as the local address is an IPv6 wildcard socket that also takes IPv4 (v6only off); a v6-only
 * one prints `[::]`. With -e, `uid:N` appears only for a non-zero uid and `ino:N` always.
 */
import { parseEndpointText } from './endpoint-text.js';
import { addressFamily } from './ip-address.js';
import type { SkippedLine } from './local-error.js';
import type { ReportedOwner, SocketRecord } from './socket-record.js';
import { tcpStateFromName } from './tcp-state.js';

export interface SsResult {
  records: SocketRecord[];
  skipped: SkippedLine[];
}

/** `users:(("name",pid=1,fd=3),("name",pid=2,fd=3))`: names are printed without escaping. */
function parseUsers(text: string): ReportedOwner[] {
  const owners: ReportedOwner[] = [];
  const entry = /\("(.*?)",pid=(\d+),fd=(\d+)\)/g;
  for (let m = entry.exec(text); m !== null; m = entry.exec(text)) {
    owners.push({ name: m[1]!, pid: Number(m[2]), fd: Number(m[3]) });
  }
  return owners;
}

export function parseSs(text: string): SsResult {
  const records: SocketRecord[] = [];
  const skipped: SkippedLine[] = [];
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.trim().length === 0 || line.startsWith('Netid')) continue;
    const skip = (reason: string) => skipped.push({ line: n + 1, text: line, reason });
    const fields = line.trim().split(/\s+/);
    const [netid, stateName, , , localText, peerText] = fields;
    if (netid !== 'tcp' && netid !== 'udp') {
      skip(`not a tcp or udp socket (${netid ?? 'empty'})`);
      continue;
    }
    const local = parseEndpointText(localText ?? '');
    const peer = parseEndpointText(peerText ?? '');
    if (local === null || peer === null || local.port === null) {
      skip('local or peer address:port malformed');
      continue;
    }
    // `*` is only printed for an IPv6 wildcard (dual-stack); an IPv4 wildcard prints 0.0.0.0.
    const localAddress = local.address ?? '::';
    const family = local.address === null ? 6 : addressFamily(localAddress);
    if (family === null) {
      skip(`unknown address family for ${localAddress}`);
      continue;
    }
    const rest = fields.slice(6).join(' ');
    const usersAt = rest.indexOf('users:(');
    const owners = usersAt < 0 ? [] : parseUsers(rest.slice(usersAt));
    const inode = /(?:^| )ino:(\d+)/.exec(rest);
    const uid = /(?:^| )uid:(\d+)/.exec(rest);
    const peerIsNone =
      peer.port === null || (peer.port === 0 && (peer.address === null || /^(0\.0\.0\.0|::)$/.test(peer.address)));
    const state = netid === 'tcp' ? tcpStateFromName(stateName ?? '') : null;
    records.push({
      protocol: netid,
      family,
      localAddress,
      localPort: local.port,
      remoteAddress: peerIsNone ? null : (peer.address ?? (family === 4 ? '0.0.0.0' : '::')),
      remotePort: peerIsNone ? null : peer.port,
      state,
      inode: inode && inode[1] !== '0' ? Number(inode[1]) : null,
      // -e omits uid 0; its presence is told by ino:, which -e always prints. A TIME WAIT end
      // belongs to no one.
      uid: state === 'TIME WAIT' ? null : uid ? Number(uid[1]) : inode ? 0 : null,
      owners,
    });
  }
  return { records, skipped };
}
