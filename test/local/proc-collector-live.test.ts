// Against the real kernel: sockets opened here, in known states, must be found with the right
// pid, state and endpoints, by the /proc collector and by the ss fallback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import { once } from 'node:events';
import { ProcCollector } from '../../src/local/proc-collector.js';
import { buildSnapshot } from '../../src/local/snapshot.js';
import { SsCollector } from '../../src/local/ss-collector.js';
import type { LocalSnapshot, LocalSocket } from '../../src/local/types.js';
import { startHolder } from './port-holder.js';

const linux = process.platform === 'linux';

async function listen(server: net.Server, options: net.ListenOptions): Promise<number> {
  server.listen(options);
  await once(server, 'listening');
  return (server.address() as net.AddressInfo).port;
}

async function connect(port: number, host: string, options: Partial<net.NetConnectOpts> = {}): Promise<net.Socket> {
  const socket = net.connect({ port, host, ...options } as net.NetConnectOpts);
  await once(socket, 'connect');
  return socket;
}

function find(snapshot: LocalSnapshot, predicate: (s: LocalSocket) => boolean, what: string): LocalSocket {
  const found = snapshot.sockets.filter(predicate);
  assert.equal(found.length, 1, `${what}: expected exactly one socket, found ${found.length}`);
  return found[0]!;
}

test('real sockets in known states, found with pid, state and endpoints', { skip: !linux }, async (t) => {
  const v4 = net.createServer();
  const v4Port = await listen(v4, { host: '127.0.0.1', port: 0 });
  const dual = net.createServer();
  const dualPort = await listen(dual, { host: '::', port: 0 });
  const accepted: net.Socket[] = [];
  v4.on('connection', (s) => accepted.push(s));
  const client = await connect(v4Port, '127.0.0.1');
  // Server closes first: client end in CLOSE WAIT, server end in FIN WAIT 2.
  const closer = net.createServer((s) => s.end());
  const closerPort = await listen(closer, { host: '127.0.0.1', port: 0 });
  const halfClosed = await connect(closerPort, '127.0.0.1', { allowHalfOpen: true });
  await once(halfClosed, 'end');
  const udp = dgram.createSocket('udp4');
  udp.bind(0, '127.0.0.1');
  await once(udp, 'listening');
  const udpPort = udp.address().port;
  const udp6 = dgram.createSocket({ type: 'udp6', ipv6Only: true });
  udp6.bind(0, '::1');
  await once(udp6, 'listening');
  const holder = await startHolder('127.0.0.1', 0);
  t.after(async () => {
    client.destroy();
    halfClosed.destroy();
    accepted.forEach((s) => s.destroy());
    v4.close();
    dual.close();
    closer.close();
    udp.close();
    udp6.close();
    await holder.stop();
  });
  // Give the kernel a moment to move the server end to FIN WAIT 2 after the FIN was acked.
  await new Promise((resolve) => setTimeout(resolve, 50));

  const collector = new ProcCollector();
  const snapshot = buildSnapshot(await collector.collect({ verbose: true, filter: null }), { filter: null });
  const me = process.pid;

  const listener = find(snapshot, (s) => s.protocol === 'tcp' && s.localPort === v4Port && s.state === 'LISTENING', 'v4 listener');
  assert.deepEqual([listener.pid, listener.localAddress, listener.remoteAddress, listener.family], [me, '127.0.0.1', null, 4]);
  assert.equal(listener.processName, 'node');
  assert.equal(listener.user, 'root');
  assert.ok(listener.commandLine?.includes('node'));
  assert.equal(listener.ownerNote, null);

  const dualListener = find(snapshot, (s) => s.localPort === dualPort && s.state === 'LISTENING', 'dual-stack listener');
  assert.deepEqual([dualListener.family, dualListener.localAddress, dualListener.pid], [6, '::', me]);

  const clientEnd = find(snapshot, (s) => s.remotePort === v4Port && s.localPort === client.localPort, 'client end');
  assert.deepEqual([clientEnd.state, clientEnd.remoteAddress, clientEnd.pid], ['ESTABLISHED', '127.0.0.1', me]);
  const serverEnd = find(snapshot, (s) => s.localPort === v4Port && s.remotePort === client.localPort, 'server end');
  assert.deepEqual([serverEnd.state, serverEnd.pid], ['ESTABLISHED', me]);

  assert.equal(find(snapshot, (s) => s.remotePort === closerPort, 'half-closed client').state, 'CLOSE WAIT');
  assert.equal(find(snapshot, (s) => s.localPort === closerPort && s.remotePort !== null, 'half-closed server').state, 'FIN WAIT 2');

  const udpSocket = find(snapshot, (s) => s.protocol === 'udp' && s.localPort === udpPort, 'udp');
  assert.deepEqual([udpSocket.state, udpSocket.remoteAddress, udpSocket.pid, udpSocket.localAddress], [null, null, me, '127.0.0.1']);
  const udp6Socket = find(snapshot, (s) => s.protocol === 'udp' && s.localPort === udp6.address().port, 'udp6');
  assert.deepEqual([udp6Socket.family, udp6Socket.localAddress], [6, '::1']);

  const held = find(snapshot, (s) => s.localPort === holder.port && s.state === 'LISTENING', 'child holder');
  assert.equal(held.pid, holder.pid);
  assert.equal(held.processName, 'node');
  assert.match(held.commandLine!, /-e .*127\.0\.0\.1 0$/);
  const holderProcess = snapshot.processes.find((p) => p.pid === holder.pid)!;
  assert.ok(holderProcess.modules!.some((m) => /libc\.so/.test(m.path)));
  assert.ok(holderProcess.startTime !== null && Math.abs(Date.parse(holderProcess.startTime) - Date.now()) < 120_000);
  assert.equal(holderProcess.executable, process.execPath);

  // Every TIME WAIT end is explained, never left bare.
  for (const s of snapshot.sockets) if (s.pid === null) assert.ok(s.ownerNote && s.ownerNote.length > 10, s.key);

  // The next collect uses the remembered owners; a new listener and a closed one are still seen.
  const later = net.createServer();
  const laterPort = await listen(later, { host: '127.0.0.1', port: 0 });
  holder.child.kill('SIGKILL');
  await once(holder.child, 'exit');
  const second = buildSnapshot(await collector.collect({ verbose: false, filter: null }), { filter: null });
  later.close();
  assert.equal(find(second, (s) => s.localPort === laterPort && s.state === 'LISTENING', 'later listener').pid, me);
  assert.ok(!second.sockets.some((s) => s.localPort === holder.port && s.state === 'LISTENING'));
  assert.equal(find(second, (s) => s.localPort === v4Port && s.state === 'LISTENING', 'v4 listener again').pid, me);
});

