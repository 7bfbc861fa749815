/**
 * npm run bench: portq against its peers on this machine, in one run.
 * - full 65535-port TCP scan of 127.0.0.1 with known listeners, beside `nmap -sT -p- -T4`
 * - full 65535-port UDP scan of 127.0.0.1 with known UDP listeners, beside `nmap -sU -p-`
 * - local sockets (bench/local-bench.ts) and the terminal UI (bench/ui-bench.ts)
 * Prints wall-time ratios (median of RUNS), peak RSS, and checks that every tool found the truth.
 * Targets: wall ratio <= 1.0 against nmap, peak RSS <= 100 MB, zero false LISTENING.
 * Packets go to 127.0.0.1 only. Installs nmap and GNU time with apt-get when missing (root).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { existsSync } from 'node:fs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TCP_LISTENERS = 200;
const UDP_LISTENERS = 50;

interface Row {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

function ensureTools(): void {
  const missing = [!existsSync('/usr/bin/nmap') && 'nmap', !existsSync('/usr/bin/time') && 'time'].filter(Boolean) as string[];
  if (missing.length === 0) return;
  console.error(`bench: installing ${missing.join(' ')}`);
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Run a command under GNU time: wall seconds and peak RSS in MB. */
function timed(cmd: string, args: string[]): { wall: number; rssMb: number; stdout: string } {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const last = r.stderr.trim().split('\n').at(-1) ?? '';
  const [wall, rss] = last.split(' ').map(Number);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr.slice(-500)}`);
  return { wall: wall!, rssMb: Math.round(rss! / 1024), stdout: r.stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Ports listening on 127.0.0.1 right now, per the kernel (ss), the truth both tools must find. */
function kernelListening(proto: 'tcp' | 'udp'): Set<number> {
  const out = execFileSync('ss', [proto === 'tcp' ? '-Htln' : '-Huln'], { encoding: 'utf8' });
  const ports = new Set<number>();
  for (const line of out.split('\n')) {
    const local = line.trim().split(/\s+/)[3];
    if (!local) continue;
    const [addr, port] = [local.slice(0, local.lastIndexOf(':')), Number(local.slice(local.lastIndexOf(':') + 1))];
    if (/^(127\.|0\.0\.0\.0|\*|\[::\]|\[::ffff:127)/.test(addr)) ports.add(port);
  }
  return ports;
}

function portqStates(stdout: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const line of stdout.split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as { port: number; state: string };
    m.set(r.port, r.state);
  }
  return m;
}

function nmapOpen(stdout: string, proto: 'tcp' | 'udp'): { open: Set<number>; openFiltered: Set<number> } {
  const open = new Set<number>();
  const openFiltered = new Set<number>();
  const re = new RegExp(`(\\d+)/(open|open\\|filtered)/${proto}`, 'g');
  for (const m of stdout.matchAll(re)) (m[2] === 'open' ? open : openFiltered).add(Number(m[1]));
  return { open, openFiltered };
}

async function openListeners(): Promise<{ tcp: Server[]; udp: UdpSocket[] }> {
  const tcp: Server[] = [];
  for (let i = 0; i < TCP_LISTENERS; i++) {
    tcp.push(await new Promise<Server>((resolve) => {
      const s = createServer((c) => c.end());
      s.listen(0, '127.0.0.1', () => resolve(s));
    }));
  }
  const udp: UdpSocket[] = [];
  for (let i = 0; i < UDP_LISTENERS; i++) {
    const s = createSocket('udp4');
    // Half answer (LISTENING), half stay silent (LISTENING OR FILTERED) like most real UDP services.
    if (i % 2 === 0) s.on('message', (_m, r) => s.send('pong', r.port, r.address));
    await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', () => resolve()));
    udp.push(s);
  }
  return { tcp, udp };
}

async function benchScans(): Promise<Row[]> {
  ensureTools();
  const listeners = await openListeners();
  const rows: Row[] = [];
  try {
    // TCP
    const truthTcp = kernelListening('tcp');
    const pq: number[] = [];
    const nm: number[] = [];
    let pqRss = 0;
    let falseTcp = 0;
    let missedTcp = 0;
    for (let i = 0; i < RUNS; i++) {
      const a = timed(process.execPath, ['bin/portq.js', '-n', '127.0.0.1', '-r', '1:65535', '-nr', '--json']);
      const b = timed('nmap', ['-sT', '-p-', '-T4', '-n', '127.0.0.1', '-oG', '-']);
      pq.push(a.wall);
      nm.push(b.wall);
      pqRss = Math.max(pqRss, a.rssMb);
      const states = portqStates(a.stdout);
      const found = [...states].filter(([, s]) => s === 'LISTENING').map(([p]) => p);
      falseTcp += found.filter((p) => !truthTcp.has(p)).length;
      missedTcp += [...truthTcp].filter((p) => states.get(p) !== 'LISTENING').length;
      const nmapFound = nmapOpen(b.stdout, 'tcp').open;
      if (nmapFound.size !== truthTcp.size) console.error(`bench: nmap found ${nmapFound.size} open TCP ports, the kernel lists ${truthTcp.size}`);
    }
    rows.push(
      { name: 'TCP 65535 ports: portq wall', value: median(pq), unit: 's' },
      { name: 'TCP 65535 ports: nmap -sT -T4 wall', value: median(nm), unit: 's' },
      { name: 'TCP wall ratio portq/nmap', value: Math.round((median(pq) / median(nm)) * 100) / 100, unit: 'x', target: '<= 1.0' },
      { name: 'TCP portq peak RSS', value: pqRss, unit: 'MB', target: '<= 100' },
      { name: 'TCP false LISTENING (all runs)', value: falseTcp, unit: 'ports', target: '0' },
      { name: 'TCP listeners missed (all runs)', value: missedTcp, unit: 'ports', target: '0' },
    );

    // UDP
    const truthUdp = kernelListening('udp');
    const upq: number[] = [];
    const unm: number[] = [];
    let uRss = 0;
    let falseUdp = 0;
    let wrongUdp = 0;
    for (let i = 0; i < RUNS; i++) {
      const a = timed(process.execPath, ['bin/portq.js', '-n', '127.0.0.1', '-r', '1:65535', '-p', 'udp', '-nr', '--json']);
      const b = timed('nmap', ['-sU', '-p-', '-n', '127.0.0.1', '-oG', '-']);
      upq.push(a.wall);
      unm.push(b.wall);
      uRss = Math.max(uRss, a.rssMb);
      const states = portqStates(a.stdout);
      for (const [p, s] of states) {
        if (s === 'LISTENING' && !truthUdp.has(p)) falseUdp++;
        // Truth: a bound port is LISTENING or LISTENING OR FILTERED; an unbound one NOT LISTENING.
        if (truthUdp.has(p) ? s === 'NOT LISTENING' : s !== 'NOT LISTENING') {
          wrongUdp++;
          console.error(`bench: udp/${p} ${s}, but it was ${truthUdp.has(p) ? '' : 'not '}bound when the run began`);
        }
      }
    }
    rows.push(
      { name: 'UDP 65535 ports: portq wall', value: median(upq), unit: 's' },
      { name: 'UDP 65535 ports: nmap -sU wall', value: median(unm), unit: 's' },
      { name: 'UDP wall ratio portq/nmap', value: Math.round((median(upq) / median(unm)) * 100) / 100, unit: 'x', target: '<= 1.0' },
      { name: 'UDP portq peak RSS', value: uRss, unit: 'MB', target: '<= 100' },
      { name: 'UDP false LISTENING (all runs)', value: falseUdp, unit: 'ports', target: '0' },
      { name: 'UDP wrong states (all runs)', value: wrongUdp, unit: 'ports', target: '0' },
    );
  } finally {
    listeners.tcp.forEach((s) => s.close());
    listeners.udp.forEach((s) => s.close());
  }
  return rows;
}

function print(title: string, rows: Row[]): void {
  console.log(`\n${title}`);
  for (const r of rows) console.log(`  ${r.name.padEnd(44)} ${String(r.value).padStart(9)} ${r.unit.padEnd(6)} ${r.target ? `target ${r.target}` : ''}`);
}

const load = (await import('node:os')).loadavg()[0]!.toFixed(2);
console.log(`portq bench: ${RUNS} run(s) each, load average ${load} (a busy machine inflates every figure)`);
const only = process.argv[2];
if (!only || only === 'scan') print('Scans of 127.0.0.1', await benchScans());
if (!only || only === 'local') print('Local sockets', await (await import('./local-bench.js')).benchLocal());
if (!only || only === 'ui') print('Terminal UI', await (await import('./ui-bench.js')).benchUi());
