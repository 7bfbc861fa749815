import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodePrelogin,
  decodeTdsPacket,
  encodePrelogin,
  encodeTdsPacket,
  tdsPacketFramer,
} from '../../../src/protocols/tds/codec.js';
import { runTds } from '../../../src/protocols/tds/module.js';
import { DecodeError } from '../../../src/protocols/decode-error.js';
import { fakeChannel } from '../../helpers/fake-channel.js';
import { loadHexFixture } from '../../helpers/hex-fixture.js';
import { fuzzDecoder } from '../../helpers/fuzz-decoder.js';

const fixture = (name: string) => loadHexFixture(new URL(`./fixtures/${name}`, import.meta.url));

test('our PRELOGIN has the layout of the [MS-TDS] 4.1 example', () => {
  const spec = fixture('spec-4-1-prelogin.hex');
  const ours = encodeTdsPacket(
    0x12,
    encodePrelogin({ version: Buffer.from([9, 0, 0, 0, 0, 0]), encryption: 1, instance: '', threadId: 0xdb8, mars: true }),
  );
  assert.deepEqual(ours, spec);
});

test('decodes the spec example and the responder answer', () => {
  const spec = decodePrelogin(decodeTdsPacket(fixture('spec-4-1-prelogin.hex')).payload);
  assert.deepEqual(spec.version, { major: 9, minor: 0, build: 0, subBuild: 0, text: '9.0.0' });
  assert.equal(spec.encryptionName, 'ENCRYPT_ON');
  assert.equal(spec.threadId, 0xdb8);
  assert.equal(spec.mars, true);
  const packet = decodeTdsPacket(fixture('prelogin-response-responder.hex'));
  assert.equal(packet.type, 0x04);
  const r = decodePrelogin(packet.payload);
  assert.equal(r.version?.text, '15.0.2000');
  assert.equal(r.encryptionName, 'ENCRYPT_NOT_SUP');
  assert.equal(r.instOpt, 0);
});

test('framer waits for the whole packet and rejects a Length under 8', () => {
  const whole = fixture('prelogin-response-responder.hex');
  assert.equal(tdsPacketFramer(whole.subarray(0, 3)), null);
  assert.equal(tdsPacketFramer(whole.subarray(0, 20)), null);
  assert.equal(tdsPacketFramer(Buffer.concat([whole, Buffer.from([1, 2])])), whole.length);
  assert.throws(() => tdsPacketFramer(Buffer.from([4, 1, 0, 3])), DecodeError);
});

test('option data outside the payload is a DecodeError', () => {
  assert.throws(() => decodePrelogin(Buffer.from('000010000601', 'hex')), DecodeError);
  assert.throws(() => decodePrelogin(Buffer.from('00', 'hex')), DecodeError);
  assert.throws(() => decodePrelogin(Buffer.from('000006000002ff0000', 'hex')), DecodeError, 'VERSION shorter than 6');
});

test('module: version, release and encryption from the answer; split across TCP reads', async () => {
  const answer = fixture('prelogin-response-responder.hex');
  const ch = fakeChannel({ transport: 'tcp', port: 1433, replies: [answer.subarray(0, 10), answer.subarray(10)] });
  const r = await runTds(ch, 7);
  assert.equal(ch.sent[0]![0], 0x12);
  assert.equal(r.listening, true);
  assert.equal(r.fields.version, '15.0.2000');
  assert.equal(r.fields.release, 'SQL Server 2019');
  assert.equal(r.fields.encryption, 'ENCRYPT_NOT_SUP');
  assert.match(r.text, /^TDS pre-login response:\nVersion 15\.0\.2000 \(SQL Server 2019\)\nEncryption ENCRYPT_NOT_SUP/);
  assert.equal(r.summary, 'SQL Server 15.0.2000 (SQL Server 2019), encryption ENCRYPT_NOT_SUP');
});

test('module: a non-TDS answer is a DecodeError', async () => {
  const ch = fakeChannel({ transport: 'tcp', port: 1433, replies: [Buffer.from('SSH-2.0-OpenSSH_9.2\r\n')] });
  await assert.rejects(runTds(ch, 7), DecodeError);
});

test('fuzz: packet + PRELOGIN decoding, truncations and 10,000 mutations', () => {
  const decode = (b: Buffer) => decodePrelogin(decodeTdsPacket(b).payload);
  const stats = fuzzDecoder(decode, [fixture('prelogin-response-responder.hex'), fixture('spec-4-1-prelogin.hex')], { mutations: 10_000, seed: 1433 });
  assert.equal(stats.mutations, 10_000);
});