test('pid and port filters on the real kernel', { skip: !linux }, async (t) => {
  const holder = await startHolder('127.0.0.1', 0);
  const mine = net.createServer();
  const myPort = await listen(mine, { host: '127.0.0.1', port: 0 });
  t.after(async () => {
    mine.close();
    await holder.stop();
  });
  const collector = new ProcCollector();
  const byPid = buildSnapshot(await collector.collect({ verbose: false, filter: { pid: holder.pid } }), { filter: { pid: holder.pid } });
  assert.deepEqual(byPid.sockets.map((s) => [s.localPort, s.pid]), [[holder.port, holder.pid]]);
  assert.equal(byPid.watchedPidAlive, true);
  assert.equal(byPid.processes[0]?.pid, holder.pid);
  const byPort = buildSnapshot(await collector.collect({ verbose: false, filter: { port: myPort } }), { filter: { port: myPort } });
  assert.deepEqual(byPort.sockets.map((s) => [s.localPort, s.pid, s.state]), [[myPort, process.pid, 'LISTENING']]);
  await holder.stop();
  const gone = buildSnapshot(await collector.collect({ verbose: false, filter: { pid: holder.pid } }), { filter: { pid: holder.pid } });
  assert.deepEqual([gone.sockets.length, gone.watchedPidAlive], [0, false]);
});

test('the ss fallback, run for real, agrees with /proc on owner, state and endpoints', { skip: !linux }, async (t) => {
  const holder = await startHolder('127.0.0.1', 0);
  t.after(() => holder.stop());
  const filter = { port: holder.port };
  const fromSs = buildSnapshot(await new SsCollector().collect({ verbose: false, filter }), { filter });
  const fromProc = buildSnapshot(await new ProcCollector().collect({ verbose: false, filter }), { filter });
  const pick = (s: LocalSnapshot) => s.sockets.map((x) => [x.key, x.state, x.pid, x.processName, x.inode, x.uid]);
  assert.deepEqual(pick(fromSs), pick(fromProc));
  assert.deepEqual(fromSs.sockets.map((s) => s.pid), [holder.pid]);
  assert.equal(fromSs.source, 'ss');
});
