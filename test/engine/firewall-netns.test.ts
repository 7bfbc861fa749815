/**
 * The engine against a firewalled host this test builds: two network namespaces joined by a veth,
 * nftables rules in the target (drop, reject with tcp reset, reject with icmp port-unreachable and
 * admin-prohibited) on TCP and UDP, over IPv4 and IPv6. Each port must get its exact state and
 * reason, once with the target's ICMP limits relaxed and once at kernel defaults in fresh
 * namespaces (the rate-limited case). Needs root (skipped otherwise). Packets stay inside the
 * namespaces, which are removed afterwards.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = process.getuid?.() === 0;
const haveTools = (() => {
  try {
    execFileSync('nft', ['--version'], { stdio: 'ignore' });
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const skip = !root || !haveTools ? 'needs root, ip and nft' : false;

const V4 = { client: '10.251.0.1', target: '10.251.0.2' };
const V6 = { client: 'fd00:251::1', target: 'fd00:251::2' };

// port → [state, reason] expected for every address family.
const TCP_EXPECT: Record<number, [string, string[]]> = {
  1000: ['LISTENING', ['connected']],
  2001: ['FILTERED', ['no-response']],
  2002: ['NOT LISTENING', ['reset']],
  2003: ['NOT LISTENING', ['reset']], // ICMP port unreachable to a SYN surfaces as ECONNREFUSED
  2004: ['FILTERED', ['host-unreachable', 'admin-prohibited']],
  2005: ['NOT LISTENING', ['reset']],
};
const UDP_EXPECT: Record<number, [string, string[]]> = {
  1001: ['LISTENING', ['replied']],
  3001: ['LISTENING OR FILTERED', ['no-response']],
  3002: ['NOT LISTENING', ['port-unreachable']],
  3003: ['FILTERED', ['host-unreachable', 'admin-prohibited']],
  3004: ['NOT LISTENING', ['port-unreachable']],
};

const RULES = `
table inet pqxfw {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 2001 drop
    tcp dport 2002 reject with tcp reset
    tcp dport 2003 reject with icmpx type port-unreachable
    tcp dport 2004 reject with icmpx type admin-prohibited
    udp dport 3001 drop
    udp dport 3002 reject with icmpx type port-unreachable
    udp dport 3003 reject with icmpx type admin-prohibited
  }
}
`;

const SERVER = `
const net = require('net'), dgram = require('dgram');
for (const host of ['0.0.0.0', '::']) {
  net.createServer((s) => s.end()).listen({ port: 1000, host, ipv6Only: host === '::' });
  const u = host === '::' ? dgram.createSocket({ type: 'udp6', ipv6Only: true }) : dgram.createSocket('udp4');
  u.on('message', (m, r) => u.send('pong', r.port, r.address));
  u.bind(1001, host);
}
setTimeout(() => {}, 1 << 30);
`;

function sh(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8' });
}

class Lab {
  server: ChildProcess | null = null;
  constructor(readonly prefix: string) {}
  get client() {
    return `${this.prefix}-c`;
  }
  get target() {
    return `${this.prefix}-t`;
  }
  up(relaxed: boolean): void {
    this.down();
    sh('ip', ['netns', 'add', this.client]);
    sh('ip', ['netns', 'add', this.target]);
    sh('ip', ['link', 'add', 'pqxfw0', 'netns', this.client, 'type', 'veth', 'peer', 'name', 'pqxfw1', 'netns', this.target]);
    for (const [ns, dev, v4, v6] of [
      [this.client, 'pqxfw0', V4.client, V6.client],
      [this.target, 'pqxfw1', V4.target, V6.target],
    ] as const) {
      sh('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
      sh('ip', ['-n', ns, 'addr', 'add', `${v4}/24`, 'dev', dev]);
      sh('ip', ['-n', ns, 'addr', 'add', `${v6}/64`, 'dev', dev, 'nodad']);
      sh('ip', ['-n', ns, 'link', 'set', dev, 'up']);
    }
    if (relaxed) {
      for (const kv of ['net.ipv4.icmp_ratelimit=0', 'net.ipv6.icmp.ratelimit=0', 'net.ipv4.icmp_msgs_per_sec=100000', 'net.ipv4.icmp_msgs_burst=100000']) {
        sh('ip', ['netns', 'exec', this.target, 'sysctl', '-qw', kv]);
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'pqxfw-'));
    writeFileSync(join(dir, 'rules.nft'), RULES);
    writeFileSync(join(dir, 'server.cjs'), SERVER);
    sh('ip', ['netns', 'exec', this.target, 'nft', '-f', join(dir, 'rules.nft')]);
    this.server = spawn('ip', ['netns', 'exec', this.target, process.execPath, join(dir, 'server.cjs')], { stdio: 'ignore' });
    // Wait until the target's listener answers from the client side.
    for (let i = 0; i < 50; i++) {
      try {
        sh('ip', ['netns', 'exec', this.client, process.execPath, '-e', `require('net').connect(1000,'${V4.target}').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))`]);
        return;
      } catch {
        execFileSync('sleep', ['0.1']);
      }
    }
    throw new Error('test target did not come up');
  }
  down(): void {
    this.server?.kill('SIGKILL');
    this.server = null;
    for (const ns of [this.client, this.target]) {
      try {
        for (const pid of sh('ip', ['netns', 'pids', ns]).split(/\s+/).filter(Boolean)) process.kill(Number(pid), 'SIGKILL');
      } catch {
        /* namespace absent */
      }
      try {
        sh('ip', ['netns', 'del', ns]);
      } catch {
        /* absent */
      }
    }
  }
  /** Run the built CLI inside the client namespace; parse its JSON lines. */
  scan(address: string, args: string[]): { rows: Record<string, unknown>[]; stderr: string } {
    let stdout = '';
    let stderr = '';
    try {
      stdout = execFileSync('ip', ['netns', 'exec', this.client, process.execPath, 'bin/portq.js', '-n', address, '-nr', '--json', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      throw new Error(`portq failed: ${e.stderr ?? ''}${e.stdout ?? ''}`);
    }
    return { rows: stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), stderr };
  }
}

