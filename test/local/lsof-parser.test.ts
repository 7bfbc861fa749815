import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lsofSocketRecords, parseLsofFields } from '../../src/local/lsof-parser.js';
import { parseProcNet } from '../../src/local/proc-net-parser.js';
import { baseSocketKey } from '../../src/local/socket-key.js';
import type { SocketRecord } from '../../src/local/socket-record.js';
import { fixture } from './load-fixture.js';

const keyOf = (r: SocketRecord) => `${baseSocketKey(r)} ${r.state}`;

test('captured Linux lsof -F: the capturing process and its sockets', () => {
  const fields = parseLsofFields(fixture('lsof-linux.txt'));
  assert.deepEqual(fields.skipped, []);
  const capture = fields.processes.find((p) => p.files.some((f) => f.name === '127.0.0.1:47001'))!;
  assert.equal(capture.command, 'node');
  assert.equal(capture.uid, 0);
  assert.equal(capture.login, 'root');
  const { records } = lsofSocketRecords([capture]);
  const dual = records.find((r) => r.localPort === 47002)!;
  assert.deepEqual([dual.family, dual.localAddress], [6, '::']);
  assert.equal(records.find((r) => r.remotePort === 47004)?.state, 'CLOSE WAIT');
  assert.equal(records.find((r) => r.localPort === 47004 && r.remotePort !== null)?.state, 'FIN WAIT 2');
  assert.equal(records.find((r) => r.localPort === 47005)?.state, null);
  // Same sockets as /proc/net captured in the same run (dual-stack listener aside: lsof names it `*`).
  const proc = (['tcp', 'tcp6', 'udp', 'udp6'] as const).flatMap((file) =>
    parseProcNet(fixture(`proc-net-${file}.txt`), {
      protocol: file.startsWith('tcp') ? 'tcp' : 'udp',
      family: file.endsWith('6') ? 6 : 4,
      endianness: 'LE',
    }).records,
  );
  const ports = new Set([47001, 47002, 47003, 47004, 47005, 47006]);
  const fromProc = proc.filter((r) => ports.has(r.localPort) || ports.has(r.remotePort ?? 0)).map(keyOf).sort();
  assert.deepEqual(records.map(keyOf).sort(), fromProc);
});

test('macOS lsof -F fixture: BSD state names, IPv6 peers, a listener shared by two processes', () => {
  const fields = parseLsofFields(fixture('lsof-macos.txt'));
  assert.equal(fields.processes.length, 5);
  assert.equal(fields.processes.find((p) => p.pid === 1337)?.command, 'Google Chrome Helper');
  const { records } = lsofSocketRecords(fields.processes);
  const mdns = records.find((r) => r.localPort === 5353)!;
  assert.deepEqual([mdns.protocol, mdns.family, mdns.localAddress, mdns.state], ['udp', 6, '::', null]);
  const v6 = records.find((r) => r.localPort === 52146)!;
  assert.deepEqual([v6.state, v6.localAddress, v6.remoteAddress, v6.remotePort], ['CLOSE WAIT', '2a01:e0a:1:2::5', '2a00:1450:4007:80b::200e', 443]);
  const shared = records.filter((r) => r.localPort === 8080 && r.state === 'LISTENING');
  assert.equal(shared.length, 1);
  assert.deepEqual(shared[0]!.owners.map((o) => o.pid), [2001, 2002]);
  assert.equal(records.find((r) => r.remotePort === 50001)?.state, 'FIN WAIT 2');
  assert.equal(records.filter((r) => r.localPort === 7000).length, 2);
});

test('lsof: fields before any process and bad pids are reported, not fatal', () => {
  const fields = parseLsofFields('f3\nnjunk\npabc\nf4\np12\ncsshd\nf3\ntIPv4\nPTCP\nn*:22\nTST=LISTEN\nf4\ntIPv4\nPTCP\nn10.0.0.1:bad\n');
  assert.equal(fields.processes.length, 1);
  assert.equal(fields.skipped.length, 4);
  const { records, skipped } = lsofSocketRecords(fields.processes);
  assert.equal(records.length, 1);
  assert.equal(records[0]!.localAddress, '0.0.0.0');
  assert.equal(skipped.length, 1);
});
