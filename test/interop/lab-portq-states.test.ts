/**
 * portq's own CLI against the lab's ground truth: every listed port of every host, TCP and UDP,
 * IPv4 and IPv6, must get the state the ground truth names (`node bin/portq.js ... --json`).
 * A UDP port whose service portq has no query for yet may get any of `stateWithoutQuery`.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { join } from 'node:path';
import { moduleForService } from '../../src/protocols/registry.js';
import { addressOf, expectedPorts, loadLab, requireLabClient, type ExpectedPort } from './lab.js';
import { run } from './lab-exec.js';

const lab = loadLab();
before(requireLabClient);

/** The contract this test relies on: one JSON object per line, per probed port and protocol. */
interface PortqLine {
  address: string;
  port: number;
  protocol: 'tcp' | 'udp';
  state: string;
  reason: string;
}

async function portq(address: string, ports: number[]): Promise<PortqLine[]> {
  const bin = join(lab.repo, 'bin', 'portq.js');
  const r = await run(process.execPath, [bin, '-n', address, '-p', 'both', '-o', ports.join(','), '--json'], {
    timeoutMs: 120_000,
  });
  assert.ok(!r.timedOut, `portq timed out on ${address}`);
  const lines = r.stdout.split('\n').filter((l) => l.trim().startsWith('{'));
  assert.ok(lines.length > 0, `portq printed no JSON for ${address} (exit ${r.code}): ${r.stderr}`);
  return lines.map((l) => JSON.parse(l) as PortqLine);
}

/** The states portq may report for a port, given the queries it has today. */
function allowedStates(p: ExpectedPort): string[] {
  if (p.protocol === 'tcp') return [p.state];
  return moduleForService(p.service, 'udp') ? [p.state] : p.stateWithoutQuery;
}

for (const host of lab.hosts.filter((h) => h.ports.length > 0)) {
  for (const family of [4, 6] as const) {
    const address = addressOf(host, family);
    test(`portq reports the ground truth for ${host.name} ${address}`, async () => {
      const expected = expectedPorts(host, family);
      const ports = [...new Set(expected.map((p) => p.port))];
      const seen = await portq(address, ports);
      const wrong: string[] = [];
      for (const p of expected) {
        const got = seen.find((s) => s.port === p.port && s.protocol === p.protocol);
        const allowed = allowedStates(p);
        if (!got) wrong.push(`${p.protocol}/${p.port}: no result`);
        else {
          assert.equal(got.address, address);
          if (!allowed.includes(got.state)) {
            wrong.push(`${p.protocol}/${p.port}: expected ${allowed.join(' or ')}, portq said ${got.state} (${got.reason}); ${p.server}`);
          }
        }
      }
      assert.deepEqual(wrong, []);
    });
  }
}