function check(rows: Record<string, unknown>[], proto: string, expect: Record<number, [string, string[]]>, label: string): void {
  for (const [port, [state, reasons]] of Object.entries(expect)) {
    const row = rows.find((r) => r.protocol === proto && r.port === Number(port));
    assert.ok(row, `${label}: ${proto}/${port} missing`);
    assert.equal(row.state, state, `${label}: ${proto}/${port} state (${String(row.reasonText)})`);
    assert.ok(reasons.includes(String(row.reason)), `${label}: ${proto}/${port} reason ${String(row.reason)} not in ${reasons.join('|')}`);
  }
}

const relaxedLab = new Lab('pqxfw-r');

before(() => {
  if (!skip) relaxedLab.up(true);
});
after(() => relaxedLab.down());

for (const [family, addr] of [
  ['IPv4', V4.target],
  ['IPv6', V6.target],
] as const) {
  test(`firewall verdicts over ${family} with relaxed ICMP limits`, { skip }, () => {
    const tcp = relaxedLab.scan(addr, ['-p', 'tcp', '-o', Object.keys(TCP_EXPECT).join(','), '--timeout', '1500']);
    check(tcp.rows, 'tcp', TCP_EXPECT, `${family} tcp`);
    const udp = relaxedLab.scan(addr, ['-p', 'udp', '-o', Object.keys(UDP_EXPECT).join(','), '--timeout', '800']);
    check(udp.rows, 'udp', UDP_EXPECT, `${family} udp`);
  });
}

test('a UDP scan of a target at default ICMP rate limits is still exact (pacing)', { skip }, () => {
  const lab = new Lab('pqxfw-d');
  try {
    lab.up(false);
    // 24 closed ports: the kernel answers ~6 at once then one a second; portq must notice and pace.
    const closed = Array.from({ length: 24 }, (_, i) => 4000 + i);
    const ports = [1001, 3001, 3002, 3003, ...closed];
    const { rows } = lab.scan(V4.target, ['-p', 'udp', '-o', ports.join(','), '--timeout', '800']);
    check(rows, 'udp', { 1001: UDP_EXPECT[1001]!, 3001: UDP_EXPECT[3001]! }, 'rate-limited');
    for (const p of [3002, 3003, ...closed]) {
      const row = rows.find((r) => r.port === p)!;
      assert.notEqual(row.state, 'LISTENING OR FILTERED', `udp/${p} was misread as silent: ${String(row.reasonText)}`);
    }
    for (const p of closed) assert.equal(rows.find((r) => r.port === p)!.state, 'NOT LISTENING', `udp/${p}`);
  } finally {
    lab.down();
  }
});
