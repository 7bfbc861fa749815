// The collectors of the platforms that cannot run here, fed the tools' documented output, end to
// end through the snapshot and the reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBriefReport } from '../../src/local/brief-report.js';
import { formatLocalReport } from '../../src/local/local-report.js';
import { LsofCollector } from '../../src/local/lsof-collector.js';
import { NetstatCollector, WIN32_PROCESS_QUERY } from '../../src/local/netstat-collector.js';
import { LocalError } from '../../src/local/local-error.js';
import { buildSnapshot } from '../../src/local/snapshot.js';
import { SsCollector } from '../../src/local/ss-collector.js';
import { fixture } from './load-fixture.js';

function windowsRunner(calls: string[]) {
  return async (command: string, args: readonly string[]) => {
    calls.push(`${command} ${args.join(' ')}`);
    if (command === 'netstat') return fixture('netstat-windows.txt');
    if (command === 'tasklist' && args[0] === '/v') return fixture('tasklist-v.txt');
    if (command === 'tasklist' && args[0] === '/svc') return fixture('tasklist-svc.txt');
    if (command === 'tasklist' && args[0] === '/m') return fixture('tasklist-m.txt');
    if (command === 'powershell.exe') {
      assert.equal(args[args.length - 1], WIN32_PROCESS_QUERY);
      return fixture('win32-process.csv.txt');
    }
    throw new Error(`unexpected ${command}`);
  };
}

test('Windows: netstat + tasklist + Win32_Process make PortQry -local -v', async () => {
  const calls: string[] = [];
  const collector = new NetstatCollector({ run: windowsRunner(calls) });
  const snapshot = buildSnapshot(await collector.collect({ verbose: true, filter: null }), { filter: null, platform: 'win32', hostname: 'WS1' });
  assert.ok(calls.includes('tasklist /m /fo csv'));
  const rpc = snapshot.processes.find((p) => p.pid === 952)!;
  assert.deepEqual(rpc.services, ['RpcEptMapper', 'RpcSs']);
  assert.equal(rpc.commandLine, 'C:\\WINDOWS\\system32\\svchost.exe -k RPCSS -p');
  assert.equal(rpc.user, 'NT AUTHORITY\\NETWORK SERVICE');
  assert.deepEqual(rpc.modules?.map((m) => m.path).slice(0, 2), ['ntdll.dll', 'KERNEL32.DLL']);
  const tw = snapshot.sockets.find((s) => s.localPort === 49830)!;
  assert.equal(tw.pid, null);
  assert.equal(tw.ownerUnknown, 'kernel-held');
  const text = formatLocalReport(snapshot, { verbose: true });
  assert.match(text, /^TCP\/UDP Port Usage\n\n13 active ports found\n\nPort +Local IP +State +Remote IP:Port\n/);
  assert.match(text, /\nTCP 135 +0\.0\.0\.0 +LISTENING +0\.0\.0\.0:0\n/);
  assert.match(text, /\nTCP 135 +:: +LISTENING +\[::\]:0\n/);
  assert.match(text, /\nUDP 123 +0\.0\.0\.0 +\*:\*\n/);
  assert.match(text, /\nTCP mappings: 9\nUDP mappings: 4\n/);
  assert.match(text, /\nTCP ports in a LISTENING state: 4 = 44\.44%\n/);
  assert.match(text, /\nTCP ports in a TIME WAIT state: 1 = 11\.11%\n/);
  assert.match(text, /\n952:svchost\.exe \(user NT AUTHORITY\\NETWORK SERVICE\): TCP 135\n/);
  assert.match(text, /\nProcess ID: 952 \(svchost\.exe\)\n\nService Name: RpcEptMapper, RpcSs\n/);
  assert.match(text, /\nLoaded modules:\n ntdll\.dll\n KERNEL32\.DLL\n/);
  assert.match(text, /TCP 49830 \(10\.0\.0\.5, TIME WAIT\): no process: the kernel keeps this TIME WAIT end until it times out/);
  assert.match(text, /Start Time: \w{3} Jun \d\d \d\d:\d\d:\d\d 2025/);
});

