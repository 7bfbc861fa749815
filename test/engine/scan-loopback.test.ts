/**
 * The engine against the real kernel on loopback: listeners the test opens on 127.0.0.1 and ::1,
 * hostile servers, and file descriptors after a full-range scan.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { createSocket } from 'node:dgram';
import { readdirSync, readFileSync } from 'node:fs';
import { ScanSession } from '../../src/engine/scan-session.js';
import { defaultScanOptions } from '../../src/engine/scan-options.js';
import { loadServices, parseServices } from '../../src/engine/services.js';
import type { ProbeKey, ProbeResult, ScanEvent } from '../../src/engine/types.js';

const services = loadServices();

function listen(host: string, onConn?: (s: Socket) => void): Promise<Server & { port: number }> {
  return new Promise((resolve) => {
    const server = createServer((s) => (onConn ? onConn(s) : s.end()));
    // unref: a failed assertion must not leave the test file hanging on an open listener.
    server.unref();
    server.listen(0, host, () => resolve(Object.assign(server, { port: (server.address() as { port: number }).port })));
  });
}
const close = (s: Server) => new Promise<void>((r) => s.close(() => r()));

async function scan(host: string, probes: ProbeKey[], tweak: (o: ReturnType<typeof defaultScanOptions>) => void = () => {}) {
  const o = defaultScanOptions(host, probes, services);
  o.reverseLookup = false;
  o.bannerWaitMs = 200;
  tweak(o);
  const session = new ScanSession(o);
  const events: ScanEvent[] = [];
  session.subscribe((e) => events.push(e));
  await session.run();
  const byKey = (p: number, proto = 'tcp') => session.results.get(`${proto}/${p}`)!;
  return { session, events, byKey };
}

/** A port nothing listens on: bind, read the number, close. */
async function freePort(host: string): Promise<number> {
  const s = await listen(host);
  await close(s);
  return s.port;
}

for (const host of ['127.0.0.1', '::1']) {
  test(`TCP and UDP states on ${host}`, async () => {
    const tcp = await listen(host, (s) => s.end('220 hello from the test\r\n'));
    const udp = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    udp.unref();
    udp.on('message', (m, rinfo) => udp.send(Buffer.from('pong'), rinfo.port, rinfo.address));
    await new Promise<void>((r) => udp.bind(0, host, () => r()));
    const udpPort = udp.address().port;
    const closed = await freePort(host);
    const { byKey, events } = await scan(host, [
      { protocol: 'tcp', port: tcp.port },
      { protocol: 'tcp', port: closed },
      { protocol: 'udp', port: udpPort },
      { protocol: 'udp', port: closed },
    ]);
    assert.equal(byKey(tcp.port).state, 'LISTENING');
    assert.equal(byKey(tcp.port).reason, 'connected');
    assert.equal(byKey(tcp.port).query?.protocol, 'banner');
    assert.match(String(byKey(tcp.port).query?.fields.banner), /220 hello from the test/);
    assert.equal(byKey(closed).state, 'NOT LISTENING');
    assert.equal(byKey(closed).reason, 'reset');
    assert.equal(byKey(udpPort, 'udp').state, 'LISTENING');
    assert.equal(byKey(udpPort, 'udp').reason, 'replied');
    assert.equal(byKey(closed, 'udp').state, 'NOT LISTENING');
    assert.equal(byKey(closed, 'udp').reason, 'port-unreachable');
    const types = events.map((e) => e.type);
    assert.equal(types[0], 'resolved');
    assert.equal(types.at(-1), 'done');
    assert.equal(types.filter((t) => t === 'result').length, 4);
    await close(tcp);
    udp.close();
  });
}

test('a silent UDP listener is LISTENING OR FILTERED; the service name picks the protocol query', async () => {
  const udp = createSocket('udp4');
  udp.unref();
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', () => r()));
  const port = udp.address().port;
  let received = 0;
  udp.on('message', () => received++);
  const custom = parseServices(`domain ${port}/udp\n`, 'test');
  const { byKey } = await scan('127.0.0.1', [{ protocol: 'udp', port }], (o) => {
    o.services = custom;
    o.timeoutMs.udp = 300;
  });
  const r = byKey(port, 'udp');
  assert.equal(r.state, 'LISTENING OR FILTERED');
  assert.equal(r.reason, 'no-response');
  assert.equal(r.service, 'domain');
  assert.match(r.reasonText, /DNS query/);
  assert.ok(received >= 1);
  // The DNS request bytes are kept for the detail view.
  assert.equal(r.query?.exchanges[0]?.direction, 'sent');
  udp.close();
});

