/**
 * Local mode benchmark: opens 10,000 sockets (5,000 loopback TCP connections, both ends in this
 * process), then times a full snapshot (target <= 200 ms wall), watch ticks (less), and
 * `ss -tunap` in the same run for comparison. Median of several runs each.
 *
 *   node --import tsx bench/local-bench.ts
 *
 * `benchLocal()` is what `npm run bench` calls. Linux only (the /proc collector); elsewhere it
 * returns no rows. Where the time goes (10,000 sockets, profiled): ~50-70 ms in the 10,000
 * readlink calls of the fd scan, ~40 ms in the kernel writing /proc/net/tcp, ~10-20 ms listing
 * fd directories, ~50 ms of JavaScript (parse ~5, snapshot and keys ~25, GC). On a shared
 * machine the wall times grow with the load average printed in the first row; the CPU rows
 * compare better with ss.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { once } from 'node:events';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ProcCollector } from '../src/local/proc-collector.js';
import { buildSnapshot } from '../src/local/snapshot.js';
import { diffSnapshots } from '../src/local/snapshot-diff.js';
import type { LocalSnapshot, SnapshotFilter } from '../src/local/types.js';

const run = promisify(execFile);

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

const CONNECTIONS = 5000;
const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Timing {
  /** Median wall time, ms. */
  wall: number;
  /** Median CPU time (user + system) of this process and of the children it waited for, ms. */
  cpu: number;
}

/** utime+stime and cutime+cstime of this process, in ms (proc(5): fields 14-17, clock ticks of 10 ms). */
function cpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3, so field N is fields[N - 3].
  return [14, 15, 16, 17].reduce((sum, n) => sum + Number(fields[n - 3]), 0) * 10;
}

async function timed(runs: number, body: () => Promise<unknown>): Promise<Timing> {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpu = cpuMs();
    const start = performance.now();
    await body();
    walls.push(performance.now() - start);
    cpus.push(cpuMs() - cpu);
  }
  return { wall: Math.round(median(walls) * 10) / 10, cpu: median(cpus) };
}

/** 5,000 connected pairs on loopback: 10,000 sockets (plus the listener). */
async function openSockets(): Promise<{ server: net.Server; sockets: net.Socket[]; port: number }> {
  const sockets: net.Socket[] = [];
  const server = net.createServer((s) => sockets.push(s));
  server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 });
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  for (let opened = 0; opened < CONNECTIONS; ) {
    const batch = Math.min(500, CONNECTIONS - opened);
    const clients = Array.from({ length: batch }, () => net.connect(port, '127.0.0.1'));
    await Promise.all(clients.map((c) => once(c, 'connect')));
    sockets.push(...clients);
    opened += batch;
  }
  // Wait until the server has accepted every connection (both ends held by this process).
  while (sockets.length < CONNECTIONS * 2) await new Promise((resolve) => setTimeout(resolve, 10));
  return { server, sockets, port };
}

async function snapshot(collector: ProcCollector, filter: SnapshotFilter | null): Promise<LocalSnapshot> {
  return buildSnapshot(await collector.collect({ verbose: false, filter }), { filter });
}

export async function benchLocal(): Promise<BenchRow[]> {
  if (process.platform !== 'linux') return [];
  const { server, sockets, port } = await openSockets();
  try {
    let seen = 0;
    // A cold snapshot: a new collector each run, so every run scans every process's fds.
    const cold = await timed(RUNS, async () => {
      seen = (await snapshot(new ProcCollector(), null)).sockets.length;
    });
    // Watch ticks: one collector, as the watcher keeps it; each tick re-reads the tables, checks
    // the remembered owners, and diffs with the previous snapshot.
    const ticking = new ProcCollector();
    let previous = await snapshot(ticking, null);
    const tick = await timed(RUNS, async () => {
      const next = await snapshot(ticking, null);
      diffSnapshots(previous, next);
      previous = next;
    });
    const portCollector = new ProcCollector();
    let portPrevious = await snapshot(portCollector, { port });
    const portTick = await timed(RUNS, async () => {
      const next = await snapshot(portCollector, { port });
      diffSnapshots(portPrevious, next);
      portPrevious = next;
    });
    const pidCollector = new ProcCollector();
    const pidTick = await timed(RUNS, () => snapshot(pidCollector, { pid: process.pid }));
    let ssLines = 0;
    const ss = await timed(RUNS, async () => {
      const { stdout } = await run('ss', ['-tunap'], { maxBuffer: 64 << 20 });
      ssLines = stdout.split('\n').length - 2;
    });
    const lessThanCold = `< snapshot (${cold.wall} ms)`;
    return [
      { name: 'local: load average (1 min) during the run', value: Math.round(loadavg()[0]! * 100) / 100, unit: 'procs', target: '2 cores: above 2 the timings wait for CPU' },
      { name: 'local: sockets open during the run', value: sockets.length, unit: 'sockets' },
      { name: 'local: sockets in the snapshot', value: seen, unit: 'sockets', target: `>= ${CONNECTIONS * 2}` },
      { name: 'local: snapshot, cold (-local), wall', value: cold.wall, unit: 'ms', target: '<= 200' },
      { name: 'local: snapshot, cold (-local), CPU', value: cold.cpu, unit: 'ms' },
      { name: 'local: watch tick, whole table (UI Local view), wall', value: tick.wall, unit: 'ms', target: lessThanCold },
      { name: 'local: watch tick, -wport, wall', value: portTick.wall, unit: 'ms', target: lessThanCold },
      { name: 'local: watch tick, -wpid, wall', value: pidTick.wall, unit: 'ms', target: lessThanCold },
      { name: 'local: ss -tunap (same sockets), wall', value: ss.wall, unit: 'ms' },
      { name: 'local: ss -tunap (same sockets), CPU', value: ss.cpu, unit: 'ms' },
      { name: 'local: ss -tunap lines', value: ssLines, unit: 'sockets' },
    ];
  } finally {
    // A reset instead of a FIN leaves no TIME WAIT behind to swell the next run's tables.
    sockets.forEach((s) => s.resetAndDestroy());
    server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchLocal();
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${'measure'.padEnd(width)}  ${'value'.padStart(9)}  unit     target`);
  for (const r of rows) {
    console.log(`${r.name.padEnd(width)}  ${String(r.value).padStart(9)}  ${r.unit.padEnd(7)}  ${r.target ?? ''}`);
  }
  process.exit(0);
}
