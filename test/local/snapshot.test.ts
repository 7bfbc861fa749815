import { test } from 'node:test';
import assert from 'node:assert/strict';
import { portStatistics } from '../../src/local/port-statistics.js';
import { assignSocketKeys, baseSocketKey } from '../../src/local/socket-key.js';
import { diffSnapshots, isEmptyDiff } from '../../src/local/snapshot-diff.js';
import { tcpStateFromKernel, tcpStateFromName } from '../../src/local/tcp-state.js';
import { fakeProcess, snapshotOf } from './make-snapshot.js';

test('state names from every source meet in PortQry spelling', () => {
  assert.equal(tcpStateFromKernel(0x0a), 'LISTENING');
  assert.equal(tcpStateFromKernel(0x06), 'TIME WAIT');
  assert.equal(tcpStateFromKernel(0x0c), 'SYN RECEIVED');
  assert.equal(tcpStateFromKernel(0x99), 'UNKNOWN');
  for (const name of ['FIN-WAIT-1', 'FIN_WAIT1', 'FIN_WAIT_1', 'fin wait 1']) assert.equal(tcpStateFromName(name), 'FIN WAIT 1');
  for (const name of ['CLOSE-WAIT', 'CLOSE_WAIT']) assert.equal(tcpStateFromName(name), 'CLOSE WAIT');
  assert.equal(tcpStateFromName('SYN_RCVD'), 'SYN RECEIVED');
  assert.equal(tcpStateFromName('ESTAB'), 'ESTABLISHED');
  assert.equal(tcpStateFromName('DELETE_TCB'), 'DELETE TCB');
});

test('snapshot: sorted by protocol and port, processes filled in, filters by port and pid', () => {
  const specs = [
    { proto: 'udp' as const, local: '0.0.0.0:53', pid: 7 },
    { local: '0.0.0.0:80', pid: 9 },
    { local: '10.0.0.1:80', remote: '10.0.0.9:5000', state: 'ESTABLISHED' as const, pid: 9 },
    { local: '[::]:22', pid: 1 },
  ];
  const procs = [fakeProcess(1, 'sshd'), fakeProcess(7, 'dnsmasq'), fakeProcess(9, 'nginx')];
  const snap = snapshotOf(specs, procs);
  assert.deepEqual(snap.sockets.map((s) => `${s.protocol} ${s.localPort} ${s.processName}`), ['tcp 22 sshd', 'tcp 80 nginx', 'tcp 80 nginx', 'udp 53 dnsmasq']);
  assert.equal(snap.sockets[0]!.commandLine, '/usr/bin/sshd --serve');
  assert.deepEqual(snap.processes.map((p) => p.pid), [1, 7, 9]);
  const port80 = snapshotOf(specs, procs, { filter: { port: 80 } });
  assert.deepEqual(port80.sockets.map((s) => s.localPort), [80, 80]);
  assert.deepEqual(port80.processes.map((p) => p.pid), [9]);
  const pid7 = snapshotOf(specs, procs, { filter: { pid: 7 } });
  assert.deepEqual(pid7.sockets.map((s) => s.localPort), [53]);
});

test('keys: state is not part of the key; sockets sharing endpoints are told apart by owner', () => {
  const a = { protocol: 'tcp' as const, family: 4 as const, localAddress: '0.0.0.0', localPort: 80, remoteAddress: null, remotePort: null, inode: 1 };
  assert.equal(baseSocketKey(a), 'tcp4 0.0.0.0:80 > *');
  assert.equal(baseSocketKey({ ...a, family: 6, localAddress: '::1', remoteAddress: '::1', remotePort: 5 }), 'tcp6 [::1]:80 > [::1]:5');
  assert.deepEqual(assignSocketKeys([a, a, { ...a, inode: null }, { ...a, inode: null }], [10, 11, null, null]), [
    'tcp4 0.0.0.0:80 > * pid=10',
    'tcp4 0.0.0.0:80 > * pid=11',
    'tcp4 0.0.0.0:80 > *',
    'tcp4 0.0.0.0:80 > * #2',
  ]);
});

test('diff: new, gone, state changed and owner changed, by key', () => {
  const procs = [fakeProcess(9, 'nginx'), fakeProcess(10, 'nginx')];
  const before = snapshotOf(
    [
      { local: '0.0.0.0:80', pid: 9 },
      { local: '10.0.0.1:80', remote: '10.0.0.9:5000', state: 'ESTABLISHED', pid: 9 },
      { local: '10.0.0.1:80', remote: '10.0.0.9:5001', state: 'ESTABLISHED', pid: 9 },
    ],
    procs,
  );
  const after = snapshotOf(
    [
      { local: '0.0.0.0:80', pid: 10 },
      { local: '10.0.0.1:80', remote: '10.0.0.9:5000', state: 'CLOSE WAIT', pid: 9 },
      { local: '10.0.0.1:80', remote: '10.0.0.9:5002', state: 'ESTABLISHED', pid: 9 },
    ],
    procs,
  );
  const diff = diffSnapshots(before, after);
  assert.deepEqual(diff.added.map((s) => s.remotePort), [5002]);
  assert.deepEqual(diff.removed.map((s) => s.remotePort), [5001]);
  assert.deepEqual(diff.changed.map((c) => [c.after.remotePort, c.fields]), [[null, ['owner']], [5000, ['state']]]);
  assert.ok(isEmptyDiff(diffSnapshots(after, after)));
  assert.equal(diffSnapshots(null, after).added.length, 3);
});

test('statistics: per-state counts with percentages of the TCP mappings', () => {
  const specs = [
    ...Array.from({ length: 51 }, (_, i) => ({ local: `0.0.0.0:${1000 + i}` })),
    ...Array.from({ length: 20 }, (_, i) => ({ local: '10.0.0.1:80', remote: `10.0.0.9:${5000 + i}`, state: 'ESTABLISHED' as const })),
    ...Array.from({ length: 3 }, (_, i) => ({ local: '10.0.0.1:80', remote: `10.0.0.8:${5000 + i}`, state: 'SYN RECEIVED' as const })),
    { proto: 'udp' as const, local: '0.0.0.0:53' },
  ];
  const stats = portStatistics(snapshotOf(specs).sockets);
  assert.equal(stats.tcp, 74);
  assert.equal(stats.udp, 1);
  assert.deepEqual(
    stats.tcpStates.map((s) => [s.state, s.count, s.percent]),
    [
      ['LISTENING', 51, 68.92],
      ['ESTABLISHED', 20, 27.03],
      ['TIME WAIT', 0, 0],
      ['CLOSE WAIT', 0, 0],
      ['SYN RECEIVED', 3, 4.05],
    ],
  );
  assert.deepEqual(portStatistics([]).tcpStates.map((s) => s.percent), [0, 0, 0, 0]);
});
