import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProcNet } from '../../src/local/proc-net-parser.js';
import { fixture } from './load-fixture.js';

const LE = 'LE' as const;

test('captured /proc/net/tcp: listeners, an established pair and a half-closed pair on loopback', () => {
  const { records, skipped } = parseProcNet(fixture('proc-net-tcp.txt'), { protocol: 'tcp', family: 4, endianness: LE });
  assert.deepEqual(skipped, []);
  const listener = records.find((r) => r.localPort === 47001 && r.state === 'LISTENING');
  assert.ok(listener);
  assert.equal(listener.localAddress, '127.0.0.1');
  assert.equal(listener.remoteAddress, null);
  assert.equal(listener.remotePort, null);
  assert.equal(listener.uid, 0);
  assert.ok(listener.inode !== null && listener.inode > 0);
  const established = records.filter((r) => r.state === 'ESTABLISHED' && (r.localPort === 47001 || r.remotePort === 47001));
  assert.equal(established.length, 2);
  const client = established.find((r) => r.remotePort === 47001)!;
  const server = established.find((r) => r.localPort === 47001)!;
  assert.equal(client.localPort, server.remotePort);
  assert.equal(client.remoteAddress, '127.0.0.1');
  // The server closed first: its end waits in FIN WAIT 2, the client's in CLOSE WAIT.
  assert.equal(records.find((r) => r.localPort === 47004 && r.remotePort !== null)?.state, 'FIN WAIT 2');
  assert.equal(records.find((r) => r.remotePort === 47004)?.state, 'CLOSE WAIT');
  assert.ok(records.every((r) => r.protocol === 'tcp' && r.family === 4));
});

test('captured /proc/net/tcp6: wildcard and ::1 listeners', () => {
  const { records } = parseProcNet(fixture('proc-net-tcp6.txt'), { protocol: 'tcp', family: 6, endianness: LE });
  const dual = records.find((r) => r.localPort === 47002)!;
  assert.equal(dual.localAddress, '::');
  assert.equal(dual.state, 'LISTENING');
  assert.equal(records.find((r) => r.localPort === 47003)?.localAddress, '::1');
});

test('captured /proc/net/udp and udp6: UDP has no state, a connected socket keeps its peer', () => {
  const udp = parseProcNet(fixture('proc-net-udp.txt'), { protocol: 'udp', family: 4, endianness: LE }).records;
  const bound = udp.find((r) => r.localPort === 47005)!;
  assert.equal(bound.state, null);
  assert.equal(bound.remoteAddress, null);
  const connected = udp.find((r) => r.remotePort === 47005)!;
  assert.equal(connected.remoteAddress, '127.0.0.1');
  assert.equal(connected.state, null);
  const udp6 = parseProcNet(fixture('proc-net-udp6.txt'), { protocol: 'udp', family: 6, endianness: LE }).records;
  assert.equal(udp6.find((r) => r.localPort === 47006)?.localAddress, '::1');
});

test('a TIME WAIT line (inode 0) has no inode and no uid', () => {
  const text =
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n' +
    '   0: 0100007F:B799 0100007F:E648 06 00000000:00000000 03:00000F9E 00000000     0        0 0 3 0000000000000000\n';
  const [record] = parseProcNet(text, { protocol: 'tcp', family: 4, endianness: LE }).records;
  assert.equal(record?.state, 'TIME WAIT');
  assert.equal(record?.inode, null);
  assert.equal(record?.uid, null);
});

test('big-endian hosts print addresses in network order', () => {
  const text = 'header\n   0: 7F000001:0050 0A000002:C000 01 00000000:00000000 00:00000000 00000000  1000        0 77 1\n';
  const [record] = parseProcNet(text, { protocol: 'tcp', family: 4, endianness: 'BE' }).records;
  assert.equal(record?.localAddress, '127.0.0.1');
  assert.equal(record?.localPort, 80);
  assert.equal(record?.remoteAddress, '10.0.0.2');
  assert.equal(record?.remotePort, 0xc000);
  assert.equal(record?.uid, 1000);
});

test('IPv4-mapped and link-local IPv6 addresses (LE words)', () => {
  const mapped = '0000000000000000FFFF00000100007F';
  const linkLocal = '000080FE00000000FF0000020300FEFF';
  const text = `h\n   0: ${mapped}:0016 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5 1\n` +
    `   1: ${linkLocal}:0017 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 6 1\n`;
  const records = parseProcNet(text, { protocol: 'tcp', family: 6, endianness: LE }).records;
  assert.equal(records[0]?.localAddress, '::ffff:127.0.0.1');
  // Words reversed byte by byte: fe80:0000 / 0000:0000 / 0200:00ff / fffe:0003 -> fe80::200:ff:fffe:3
  assert.equal(records[1]?.localAddress, 'fe80::200:ff:fffe:3');
});

test('the local-port filter keeps only that port', () => {
  const { records } = parseProcNet(fixture('proc-net-tcp.txt'), { protocol: 'tcp', family: 4, endianness: LE, localPort: 47004 });
  assert.ok(records.length >= 2);
  assert.ok(records.every((r) => r.localPort === 47004));
});

test('malformed lines are skipped and reported, the rest still parse', () => {
  const text =
    'header\n' +
    '   0: 0100007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 11 1\n' +
    '   1: ZZ00007F:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 12 1\n' +
    '   2: 0100007F:0050\n' +
    '   3: 0100007F:50 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 13 1\n';
  const { records, skipped } = parseProcNet(text, { protocol: 'tcp', family: 4, endianness: LE });
  assert.equal(records.length, 1);
  assert.deepEqual(skipped.map((s) => s.line), [3, 4, 5]);
});
