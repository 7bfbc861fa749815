/**
 * The ground truth itself, checked with a scanner nobody here wrote (nmap): every TCP port of
 * every host, and the UDP ports whose state comes from ICMP or silence alone (no protocol query
 * can change it), on IPv4 and IPv6. So protocol work starts from a lab that is known to be right.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { addressOf, expectedPorts, loadLab, requireLabClient, type ExpectedPort, type LabState } from './lab.js';
import { runOk } from './lab-exec.js';

const lab = loadLab();
before(requireLabClient);

const NMAP_STATE: Record<string, LabState> = {
  open: 'LISTENING',
  closed: 'NOT LISTENING',
  filtered: 'FILTERED',
  'open|filtered': 'LISTENING OR FILTERED',
};

/** nmap -oG port states: port -> state. */
async function nmap(address: string, protocol: 'tcp' | 'udp', ports: number[]): Promise<Map<number, string>> {
  const args = ['-n', '-Pn', protocol === 'tcp' ? '-sT' : '-sU', '--max-retries', '2', '-p', ports.join(','), '-oG', '-'];
  // IPv6: Linux fails a TCP connect refused by ICMPv6 only after ~1.03 s (FACTS.md); nmap's
  // adaptive timeout would call such a port filtered.
  if (address.includes(':')) args.push('-6', '--min-rtt-timeout', '1500ms', '--initial-rtt-timeout', '1500ms');
  const out = await runOk('nmap', [...args, address], { timeoutMs: 60_000 });
  const line = out.split('\n').find((l) => l.includes('Ports: ')) ?? '';
  const map = new Map<number, string>();
  for (const m of line.matchAll(/(\d+)\/([a-z|]+)\/(tcp|udp)\//g)) map.set(Number(m[1]), m[2]!);
  return map;
}

/** UDP ports whose state no query can change: ICMP decides, or nothing can answer. */
function udpStateIsProbeIndependent(p: ExpectedPort): boolean {
  return p.stateWithoutQuery.length === 1 && p.stateWithoutQuery[0] === p.state && p.running;
}

for (const host of lab.hosts.filter((h) => h.ports.length > 0)) {
  for (const family of [4, 6] as const) {
    const address = addressOf(host, family);
    test(`nmap agrees with the ground truth: ${host.name} ${address}`, async () => {
      const ports = expectedPorts(host, family);
      const tcp = ports.filter((p) => p.protocol === 'tcp');
      // The rate-limited host's closed UDP ports take nmap ~1 s each: its TCP side is enough here.
      const udp = host.icmpRateLimited ? [] : ports.filter((p) => p.protocol === 'udp' && udpStateIsProbeIndependent(p));
      const wrong: string[] = [];
      for (const [protocol, list] of [['tcp', tcp], ['udp', udp]] as const) {
        if (list.length === 0) continue;
        const seen = await nmap(address, protocol, list.map((p) => p.port));
        for (const p of list) {
          const got = NMAP_STATE[seen.get(p.port) ?? ''] ?? `nmap said ${seen.get(p.port)}`;
          if (got !== p.state) wrong.push(`${protocol}/${p.port}: expected ${p.state}, nmap ${got} (${p.server})`);
        }
      }
      assert.deepEqual(wrong, []);
    });
  }
}
