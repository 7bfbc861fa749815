import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InOrderPrinter, headerText, resultText, verdictLine } from '../../src/report/text.js';
import { LogFile, LOG_FOOTER } from '../../src/report/log-file.js';
import { resultToJson, resultToJsonLine } from '../../src/report/json-lines.js';
import type { ProbeResult } from '../../src/engine/types.js';

function result(port: number, protocol: 'tcp' | 'udp', state: ProbeResult['state'], service: string | null = null): ProbeResult {
  return { target: 'h', address: '127.0.0.1', port, protocol, service, state, reason: 'connected', reasonText: 'why', rttMs: 1, tries: 1, finishedAt: 0, seq: port };
}

test('verdict lines have PortQry\'s shape', () => {
  assert.equal(verdictLine(result(135, 'tcp', 'LISTENING', 'epmap')), 'TCP port 135 (epmap service): LISTENING');
  assert.equal(verdictLine(result(389, 'udp', 'LISTENING OR FILTERED')), 'UDP port 389 (unknown service): LISTENING or FILTERED');
  assert.match(resultText(result(1, 'tcp', 'NOT LISTENING'), { showReason: true }), /\n {2}why: why/);
});

test('header shows name resolution and the address chosen among several', () => {
  const h = headerText({ target: 'dc', address: '10.0.0.5', family: 4, allAddresses: ['10.0.0.5', 'fd00::5'], wasName: true, reverseName: null, reverseLookup: 'not-applicable' });
  assert.match(h, /Querying target system called:\n\n dc\n/);
  assert.match(h, /Name resolved to 10\.0\.0\.5/);
  assert.match(h, /has 2 addresses: 10\.0\.0\.5, fd00::5; using 10\.0\.0\.5/);
  const f = headerText({ target: '10.1.1.1', address: '10.1.1.1', family: 4, allAddresses: [], wasName: false, reverseName: null, reverseLookup: 'failed' });
  assert.match(f, /Failed to resolve IP address to name/);
});

test('results print in the order given, whatever order they finish in', () => {
  const printed: number[] = [];
  const p = new InOrderPrinter([{ protocol: 'tcp', port: 3 }, { protocol: 'tcp', port: 1 }, { protocol: 'tcp', port: 2 }], (r) => printed.push(r.port));
  p.add(result(2, 'tcp', 'LISTENING'));
  p.add(result(1, 'tcp', 'LISTENING'));
  assert.deepEqual(printed, []);
  p.add(result(3, 'tcp', 'LISTENING'));
  assert.deepEqual(printed, [3, 1, 2]);
});

test('log file has PortQry\'s header and footer and survives a second close', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portq-log-'));
  const path = join(dir, 'x.log');
  const log = LogFile.create(path, 'portq -n h', '1.2.3', new Date(2026, 10, 23, 14, 5, 6));
  log.write('TCP port 80 (http service): LISTENING\n');
  log.close('Interrupted by Ctrl-C');
  log.close();
  const text = readFileSync(path, 'utf8');
  assert.match(text, /^portq Version 1\.2\.3 Log File/);
  assert.match(text, /System Date: Mon Nov 23 14:05:06 2026/);
  assert.match(text, /Command run:\n portq -n h/);
  assert.match(text, /Local computer name:/);
  assert.ok(text.trimEnd().endsWith(LOG_FOOTER));
  assert.equal(text.split(LOG_FOOTER).length, 2);
});

test('JSON carries state, reason, timing, and raw bytes as hex', () => {
  const r = result(53, 'udp', 'LISTENING', 'domain');
  r.query = { protocol: 'dns', listening: true, summary: 's', fields: { rcode: 'NOERROR' }, text: 't', notes: [], exchanges: [{ direction: 'sent', bytes: Uint8Array.of(1, 255), atMs: 0 }] };
  const j = resultToJson(r, null);
  assert.equal(j.state, 'LISTENING');
  assert.equal(j.reason, 'connected');
  assert.deepEqual((j.raw as { hex: string }[])[0]!.hex, '01ff');
});

test('the direct JSON line of a port without a query is exactly JSON.stringify of its object', () => {
  const target = { target: 'h', address: '::1', family: 6 as const, allAddresses: [], wasName: false, reverseName: 'ip6-"lo"calhost', reverseLookup: 'resolved' as const };
  const odd = { ...result(65535, 'udp', 'LISTENING OR FILTERED'), target: 'host "quoted" \\ \u00e9\u2028', reasonText: 'line\nbreak\ttab \u0001', rttMs: null, finishedAt: 1_790_000_000_123 };
  for (const r of [result(1, 'tcp', 'NOT LISTENING', 'tcpmux'), result(80, 'tcp', 'LISTENING'), odd]) {
    for (const t of [null, target]) assert.equal(resultToJsonLine(r, t), JSON.stringify(resultToJson(r, t)));
  }
});