test('hostile servers: trickle, never close, flood: every probe ends, memory bounded', async () => {
  const timers: NodeJS.Timeout[] = [];
  const trickle = await listen('127.0.0.1', (s) => {
    const t = setInterval(() => s.write('x'), 20);
    timers.push(t);
    s.on('error', () => {});
    s.on('close', () => clearInterval(t));
  });
  const silent = await listen('127.0.0.1', (s) => s.on('error', () => {}));
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  const flood = await listen('127.0.0.1', (s) => {
    s.on('error', () => {});
    const pump = () => {
      while (!s.destroyed && s.write(chunk));
    };
    s.on('drain', pump);
    pump();
  });
  // The service name "domain" makes the engine run the DNS module against each: it must give up.
  const custom = parseServices(`domain ${trickle.port}/tcp\ndomain ${silent.port}/tcp\ndomain ${flood.port}/tcp\n`, 'test');
  const { byKey } = await scan('127.0.0.1', [trickle.port, silent.port, flood.port].map((port) => ({ protocol: 'tcp' as const, port })), (o) => {
    o.services = custom;
    o.timeoutMs.tcp = 500;
  });
  for (const p of [trickle.port, silent.port, flood.port]) {
    assert.equal(byKey(p).state, 'LISTENING');
    assert.ok(byKey(p).query?.error, `port ${p} query should end in an error`);
  }
  assert.match(byKey(flood.port).query!.error!, /larger than|not a DNS|DNS/);
  assert.match(byKey(silent.port).query!.error!, /timed out/);
  const receivedBytes = byKey(flood.port).query!.exchanges.filter((e) => e.direction === 'received').reduce((n, e) => n + e.bytes.length, 0);
  assert.ok(receivedBytes <= 1024 * 1024 + 64 * 1024, `read ${receivedBytes} bytes`);
  timers.forEach(clearInterval);
  await Promise.all([close(trickle), close(silent), close(flood)].map((p) => Promise.race([p, new Promise((r) => setTimeout(r, 100))])));
});

test('requery replaces a result with a newer one; abort stops a scan', async () => {
  const tcp = await listen('127.0.0.1');
  const { session } = await scan('127.0.0.1', [{ protocol: 'tcp', port: tcp.port }]);
  const first = session.results.get(`tcp/${tcp.port}`)!;
  await close(tcp);
  const done = new Promise<ProbeResult>((resolve) =>
    session.subscribe((e) => {
      if (e.type === 'result') resolve(e.result);
    }),
  );
  session.requery([{ protocol: 'tcp', port: tcp.port }]);
  const second = await done;
  assert.ok(second.seq > first.seq);
  assert.equal(second.state, 'NOT LISTENING');

  const o = defaultScanOptions('127.0.0.1', Array.from({ length: 5000 }, (_, i) => ({ protocol: 'tcp' as const, port: 60000 + (i % 5000) })), services);
  o.reverseLookup = false;
  const s2 = new ScanSession(o);
  let aborted: boolean | undefined;
  s2.subscribe((e) => {
    if (e.type === 'result' && s2.results.size === 10) s2.abort();
    if (e.type === 'done') aborted = e.aborted;
  });
  await s2.run();
  assert.equal(aborted, true);
  assert.ok(s2.results.size < 5000);
});

