import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeIke, encodeIkeV1MainMode, encodeIkeV2SaInit, OFFERED_V1, OFFERED_V2 } from '../../../src/protocols/isakmp/codec.js';
import { ikeNatTModule, isakmpModule, runIke } from '../../../src/protocols/isakmp/module.js';
import { DecodeError } from '../../../src/protocols/decode-error.js';
import { fakeChannel } from '../../helpers/fake-channel.js';
import { loadHexFixture } from '../../helpers/hex-fixture.js';
import { fuzzDecoder } from '../../helpers/fuzz-decoder.js';

const fixture = (n: string) => loadHexFixture(new URL(`./fixtures/${n}`, import.meta.url));
const VALUES = {
  v2Spi: Buffer.from('814220c90d2631be', 'hex'),
  v1Cookie: Buffer.from('d0f4b2054de3c03f', 'hex'),
  keData: Buffer.alloc(32, 9),
  nonce: Buffer.alloc(32, 7),
};

test('IKEv2 IKE_SA_INIT request decodes back to what RFC 7296 1.2 asks: HDR, SA, KE, Ni', () => {
  const m = decodeIke(encodeIkeV2SaInit(VALUES.v2Spi, VALUES.keData, VALUES.nonce));
  assert.equal(m.header.majorVersion, 2);
  assert.equal(m.header.exchange, 'IKE_SA_INIT');
  assert.equal(m.header.flags, 0x08, 'Initiator flag');
  assert.equal(m.header.responderSpi, '0000000000000000');
  assert.deepEqual(m.payloads.map((p) => p.name), ['SA', 'KE', 'Nonce']);
  const transforms = m.payloads[0]!.sa!.proposals[0]!.transforms;
  assert.equal(transforms.length, OFFERED_V2.length);
  assert.deepEqual(transforms[0], { type: 'ENCR', id: 12, name: 'AES_CBC', keyLength: 128 });
  assert.deepEqual(m.payloads[1]!.ke, { group: 31, groupName: 'CURVE25519', length: 32 });
  assert.equal(m.payloads[2]!.nonceLength, 32);
});

test('IKEv1 main mode message: SA with DOI IPsec and the offered KEY_IKE transforms (RFC 2409 5)', () => {
  const m = decodeIke(encodeIkeV1MainMode(VALUES.v1Cookie));
  assert.equal(m.header.majorVersion, 1);
  assert.equal(m.header.exchangeType, 2);
  const sa = m.payloads[0]!.sa!;
  assert.equal(sa.doi, 1);
  assert.equal(sa.situation, 1);
  assert.equal(sa.proposals[0]!.attributes!.length, OFFERED_V1.length);
  assert.deepEqual(sa.proposals[0]!.attributes![0], { encryption: 7, hash: 4, authentication: 1, group: 14, lifeType: 1, lifeDuration: 28800, keyLength: 128 });
});

test('charon refusals decode: IKEv2 NO_PROPOSAL_CHOSEN, IKEv1 Informational NO-PROPOSAL-CHOSEN', () => {
  const v2 = decodeIke(fixture('charon-v2-no-proposal.hex'));
  assert.equal(v2.header.flags & 0x20, 0x20, 'Response flag');
  assert.equal(v2.payloads[0]!.notify!.name, 'NO_PROPOSAL_CHOSEN');
  const v1 = decodeIke(fixture('charon-v1-no-proposal.hex'));
  assert.equal(v1.header.exchange, 'Informational');
  assert.equal(v1.payloads[0]!.notify!.name, 'NO-PROPOSAL-CHOSEN');
});

test('module on 500: both answers matched by SPI; listening', async () => {
  const ch = fakeChannel({ transport: 'udp', port: 500, replies: [fixture('charon-v2-no-proposal.hex'), fixture('charon-v1-no-proposal.hex')] });
  const r = await runIke(ch, false, VALUES);
  assert.equal(ch.sent.length, 2);
  assert.equal(r.listening, true);
  assert.equal(r.summary, 'IKEv2: NO_PROPOSAL_CHOSEN; IKEv1: NO-PROPOSAL-CHOSEN');
  assert.match(r.text, /==== End of ISAKMP query response ====$/);
});

test('module on 4500: the non-ESP marker on every message, both ways', async () => {
  const ch = fakeChannel({ transport: 'udp', port: 4500, replies: [fixture('charon-v2-nat-t.hex')] });
  const r = await runIke(ch, true, { ...VALUES, v2Spi: Buffer.from('720908e3239a9dba', 'hex') });
  assert.ok(ch.sent.every((b) => b.readUInt32BE(0) === 0));
  assert.equal(r.listening, true);
  assert.match(r.summary, /^IKEv2: NO_PROPOSAL_CHOSEN; IKEv1: no answer$/);
});

test('answers for other SPIs or garbage are not proof', async () => {
  const ch = fakeChannel({ transport: 'udp', port: 500, replies: [fixture('charon-v2-no-proposal.hex')] });
  await assert.rejects(runIke(ch, false, { ...VALUES, v2Spi: Buffer.alloc(8, 1), v1Cookie: Buffer.alloc(8, 2) }), /another initiator SPI/);
  await assert.rejects(runIke(fakeChannel({ transport: 'udp', port: 500, replies: [Buffer.from('hi')] }), false, VALUES), DecodeError);
});

test('malformed messages: wrong length, bad version, payload past the end', () => {
  const good = fixture('charon-v2-no-proposal.hex');
  assert.throws(() => decodeIke(Buffer.concat([good, Buffer.from([0])])), DecodeError);
  const badVersion = Buffer.from(good);
  badVersion[17] = 0x30;
  assert.throws(() => decodeIke(badVersion), DecodeError);
  const longPayload = Buffer.from(good);
  longPayload.writeUInt16BE(200, 30);
  assert.throws(() => decodeIke(longPayload), DecodeError);
});

test('fuzz: truncations and 10,000 mutations of real answers and our requests', () => {
  const samples = [
    fixture('charon-v2-no-proposal.hex'),
    fixture('charon-v1-no-proposal.hex'),
    encodeIkeV2SaInit(VALUES.v2Spi, VALUES.keData, VALUES.nonce),
    encodeIkeV1MainMode(VALUES.v1Cookie),
  ];
  assert.equal(fuzzDecoder(decodeIke, samples, { mutations: 10_000, seed: 500 }).mutations, 10_000);
});

test('registration: isakmp on 500, ipsec-nat-t on 4500', () => {
  assert.deepEqual(isakmpModule.services, ['isakmp']);
  assert.deepEqual(ikeNatTModule.services, ['ipsec-nat-t']);
});
