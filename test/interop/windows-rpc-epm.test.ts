/**
 * RPC endpoint mapper against the lab's Samba DC, compared with impacket (python3-impacket):
 * every UUID, version, annotation and string binding, and the total. impacket's own rpcdump.py
 * gives up on Samba's end-of-list status, so windows-rpcdump.py runs impacket's ept_lookup loop
 * and stops at EPT_S_NOT_REGISTERED (see its header).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { loadLab, requireLabClient } from './lab.js';
import { runOk } from './lab-exec.js';
import { portqJson, portqText } from './services-cli.js';

const lab = loadLab();
const dc = lab.host('dc');
before(requireLabClient);

interface ImpacketEntry {
  uuid: string;
  version: string;
  annotation: string;
  binding: string | null;
}

async function impacketDump(host: string): Promise<{ entries: ImpacketEntry[]; total: number; end: string }> {
  const out = await runOk('/usr/bin/python3', [join(lab.repo, 'test', 'interop', 'windows-rpcdump.py'), host], { timeoutMs: 30_000 });
  const lines = out.trim().split('\n').map((l) => JSON.parse(l));
  const last = lines.pop();
  return { entries: lines, total: last.total, end: last.end };
}

const key = (e: { uuid: string; version: string; annotation: string; binding: string | null }) => `${e.uuid} v${e.version} "${e.annotation}" ${e.binding}`;

test('TCP 135: portq lists exactly the endpoints impacket lists', async () => {
  const [reference, [result]] = await Promise.all([impacketDump(dc.ipv4), portqJson(['-n', dc.ipv4, '-e', '135', '-p', 'tcp', '-nr'])]);
  assert.equal(reference.end, 'ept_s_not_registered', 'Samba ends the list with EPT_S_NOT_REGISTERED');
  assert.equal(result.state, 'LISTENING');
  assert.equal(result.query?.protocol, 'rpc-epm');
  const fields = result.query!.fields;
  assert.equal(fields.totalEndpoints, reference.total);
  assert.ok(reference.total > 20, `a DC registers many endpoints (${reference.total})`);
  const ours = (fields.endpoints as { interfaceUuid: string; interfaceVersion: string; annotation: string; binding: string }[]).map((e) =>
    key({ uuid: e.interfaceUuid, version: e.interfaceVersion, annotation: e.annotation, binding: e.binding }),
  );
  assert.deepEqual(ours.sort(), reference.entries.map(key).sort());
  // the dynamic TCP ports are what the mapper handed out, 135 excluded
  const refPorts = [...new Set(reference.entries.map((e) => /^ncacn_ip_tcp:.*\[(\d+)\]$/.exec(e.binding ?? '')?.[1]).filter(Boolean).map(Number))]
    .filter((p) => p !== 135)
    .sort((a, b) => a - b);
  assert.deepEqual(fields.dynamicTcpPorts, refPorts);
  assert.deepEqual(result.query!.discovered?.map((d) => d.port), refPorts);
});

test('TCP 135: PortQry\'s text block, with the same total', async () => {
  const [reference, text] = await Promise.all([impacketDump(dc.ipv4), portqText(['-n', dc.ipv4, '-e', '135', '-p', 'tcp', '-nr'])]);
  assert.match(text, /Querying Endpoint Mapper Database\.\.\./);
  assert.match(text, new RegExp(`Total endpoints found: ${reference.total}\\n`));
  assert.match(text, /==== End of RPC Endpoint Mapper query response ====/);
  const uuidLines = text.split('\n').filter((l) => l.startsWith('UUID: '));
  assert.equal(uuidLines.length, reference.total);
  for (const e of reference.entries) assert.ok(uuidLines.includes(`UUID: ${e.uuid} ${e.annotation}`.trimEnd()), `UUID line for ${e.uuid} ${e.annotation}`);
});

test('--rpc-ports probes the dynamic ports the endpoint mapper handed out, and they listen', async () => {
  const results = await portqJson(['-n', dc.ipv4, '-e', '135', '-p', 'tcp', '-nr', '--rpc-ports']);
  const dynamic = results.filter((r) => r.port !== 135);
  assert.ok(dynamic.length >= 1, 'at least one dynamic port probed');
  for (const r of dynamic) assert.equal(r.state, 'LISTENING', `tcp/${r.port}`);
});

test('-r range scans skip the dump unless --rpc-dump asks for it (PortQry)', async () => {
  const skipped = await portqJson(['-n', dc.ipv4, '-r', '135:136', '-p', 'tcp', '-nr']);
  const asked = await portqJson(['-n', dc.ipv4, '-r', '135:136', '-p', 'tcp', '-nr', '--rpc-dump']);
  assert.notEqual(skipped.find((r) => r.port === 135)?.query?.protocol, 'rpc-epm');
  assert.equal(asked.find((r) => r.port === 135)?.query?.protocol, 'rpc-epm');
});

test('UDP 135: Samba has no connectionless endpoint mapper, and portq says NOT LISTENING', async () => {
  const [result] = await portqJson(['-n', dc.ipv4, '-e', '135', '-p', 'udp', '-nr']);
  assert.equal(result.state, 'NOT LISTENING');
});
