import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeControl, encodeSccrq, encodeStopCcn } from '../../../src/protocols/l2tp/codec.js';
import { l2tpModule, runL2tp } from '../../../src/protocols/l2tp/module.js';
import { DecodeError } from '../../../src/protocols/decode-error.js';
import { fakeChannel } from '../../helpers/fake-channel.js';
import { loadHexFixture } from '../../helpers/hex-fixture.js';
import { fuzzDecoder } from '../../helpers/fuzz-decoder.js';

const sccrp = loadHexFixture(new URL('./fixtures/xl2tpd-sccrp.hex', import.meta.url));

test('SCCRQ: control header T/L/S, version 2, Message Type first, the mandatory AVPs (RFC 2661 6.1)', () => {
  const m = decodeControl(encodeSccrq(0x1234, 'portq'));
  assert.equal(m.messageName, 'SCCRQ');
  assert.equal(m.tunnelId, 0);
  assert.deepEqual(
    m.avps.filter((a) => a.mandatory).map((a) => a.name),
    ['Message Type', 'Protocol Version', 'Framing Capabilities', 'Bearer Capabilities', 'Host Name', 'Assigned Tunnel ID'],
  );
});

test('xl2tpd SCCRP: host, vendor, its tunnel ID; then StopCCN closes it', async () => {
  const ch = fakeChannel({ transport: 'udp', port: 1701, replies: [sccrp] });
  const r = await runL2tp(ch, 0xc377);
  assert.equal(r.listening, true);
  assert.equal(r.fields.hostName, 'pqx-lns');
  assert.equal(r.fields.vendorName, 'xelerance.com');
  assert.equal(r.fields.assignedTunnelId, 0x487f);
  assert.equal(r.summary, 'SCCRP (host pqx-lns, vendor xelerance.com)');
  const stop = decodeControl(ch.sent[1]!);
  assert.equal(stop.messageName, 'StopCCN');
  assert.equal(stop.tunnelId, 0x487f);
  assert.equal(stop.ns, 1);
  assert.equal(stop.nr, 1);
});

test('a StopCCN answer is reported with its result code; another tunnel is refused', async () => {
  const refusal = encodeStopCcn(0xc377, 9, 0, 1);
  const r = await runL2tp(fakeChannel({ transport: 'udp', port: 1701, replies: [refusal] }), 0xc377);
  assert.match(r.summary, /^StopCCN: 1 \(General request/);
  await assert.rejects(runL2tp(fakeChannel({ transport: 'udp', port: 1701, replies: [sccrp] }), 1), /tunnel/);
});

test('malformed control messages', () => {
  for (const hex of ['c802', '0802000c000000000000000000', 'c803000c0000000000000000', 'c8020010000000000000000080060000']) {
    assert.throws(() => decodeControl(Buffer.from(hex, 'hex')), DecodeError, hex);
  }
});

test('fuzz: truncations and 10,000 mutations', () => {
  assert.equal(fuzzDecoder(decodeControl, [sccrp, encodeSccrq(7, 'portq')], { mutations: 10_000, seed: 1701 }).mutations, 10_000);
});

test('registration', () => assert.deepEqual(l2tpModule.services, ['l2tp']));
