import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProcNet } from '../../src/local/proc-net-parser.js';
import { baseSocketKey } from '../../src/local/socket-key.js';
import type { SocketRecord } from '../../src/local/socket-record.js';
import { parseSs } from '../../src/local/ss-parser.js';
import { fixture } from './load-fixture.js';

const CAPTURE_PORTS = new Set([47001, 47002, 47003, 47004, 47005, 47006]);
const ofCapture = (r: SocketRecord) => CAPTURE_PORTS.has(r.localPort) || CAPTURE_PORTS.has(r.remotePort ?? 0);
const keyOf = (r: SocketRecord) => `${baseSocketKey(r)} ${r.state}`;

function procRecords(): SocketRecord[] {
  return (['tcp', 'tcp6', 'udp', 'udp6'] as const).flatMap((file) =>
    parseProcNet(fixture(`proc-net-${file}.txt`), {
      protocol: file.startsWith('tcp') ? 'tcp' : 'udp',
      family: file.endsWith('6') ? 6 : 4,
      endianness: 'LE',
    }).records,
  );
}

test('captured ss -tunap: states, owners, the dual-stack `*` and the v6-only `[::]`', () => {
  const { records, skipped } = parseSs(fixture('ss-tunap.txt'));
  assert.deepEqual(skipped, []);
  const listener = records.find((r) => r.localPort === 47001 && r.state === 'LISTENING')!;
  assert.equal(listener.owners.length, 1);
  const pid = listener.owners[0]!.pid;
  assert.equal(listener.owners[0]!.name, 'node');
  const dual = records.find((r) => r.localPort === 47002)!;
  assert.deepEqual([dual.family, dual.localAddress, dual.remoteAddress], [6, '::', null]);
  const v6only = records.find((r) => r.localPort === 47003)!;
  assert.deepEqual([v6only.family, v6only.localAddress, v6only.remoteAddress], [6, '::1', null]);
  assert.equal(records.find((r) => r.localPort === 47005)?.state, null);
  assert.equal(records.find((r) => r.remotePort === 47004)?.state, 'CLOSE WAIT');
  assert.ok(records.filter(ofCapture).every((r) => r.owners.every((o) => o.pid === pid)));
  // Without -e there is no uid or inode.
  assert.ok(records.every((r) => r.uid === null && r.inode === null));
  // The socket nobody in this PID namespace holds has no users: field.
  assert.ok(records.some((r) => r.owners.length === 0 && r.state === 'LISTENING'));
});

test('captured ss -tunape: inode and uid (uid 0 is implied by ino:)', () => {
  const { records } = parseSs(fixture('ss-tunape.txt'));
  const listener = records.find((r) => r.localPort === 47001 && r.state === 'LISTENING')!;
  assert.ok(listener.inode !== null && listener.inode > 0);
  assert.equal(listener.uid, 0);
});

test('ss and /proc/net captured together list the same sockets of the capturing process', () => {
  const fromSs = parseSs(fixture('ss-tunape.txt')).records.filter(ofCapture);
  const fromProc = procRecords().filter(ofCapture);
  assert.ok(fromProc.length >= 10);
  assert.deepEqual(fromSs.map(keyOf).sort(), fromProc.map(keyOf).sort());
  // The inodes agree too.
  const procInodes = new Map(fromProc.map((r) => [keyOf(r), r.inode]));
  for (const r of fromSs) assert.equal(r.inode, procInodes.get(keyOf(r)), keyOf(r));
});

test('ss: zones, several owners, uid, TIME-WAIT and odd lines', () => {
  const text = [
    'Netid State      Recv-Q Send-Q      Local Address:Port   Peer Address:PortProcess',
    'udp   UNCONN     0      0      127.0.0.53%lo:53          0.0.0.0:*    users:(("systemd-resolve",pid=519,fd=13)) uid:990 ino:2201 sk:1',
    'udp   UNCONN     0      0      [fe80::5054:ff:fe12:3456]%eth0:546 [::]:* users:(("systemd-network",pid=480,fd=20)) uid:998 ino:2202 sk:2',
    'tcp   LISTEN     0      511    0.0.0.0:80     0.0.0.0:*    users:(("nginx",pid=1002,fd=6),("nginx",pid=1001,fd=6)) ino:3000 sk:3',
    'tcp   TIME-WAIT  0      0      10.0.0.5:80    10.0.0.9:51000   timer:(timewait,51sec,0) ino:0 sk:4',
    'tcp   SYN-SENT   0      1      [::ffff:10.0.0.5]:40000 [::ffff:10.0.0.1]:443 users:(("curl",pid=77,fd=5)) uid:1000 ino:3001',
    'u_str ESTAB      0      0      * 1234 * 1235',
    'tcp   ESTAB      0      0      nonsense',
  ].join('\n');
  const { records, skipped } = parseSs(text);
  assert.equal(records.length, 5);
  assert.equal(skipped.length, 2);
  const [resolved, dhcp, nginx, timeWait, curl] = records;
  assert.deepEqual([resolved!.localAddress, resolved!.family, resolved!.uid], ['127.0.0.53%lo', 4, 990]);
  assert.deepEqual([dhcp!.localAddress, dhcp!.family], ['fe80::5054:ff:fe12:3456%eth0', 6]);
  assert.deepEqual(nginx!.owners.map((o) => o.pid), [1002, 1001]);
  assert.equal(nginx!.uid, 0);
  assert.deepEqual([timeWait!.state, timeWait!.inode, timeWait!.uid, timeWait!.owners.length], ['TIME WAIT', null, null, 0]);
  assert.deepEqual([curl!.state, curl!.localAddress, curl!.remoteAddress, curl!.remotePort], ['SYN SENT', '::ffff:10.0.0.5', '::ffff:10.0.0.1', 443]);
});
