import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBriefReport } from '../../src/local/brief-report.js';
import { formatJsonReport } from '../../src/local/json-report.js';
import { formatLocalReport } from '../../src/local/local-report.js';
import { diffSnapshots } from '../../src/local/snapshot-diff.js';
import { watchNotes } from '../../src/local/watch-notes.js';
import { WatchJsonReport, WatchTextReport } from '../../src/local/watch-report.js';
import { fakeProcess, snapshotOf } from './make-snapshot.js';

const nginx = fakeProcess(9, 'nginx', {
  services: ['nginx.service'],
  modules: [
    { path: '/usr/sbin/nginx', baseAddress: '0x5500' },
    { path: '/usr/lib/libc.so.6', baseAddress: '0x7f00' },
  ],
});
const specs = [
  { local: '0.0.0.0:80', pid: 9 },
  { local: '[::]:80', pid: 9 },
  { local: '10.0.0.1:80', remote: '10.0.0.9:5000', state: 'ESTABLISHED' as const, pid: 9 },
  { local: '10.0.0.1:80', remote: '10.0.0.9:4999', state: 'TIME WAIT' as const },
  { proto: 'udp' as const, local: '127.0.0.1:53', uid: 0 },
];

test('-local text: PortQry sections in order, rows, statistics, mapping and reasons', () => {
  const text = formatLocalReport(snapshotOf(specs, [nginx]), { verbose: false });
  const lines = text.split('\n');
  assert.deepEqual(lines.slice(0, 4), ['TCP/UDP Port Usage', '', '5 active ports found', '']);
  assert.match(lines[4]!, /^Port +Local IP +State +Remote IP:Port$/);
  assert.match(text, /\nTCP 80 +0\.0\.0\.0 +LISTENING +0\.0\.0\.0:0\nTCP 80 +10\.0\.0\.1 +TIME WAIT +10\.0\.0\.9:4999\nTCP 80 +10\.0\.0\.1 +ESTABLISHED +10\.0\.0\.9:5000\nTCP 80 +:: +LISTENING +\[::\]:0\nUDP 53 +127\.0\.0\.1 +\*:\*\n/);
  assert.match(text, /\nPort Statistics\n\nTCP mappings: 4\nUDP mappings: 1\n\nTCP ports in a LISTENING state: 2 = 50\.00%\nTCP ports in a ESTABLISHED state: 1 = 25\.00%\nTCP ports in a TIME WAIT state: 1 = 25\.00%\nTCP ports in a CLOSE WAIT state: 0 = 0\.00%\n/);
  assert.match(text, /\nPID:Process\n\n9:nginx \(user root\): TCP 80\n {4}\/usr\/bin\/nginx --serve\n/);
  assert.match(text, /\nNo process shown for 2 sockets:\n\nTCP 80 \(10\.0\.0\.1, TIME WAIT\): no process: the kernel keeps this TIME WAIT end until it times out\nUDP 53 \(127\.0\.0\.1\): owned by uid 0 \(root\); run as root to see the process\n/);
  assert.doesNotMatch(text, /Process ID:|unknown/i);
});

test('-local -v: a block per process with service, start time, its ports and loaded modules', () => {
  const text = formatLocalReport(snapshotOf(specs, [nginx]), { verbose: true });
  const block = text.slice(text.indexOf('Port and Module Information by Process'));
  assert.match(block, /\n=+\nProcess ID: 9 \(nginx\)\n\nService Name: nginx\.service\nUser: root\nStart Time: \w{3} Jun 09 \d\d:00:00 2025\nCommand Line: \/usr\/bin\/nginx --serve\nExecutable: \/usr\/bin\/nginx\n\nPort +Local IP/);
  assert.match(block, /\nTCP mappings: 3\nUDP mappings: 0\n/);
  assert.match(block, /\nLoaded modules:\n \/usr\/sbin\/nginx \(0x5500\)\n \/usr\/lib\/libc\.so\.6 \(0x7f00\)\n=+\n/);
});

test('--brief: one line per process and port, reasons in place of a path', () => {
  const text = formatBriefReport(snapshotOf(specs, [nginx]));
  assert.deepEqual(text.trimEnd().split('\n'), [
    'PID  Process       Proto  Port  Path',
    '-    (no process)  TCP    80    no process: the kernel keeps this TIME WAIT end until it times out',
    '-    (no process)  UDP    53    owned by uid 0 (root); run as root to see the process',
    '9    nginx         TCP    80    /usr/bin/nginx (3 sockets)',
  ]);
});

test('--json: JSON lines, sockets then processes then one summary', () => {
  const lines = formatJsonReport(snapshotOf(specs, [nginx]), { verbose: true }).trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.type), ['socket', 'socket', 'socket', 'socket', 'socket', 'process', 'summary']);
  const established = lines.find((l) => l.state === 'ESTABLISHED');
  assert.deepEqual(
    [established.protocol, established.localPort, established.remoteAddress, established.remotePort, established.pid, established.process],
    ['tcp', 80, '10.0.0.9', 5000, 9, 'nginx'],
  );
  const udp = lines.find((l) => l.protocol === 'udp');
  assert.equal(udp.state, null);
  assert.equal(udp.ownerUnknown, 'no-permission');
  assert.equal(lines[5].modules.length, 2);
  assert.deepEqual(lines[6].tcpStates.LISTENING, { count: 2, percent: 50 });
  const plain = formatJsonReport(snapshotOf(specs, [nginx]), { verbose: false }).split('\n').map((l) => (l ? JSON.parse(l) : null));
  assert.equal(plain.find((l) => l?.type === 'process').modules, undefined);
});

