// The /proc collector on a procfs-shaped directory tree built by the test: owners found through
// fd symlinks, a socket shared by two processes, process details, and why a socket has no owner
// depending on who reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcCollector } from '../../src/local/proc-collector.js';
import { buildSnapshot } from '../../src/local/snapshot.js';

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
const row = (sl: number, local: string, remote: string, st: string, uid: number, inode: number) =>
  `${String(sl).padStart(4)}: ${local} ${remote} ${st} 00000000:00000000 00:00000000 00000000 ${String(uid).padStart(5)}        0 ${inode} 1 0000000000000000 100 0 0 10 0\n`;

function buildTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'pqx-local-proc-'));
  mkdirSync(join(root, 'net'));
  writeFileSync(
    join(root, 'net', 'tcp'),
    HEADER +
      row(0, '00000000:0050', '00000000:0000', '0A', 0, 5001) + // 0.0.0.0:80 LISTEN, shared by 100 and 101
      row(1, '0100007F:0050', '0100007F:C350', '01', 0, 5002) + // 127.0.0.1:80 <- :50000, held by 101
      row(2, '0100007F:1F90', '00000000:0000', '0A', 1000, 5003) + // 127.0.0.1:8080, uid 1000, no visible owner
      row(3, '0100007F:0050', '0100007F:C351', '06', 0, 0), // TIME WAIT
  );
  writeFileSync(join(root, 'net', 'udp'), HEADER);
  writeFileSync(join(root, 'stat'), 'cpu 1 2 3\nbtime 1700000000\n');
  const proc = (pid: number, name: string, uid: number, fds: Record<string, string>, cmdline: string) => {
    const dir = join(root, String(pid));
    mkdirSync(join(dir, 'fd'), { recursive: true });
    for (const [fd, target] of Object.entries(fds)) symlinkSync(target, join(dir, 'fd', fd));
    writeFileSync(join(dir, 'stat'), `${pid} (${name}) S 1 ${pid} ${pid} 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 ${100 * 60} 1000 10 0`);
    writeFileSync(join(dir, 'status'), `Name:\t${name}\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\n`);
    writeFileSync(join(dir, 'cmdline'), cmdline);
    writeFileSync(join(dir, 'cgroup'), '0::/system.slice/web.service\n');
    writeFileSync(join(dir, 'maps'), '00400000-00401000 r-xp 00000000 08:01 77 /usr/sbin/web\n');
  };
  proc(100, 'web', 0, { '0': '/dev/null', '3': 'socket:[5001]' }, '/usr/sbin/web\0--master\0');
  proc(101, 'web', 33, { '3': 'socket:[5001]', '4': 'socket:[5002]', '5': 'pipe:[9]' }, '/usr/sbin/web\0--worker\0');
  mkdirSync(join(root, 'self'));
  return root;
}

test('owners from fd links, shared listener, process details, and the reasons for no owner', async (t) => {
  const root = buildTree();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const collector = new ProcCollector({ procRoot: root, euid: 0 });
  const snapshot = buildSnapshot(await collector.collect({ verbose: true, filter: null }), { filter: null, platform: 'linux' });
  const [listener, connection, timeWait, other] = [
    snapshot.sockets.find((s) => s.localPort === 80 && s.state === 'LISTENING')!,
    snapshot.sockets.find((s) => s.remotePort === 50000)!,
    snapshot.sockets.find((s) => s.state === 'TIME WAIT')!,
    snapshot.sockets.find((s) => s.localPort === 8080)!,
  ];
  assert.deepEqual([listener.pid, listener.pids, listener.processName, listener.commandLine], [100, [100, 101], 'web', '/usr/sbin/web --master']);
  assert.deepEqual([connection.pid, connection.localAddress, connection.remoteAddress, connection.state], [101, '127.0.0.1', '127.0.0.1', 'ESTABLISHED']);
  assert.deepEqual([timeWait.pid, timeWait.ownerUnknown], [null, 'kernel-held']);
  // Root read every fd directory: the owner is not in this PID namespace.
  assert.deepEqual([other.pid, other.uid, other.ownerUnknown], [null, 1000, 'not-in-namespace']);
  const worker = snapshot.processes.find((p) => p.pid === 101)!;
  assert.deepEqual(worker.services, ['web.service']);
  assert.equal(worker.startTime, new Date((1700000000 + 60) * 1000).toISOString());
  assert.equal(worker.uid, 33);
  assert.deepEqual(worker.modules, [{ path: '/usr/sbin/web', baseAddress: '0x00400000' }]);
  assert.equal(snapshot.privileged, true);

  // Read by uid 33 on a procfs with hidepid: another user's socket is a matter of rights.
  const asUser = buildSnapshot(await new ProcCollector({ procRoot: root, euid: 33 }).collect({ verbose: false, filter: null }), { filter: null, platform: 'linux' });
  const hidden = asUser.sockets.find((s) => s.localPort === 8080)!;
  assert.equal(hidden.ownerUnknown, 'no-permission');
  assert.match(hidden.ownerNote!, /^owned by uid 1000( \(\w+\))?; run as root to see the process$/);
  assert.equal(asUser.privileged, false);
});

test('watch ticks reuse the owners while nothing new appears, and notice a new socket and an exited owner', async (t) => {
  const root = buildTree();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const collector = new ProcCollector({ procRoot: root, euid: 0 });
  await collector.collect({ verbose: false, filter: null });
  // A new socket held by 100: the tick must rescan to find its owner.
  writeFileSync(join(root, 'net', 'tcp'), HEADER + row(0, '00000000:0050', '00000000:0000', '0A', 0, 5001) + row(1, '0100007F:0016', '00000000:0000', '0A', 0, 6001));
  symlinkSync('socket:[6001]', join(root, '100', 'fd', '7'));
  const second = buildSnapshot(await collector.collect({ verbose: false, filter: null }), { filter: null });
  assert.equal(second.sockets.find((s) => s.localPort === 22)?.pid, 100);
  // The worker exits: the shared listener is now the master's alone.
  rmSync(join(root, '101'), { recursive: true });
  const third = buildSnapshot(await collector.collect({ verbose: false, filter: null }), { filter: null });
  assert.deepEqual(third.sockets.find((s) => s.localPort === 80)?.pids, [100]);
});

test('-wpid on the tree: only that process\'s sockets; gone when it exits', async (t) => {
  const root = buildTree();
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const collector = new ProcCollector({ procRoot: root, euid: 0 });
  const filter = { pid: 101 };
  const first = buildSnapshot(await collector.collect({ verbose: false, filter }), { filter });
  assert.deepEqual(first.sockets.map((s) => s.localPort + '/' + s.remotePort), ['80/null', '80/50000']);
  assert.equal(first.watchedPidAlive, true);
  rmSync(join(root, '101'), { recursive: true });
  const second = buildSnapshot(await collector.collect({ verbose: false, filter }), { filter });
  assert.deepEqual([second.sockets.length, second.watchedPidAlive], [0, false]);
});
