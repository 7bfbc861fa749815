import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeNtp, describeReferenceId, encodeClientRequest, fromUnixMs, toUnixMs } from '../../../src/protocols/ntp/codec.js';
import { ntpModule, runNtp } from '../../../src/protocols/ntp/module.js';
import { DecodeError } from '../../../src/protocols/decode-error.js';
import { fakeChannel } from '../../helpers/fake-channel.js';
import { loadHexFixture } from '../../helpers/hex-fixture.js';
import { fuzzDecoder } from '../../helpers/fuzz-decoder.js';

const chrony = loadHexFixture(new URL('./fixtures/chrony-stratum10.hex', import.meta.url));
const COOKIE = { seconds: 0xf37c68dd, fraction: 0x253f5f7c };

test('client request: LI 0, VN 4, mode 3, the cookie in the transmit timestamp (RFC 5905 7.3)', () => {
  const req = encodeClientRequest(COOKIE);
  assert.equal(req.length, 48);
  assert.equal(req[0], 0x23);
  assert.equal(req.subarray(40).toString('hex'), 'f37c68dd253f5f7c');
  assert.ok(req.subarray(1, 40).every((b) => b === 0));
});

test('chrony answer: mode 4, stratum 10, reference 127.127.1.1, origin echoes the cookie', () => {
  const p = decodeNtp(chrony);
  assert.equal(p.mode, 4);
  assert.equal(p.version, 4);
  assert.equal(p.stratum, 10);
  assert.deepEqual(describeReferenceId(p.stratum, p.referenceIdHex), { kind: 'address', text: '127.127.1.1' });
  assert.deepEqual(p.origin, COOKIE);
  assert.equal(new Date(toUnixMs(p.transmit)).getUTCFullYear(), 2026);
});

test('timestamps round-trip and pivot eras (RFC 5905 6)', () => {
  const ms = Date.UTC(2026, 10, 23, 14, 0, 0, 250);
  assert.ok(Math.abs(toUnixMs(fromUnixMs(ms)) - ms) < 0.001);
  const after2036 = Date.UTC(2040, 0, 1);
  assert.ok(Math.abs(toUnixMs(fromUnixMs(after2036)) - after2036) < 0.001);
});

test('module: offset and delay from the four timestamps (RFC 5905 8) with a fixed clock', async () => {
  const p = decodeNtp(chrony);
  const t2 = toUnixMs(p.receive);
  const t3 = toUnixMs(p.transmit);
  // Our clock 100 ms behind the server, 2 ms each way.
  const times = [t2 - 2 - 100, t3 + 2 - 100];
  const ch = fakeChannel({ transport: 'udp', port: 123, replies: [chrony] });
  const r = await runNtp(ch, () => times.shift()!, COOKIE);
  assert.equal(r.listening, true);
  assert.ok(Math.abs((r.fields.offsetMs as number) - 100) < 1e-6);
  assert.ok(Math.abs((r.fields.delayMs as number) - 4) < 1e-6);
  assert.equal(r.fields.stratum, 10);
  assert.match(r.summary, /^stratum 10, reference 127\.127\.1\.1, offset \+100\.000 ms$/);
});

test('an answer that does not echo our cookie, or is not mode 4, is refused', async () => {
  const ch = fakeChannel({ transport: 'udp', port: 123, replies: [chrony] });
  await assert.rejects(runNtp(ch, () => 0, { seconds: 1, fraction: 2 }), /origin timestamp/);
  const client = Buffer.from(chrony);
  client[0] = 0x23;
  await assert.rejects(runNtp(fakeChannel({ transport: 'udp', port: 123, replies: [client] }), () => 0, COOKIE), /mode 3/);
});

test("kiss-o'-death (stratum 0, RATE) still proves the server", async () => {
  const kod = Buffer.from(chrony);
  kod[1] = 0;
  kod.write('RATE', 12, 'latin1');
  const r = await runNtp(fakeChannel({ transport: 'udp', port: 123, replies: [kod] }), () => 0, COOKIE);
  assert.equal(r.listening, true);
  assert.equal(r.fields.kissCode, 'RATE');
  assert.equal(r.fields.offsetMs, null);
});

test('short or versionless datagrams are DecodeErrors; fuzz 10,000 mutations', () => {
  assert.throws(() => decodeNtp(chrony.subarray(0, 47)), DecodeError);
  const zeroVersion = Buffer.from(chrony);
  zeroVersion[0] = 0x04;
  assert.throws(() => decodeNtp(zeroVersion), DecodeError);
  assert.equal(fuzzDecoder(decodeNtp, [chrony], { mutations: 10_000, seed: 123 }).mutations, 10_000);
});

test('registration', () => {
  assert.deepEqual(ntpModule.services, ['ntp']);
});