test('watch text: header, first table, changes marked, quiet ticks print nothing, end line', () => {
  const report = new WatchTextReport({ filter: { port: 80 }, intervalSec: 60 }, false);
  assert.equal(report.start(), 'Watching port: 80\nChecking for changes every 60 seconds\n\n');
  const t0 = snapshotOf(specs.slice(0, 3), [nginx], { filter: { port: 80 } });
  const first = report.update(t0, diffSnapshots(null, t0), watchNotes(null, t0), true);
  assert.match(first, /^System Date: \w{3} Jun 10 \d\d:00:00 2025\n\nPort +Local IP +State +Remote IP:Port +PID Process\n/);
  assert.doesNotMatch(first, /Change|new/);
  assert.equal(report.update(t0, diffSnapshots(t0, t0), [], false), '');
  const t1 = snapshotOf(
    [
      { local: '0.0.0.0:80', pid: 9 },
      { local: '10.0.0.1:80', remote: '10.0.0.9:5000', state: 'CLOSE WAIT', pid: 9 },
      { local: '10.0.0.1:80', remote: '10.0.0.9:6000', state: 'ESTABLISHED', pid: 9 },
    ],
    [nginx],
    { filter: { port: 80 }, takenAt: Date.UTC(2025, 5, 10, 12, 1) },
  );
  const second = report.update(t1, diffSnapshots(t0, t1), watchNotes(t0, t1), false);
  assert.match(second, /Change\n/);
  assert.match(second, /\nTCP 80 +10\.0\.0\.1 +CLOSE WAIT +10\.0\.0\.9:5000 +9 nginx +changed: ESTABLISHED -> CLOSE WAIT\n/);
  assert.match(second, /\nTCP 80 +10\.0\.0\.1 +ESTABLISHED +10\.0\.0\.9:6000 +9 nginx +new\n/);
  assert.match(second, /\nTCP 80 +:: +LISTENING +\[::\]:0 +9 nginx +gone\n/);
  assert.match(second, /\nChanges: 1 new, 1 gone, 1 changed\n/);
  const t2 = snapshotOf([], [], { filter: { port: 80 }, takenAt: Date.UTC(2025, 5, 10, 12, 2) });
  const third = report.update(t2, diffSnapshots(t1, t2), watchNotes(t1, t2), false);
  assert.match(third, /\nPort 80 is no longer in use: no TCP or UDP socket holds it\. Watching goes on\.\n/);
  assert.match(third, /\nChanges: 0 new, 3 gone, 0 changed\n/);
  assert.match(report.end(new Date()), /^Stopped watching port 80 at .* \(3 updates shown\)\.\n$/);
});

test('watch notes for a pid: not running, running, exited, reused', () => {
  const filter = { pid: 42 };
  const alive = (start: string, name = 'app') =>
    snapshotOf([], [fakeProcess(42, name, { startTime: start })], { filter, watchedPidAlive: true });
  const dead = snapshotOf([], [], { filter, watchedPidAlive: false });
  assert.deepEqual(watchNotes(null, dead), ['Process 42 is not running. Watching goes on.']);
  assert.match(watchNotes(null, alive('2025-06-09T07:00:00.000Z'))[0]!, /^Process 42: app, started /);
  assert.deepEqual(watchNotes(alive('2025-06-09T07:00:00.000Z'), dead), ['Process 42 (app) has exited. Watching goes on.']);
  assert.match(watchNotes(dead, alive('2025-06-09T08:00:00.000Z'))[0]!, /^Process 42 is running: app, started /);
  assert.match(watchNotes(alive('2025-06-09T07:00:00.000Z'), alive('2025-06-09T08:00:00.000Z', 'other'))[0]!, /^PID 42 now belongs to another process: other, started /);
  assert.deepEqual(watchNotes(alive('2025-06-09T07:00:00.000Z'), alive('2025-06-09T07:00:00.000Z')), []);
  const report = new WatchTextReport({ filter, intervalSec: 1 }, false);
  assert.equal(report.start(), 'Watching PID: 42\nChecking for changes every 1 second\n\n');
});

test('watch JSON lines: watch, present sockets, changes with previous state, watch-end', () => {
  const report = new WatchJsonReport({ filter: { port: 80 }, intervalSec: 5 });
  const start = JSON.parse(report.start(new Date(0)));
  assert.deepEqual(start, { type: 'watch', time: '1970-01-01T00:00:00.000Z', port: 80, intervalSec: 5 });
  const t0 = snapshotOf(specs.slice(2, 3), [nginx], { filter: { port: 80 } });
  const t1 = snapshotOf([{ local: '10.0.0.1:80', remote: '10.0.0.9:5000', state: 'CLOSE WAIT', pid: 9 }], [nginx], { filter: { port: 80 } });
  const first = report.update(t0, diffSnapshots(null, t0), [], true).trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(first.map((l) => [l.type, l.change]), [['socket', 'present']]);
  const second = report.update(t1, diffSnapshots(t0, t1), ['a note'], false).trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(second.map((l) => l.type), ['note', 'socket']);
  assert.deepEqual([second[1].change, second[1].changed, second[1].previous.state, second[1].state], ['changed', ['state'], 'ESTABLISHED', 'CLOSE WAIT']);
  assert.deepEqual(JSON.parse(report.end(new Date(0))), { type: 'watch-end', time: '1970-01-01T00:00:00.000Z', changes: 1 });
});