test('no file descriptor is left open after a 65535-port TCP and UDP scan of 127.0.0.1', async () => {
  const fds = () => readdirSync('/proc/self/fd').length;
  const listeners = await Promise.all(Array.from({ length: 5 }, () => listen('127.0.0.1')));
  // Warm-up: the first worker thread creates process-wide handles once (one fd), not per scan.
  await scan('127.0.0.1', Array.from({ length: 5000 }, (_, i) => ({ protocol: 'tcp' as const, port: 60000 + i })), (o) => {
    o.query.enabled = false;
  });
  await new Promise((r) => setTimeout(r, 200)); // finished worker threads close their own fds late
  const before = fds();
  const all = Array.from({ length: 65535 }, (_, i) => i + 1);
  const { session } = await scan('127.0.0.1', [...all.map((port) => ({ protocol: 'tcp' as const, port })), ...all.map((port) => ({ protocol: 'udp' as const, port }))], (o) => {
    o.query.enabled = false;
    o.timeoutMs.udp = 300;
  });
  await new Promise((r) => setTimeout(r, 200));
  const after = fds();
  assert.ok(after <= before, `${after} fds open after the scan, ${before} before`);
  for (const l of listeners) assert.equal(session.results.get(`tcp/${l.port}`)?.state, 'LISTENING');
  // No false LISTENING: only our listeners and what already listened on this machine.
  assert.equal(session.results.size, 131070);
  await Promise.all(listeners.map(close));
});

test('sweep threads run below the main thread (nice 10), and the main thread keeps its priority', { skip: process.platform !== 'linux' && 'per-thread niceness is Linux only' }, async () => {
  const { getPriority } = await import('node:os');
  const mainBefore = getPriority(0);
  /** Niceness of each thread of this process (field 19 of /proc/self/task/TID/stat). */
  const niceness = () =>
    readdirSync('/proc/self/task').map((tid) => {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      } catch {
        return NaN; // the thread ended meanwhile
      }
    });
  const o = defaultScanOptions('127.0.0.1', Array.from({ length: 6000 }, (_, i) => ({ protocol: 'tcp' as const, port: 50000 + i })), services);
  o.reverseLookup = false;
  o.query.enabled = false;
  const session = new ScanSession(o);
  let seen: number[] = [];
  session.subscribe((e) => {
    if (e.type === 'result' && seen.length === 0) seen = niceness();
  });
  await session.run();
  assert.ok(seen.includes(10), `a sweep thread at nice 10 (threads: ${seen.join(' ')})`);
  assert.equal(getPriority(0), mainBefore, 'the main thread is not slowed');
});

test('a full UDP range runs on the sweep threads: repliers LISTENING with their bytes, silent ones LISTENING OR FILTERED, nothing else', async () => {
  const bindUdp = (reply: boolean) =>
    new Promise<{ port: number; close(): void }>((resolve) => {
      const s = createSocket('udp4');
      if (reply) s.on('message', (_m, r) => s.send('pong', r.port, r.address));
      s.unref();
      s.bind(0, '127.0.0.1', () => resolve({ port: s.address().port, close: () => s.close() }));
    });
  const repliers = await Promise.all([bindUdp(true), bindUdp(true)]);
  const silent = await Promise.all([bindUdp(false), bindUdp(false)]);
  // What was bound on this machine before the scan: only these may look open.
  const boundUdp = new Set(
    ['/proc/net/udp', '/proc/net/udp6'].flatMap((f) => {
      try {
        return readFileSync(f, 'utf8').split('\n').slice(1).filter(Boolean).map((l) => parseInt(l.trim().split(/\s+/)[1]!.split(':')[1]!, 16));
      } catch {
        return [];
      }
    }),
  );
  const { session, byKey } = await scan('127.0.0.1', Array.from({ length: 65535 }, (_, i) => ({ protocol: 'udp' as const, port: i + 1 })), (o) => {
    o.query.enabled = false;
    o.timeoutMs.udp = 300;
  });
  for (const r of repliers) {
    const res = byKey(r.port, 'udp');
    assert.equal(res.state, 'LISTENING');
    assert.equal(res.reason, 'replied');
    assert.ok(res.query?.exchanges.some((e) => e.direction === 'received' && Buffer.from(e.bytes).toString() === 'pong'), 'the reply bytes are kept');
  }
  for (const s of silent) assert.equal(byKey(s.port, 'udp').state, 'LISTENING OR FILTERED');
  assert.equal(session.results.size, 65535);
  for (const res of session.results.values()) {
    if (res.state !== 'NOT LISTENING') assert.ok(boundUdp.has(res.port), `udp/${res.port} is ${res.state} but nothing was bound there`);
  }
  [...repliers, ...silent].forEach((s) => s.close());
});