test('Windows: only netstat is required; the rest missing gives warnings', async () => {
  const collector = new NetstatCollector({
    run: async (command) => {
      if (command === 'netstat') return fixture('netstat-windows.txt');
      throw new LocalError('tool-failed', `${command} not found`);
    },
  });
  const snapshot = buildSnapshot(await collector.collect({ verbose: false, filter: { port: 135 } }), { filter: { port: 135 }, platform: 'win32' });
  assert.equal(snapshot.sockets.length, 2);
  assert.equal(snapshot.sockets[0]!.pid, 952);
  assert.equal(snapshot.processes[0]!.name, 'pid 952');
  assert.equal(snapshot.warnings.length, 3);
});

test('macOS: lsof + ps, shared listener, modules from lsof -d txt, a warning without root', async () => {
  const calls: string[] = [];
  const collector = new LsofCollector({
    euid: 501,
    run: async (command, args) => {
      calls.push(`${command} ${args.join(' ')}`);
      if (command === 'ps') return fixture('ps-macos.txt');
      if (args.includes('txt')) return fixture('lsof-macos-txt.txt');
      return fixture('lsof-macos.txt');
    },
  });
  const snapshot = buildSnapshot(await collector.collect({ verbose: true, filter: { port: 8080 } }), { filter: { port: 8080 }, platform: 'darwin' });
  assert.ok(calls.some((c) => c.includes('-p 2001,2002') || c.includes('-p 2002,2001')));
  assert.equal(snapshot.sockets.length, 2);
  const listener = snapshot.sockets.find((s) => s.state === 'LISTENING')!;
  assert.deepEqual([listener.pid, listener.pids], [2001, [2001, 2002]]);
  assert.equal(listener.commandLine, 'nginx: master process /opt/homebrew/bin/nginx');
  const master = snapshot.processes.find((p) => p.pid === 2001)!;
  assert.equal(master.executable, '/opt/homebrew/Cellar/nginx/1.27.0/bin/nginx');
  assert.equal(master.modules?.length, 3);
  assert.equal(master.user, 'root');
  assert.match(snapshot.warnings.join('\n'), /without root, lsof lists only this user's sockets; run with sudo/);
  const brief = formatBriefReport(snapshot);
  assert.match(brief, /^PID +Process +Proto +Port +Path\n2001 +nginx +TCP +8080 +\/opt\/homebrew\/Cellar\/nginx\/1\.27\.0\/bin\/nginx\n2002 +nginx +TCP +8080 +\/opt\/homebrew\/Cellar\/nginx\/1\.27\.0\/bin\/nginx \(2 sockets\)\n$/);
});

test('Linux ss fallback on the captured ss -tunape: owners, and why the unowned have none', async () => {
  const asRoot = new SsCollector({ euid: 0, run: async () => fixture('ss-tunape.txt') });
  const snapshot = buildSnapshot(await asRoot.collect({ verbose: false, filter: null }), { filter: null, platform: 'linux' });
  const listener = snapshot.sockets.find((s) => s.localPort === 47001 && s.state === 'LISTENING')!;
  assert.ok(listener.pid !== null);
  assert.equal(listener.processName, 'node');
  const orphan = snapshot.sockets.find((s) => s.pid === null && s.state === 'LISTENING')!;
  assert.equal(orphan.ownerUnknown, 'not-in-namespace');
  assert.match(orphan.ownerNote!, /^owned by uid 0 \(root\), but no process visible here holds it/);
  const timeWait = snapshot.sockets.find((s) => s.state === 'TIME WAIT');
  if (timeWait) assert.equal(timeWait.ownerUnknown, 'kernel-held');

  const asUser = new SsCollector({ euid: 1000, run: async () => fixture('ss-tunape.txt') });
  const userView = buildSnapshot(await asUser.collect({ verbose: false, filter: null }), { filter: null, platform: 'linux' });
  const hidden = userView.sockets.find((s) => s.pid === null && s.state === 'LISTENING')!;
  assert.equal(hidden.ownerUnknown, 'no-permission');
  assert.match(hidden.ownerNote!, /^owned by uid 0 \(root\); run as root to see the process$/);
});
