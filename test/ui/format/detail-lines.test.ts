import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detailContent } from '../../../src/ui/format/detail-lines.js';
import type { ProbeResult } from '../../../src/engine/types.js';
import type { StyledLine } from '../../../src/ui/format/styled-line.js';

const text = (l: StyledLine) => l.map((s) => s.text).join('');

const result: ProbeResult = {
  protocol: 'udp',
  port: 53,
  target: 'ns.test',
  address: '127.0.0.1',
  service: 'domain',
  state: 'LISTENING',
  reason: 'protocol-reply',
  reasonText: 'DNS answered',
  rttMs: 1.25,
  tries: 1,
  finishedAt: Date.UTC(2024, 0, 1),
  seq: 7,
  query: {
    protocol: 'dns',
    listening: true,
    summary: 'NOERROR, 1 answer',
    fields: { rcode: 'NOERROR', answers: [{ name: 'version.bind', data: 'dnsmasq-2.90' }] },
    text: 'UDP port 53 (domain service): LISTENING\nDNS query to 127.0.0.1 returned NOERROR',
    notes: ['used EDNS'],
    exchanges: [
      { direction: 'sent', bytes: Uint8Array.from([0x12, 0x34, 0x01, 0x00]), atMs: 0, label: 'version.bind CH TXT' },
      { direction: 'received', bytes: Uint8Array.from([0x12, 0x34, 0x81, 0x80, 0x41]), atMs: 1.2 },
    ],
  },
};

test('Detail at 80 columns: verdict, tree, notes, hex dumps of both directions, PortQry text, in one column', () => {
  const c = detailContent(result, 80);
  assert.equal(c.right, null);
  const lines = c.left.map(text);
  assert.match(lines[0]!, /^UDP 53 \(domain\)  ● LISTENING$/);
  assert.ok(lines.includes('Answer (dns)  NOERROR, 1 answer'));
  assert.ok(lines.includes('      data: "dnsmasq-2.90"'));
  assert.ok(lines.includes('  used EDNS'));
  assert.ok(lines.some((l) => l.startsWith('→ sent 4 bytes at 0.0 ms  version.bind CH TXT')));
  assert.ok(lines.includes('  0000  12 34 01 00                                       |.4..|'));
  assert.ok(lines.some((l) => l.startsWith('← received 5 bytes')));
  assert.ok(lines.includes('  0000  12 34 81 80 41                                    |.4..A|'));
  assert.ok(lines.includes('  DNS query to 127.0.0.1 returned NOERROR'));
  assert.equal(c.lineCount, c.left.length);
});

test('narrow terminals get 8 bytes a line; wide ones the hex dumps beside the tree', () => {
  const narrow = detailContent(result, 60).left.map(text);
  assert.ok(narrow.includes('  0000  12 34 01 00               |.4..|'));
  const wide = detailContent(result, 160);
  assert.ok(wide.right);
  assert.ok(wide.right.map(text).includes('  0000  12 34 01 00                                       |.4..|'));
  assert.ok(!wide.left.map(text).some((l) => l.includes('0000')));
  assert.equal(wide.lineCount, Math.max(wide.left.length, wide.right.length));
});

test('a port without a protocol query says so; ASCII terminals get ASCII arrows', () => {
  const { query: _q, ...plain } = result;
  const lines = detailContent({ ...plain, state: 'FILTERED' }, 80, false).left.map(text);
  assert.match(lines[0]!, /# FILTERED/);
  assert.ok(lines.some((l) => l.startsWith('No protocol query ran')));
  assert.ok(lines.some((l) => l.includes('nothing was sent or received')));
});
