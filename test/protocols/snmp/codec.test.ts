import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSnmpMessage, encodeGetRequest, encodeV3Discovery, SYSTEM_OIDS } from '../../../src/protocols/snmp/codec.js';
import { describeEngineId } from '../../../src/protocols/snmp/engine-id.js';
import { formatTimeTicks } from '../../../src/protocols/snmp/time-ticks.js';
import { DecodeError } from '../../../src/protocols/decode-error.js';
import { loadHexFixture } from '../../helpers/hex-fixture.js';
import { fuzzDecoder } from '../../helpers/fuzz-decoder.js';

const fixture = (name: string) => loadHexFixture(new URL(`./fixtures/${name}`, import.meta.url));

test('GetRequest encodes to the bytes RFC 1157/3416 describe', () => {
  const bytes = encodeGetRequest({ version: 'v2c', community: 'public', requestId: 1, oids: ['1.3.6.1.2.1.1.1.0'] });
  assert.equal(
    bytes.toString('hex'),
    // SEQUENCE { INTEGER 1, OCTET STRING "public", [0] { INTEGER 1, INTEGER 0, INTEGER 0, SEQUENCE { SEQUENCE { OID, NULL } } } }
    '302602010104067075626c6963a019020101020100020100300e300c06082b060102010101000500',
  );
  const v1 = encodeGetRequest({ version: 'v1', community: 'x', requestId: 128, oids: [] });
  // request-id 128 needs a leading zero byte to stay positive (X.690 8.3.2)
  assert.equal(v1.toString('hex'), '3014020100040178a00c020200800201000201003000');
});

test('decodes a real net-snmp v2c response with the six system scalars', () => {
  const msg = decodeSnmpMessage(fixture('v2c-system.hex'));
  assert.equal(msg.version, 'v2c');
  if (msg.version === 'v3') return;
  assert.equal(msg.community, 'public');
  assert.equal(msg.pdu.type, 'response');
  assert.equal(msg.pdu.errorStatus, 0);
  assert.deepEqual(msg.pdu.varbinds.map((v) => v.oid), Object.values(SYSTEM_OIDS));
  assert.deepEqual(msg.pdu.varbinds[0]!.value, { type: 'OctetString', value: 'portq test snmpd', hex: Buffer.from('portq test snmpd').toString('hex'), printable: true });
  assert.deepEqual(msg.pdu.varbinds[1]!.value, { type: 'ObjectIdentifier', value: '1.3.6.1.4.1.8072.3.2.10' });
  assert.equal(msg.pdu.varbinds[2]!.value.type, 'TimeTicks');
});

test('decodes v1 noSuchName and v2c noSuchObject replies', () => {
  const v1 = decodeSnmpMessage(fixture('v1-nosuchname.hex'));
  assert.ok(v1.version === 'v1');
  assert.equal(v1.pdu.errorStatus, 2);
  assert.equal(v1.pdu.errorIndex, 2);
  const v2 = decodeSnmpMessage(fixture('v2c-nosuchobject.hex'));
  assert.ok(v2.version === 'v2c');
  assert.equal(v2.pdu.errorStatus, 0);
  assert.equal(v2.pdu.varbinds[1]!.value.type, 'noSuchObject');
});

test('decodes the v3 discovery Report: engine ID, boots, time, usmStatsUnknownEngineIDs', () => {
  const msg = decodeSnmpMessage(fixture('v3-report.hex'));
  assert.ok(msg.version === 'v3');
  assert.equal(msg.securityModel, 3);
  assert.equal(msg.msgFlags, 0);
  assert.equal(msg.usm?.engineId, '80001f888033096056594e046b00000000');
  assert.equal(msg.usm?.engineBoots, 1);
  assert.equal(msg.scoped?.pdu.type, 'report');
  assert.equal(msg.scoped?.pdu.varbinds[0]!.oid, '1.3.6.1.6.3.15.1.1.4.0');
  assert.equal(msg.scoped?.contextEngineId, '80001f888033096056594e046b00000000');
});

test('the v3 discovery request round-trips through the decoder as RFC 3414 4 asks', () => {
  const msg = decodeSnmpMessage(encodeV3Discovery({ msgId: 77, requestId: 78 }));
  assert.ok(msg.version === 'v3');
  assert.equal(msg.msgId, 77);
  assert.equal(msg.msgFlags, 0x04, 'reportable, noAuthNoPriv');
  assert.equal(msg.usm?.engineId, '');
  assert.equal(msg.usm?.userName, '');
  assert.equal(msg.scoped?.pdu.type, 'get-request');
  assert.equal(msg.scoped?.pdu.requestId, 78);
  assert.deepEqual(msg.scoped?.pdu.varbinds, []);
});

test('rejects malformed BER with DecodeError', () => {
  const bad = [
    '', '30', '3080', '3085ffffffff00', '300302010a00', '3003020100ff', '1f00',
    '300602010504000000', // version 5
    '3009020101040161a40000', // v1 trap tag in v2c
  ];
  for (const hex of bad) assert.throws(() => decodeSnmpMessage(Buffer.from(hex, 'hex')), DecodeError, hex);
});

test('engine ID formats (RFC 3411 5)', () => {
  assert.deepEqual(describeEngineId('80001f8801c0a80001'), { enterprise: 8072, enterpriseName: 'net-snmp', format: 'ipv4', value: '192.168.0.1' });
  assert.deepEqual(describeEngineId('8000013703001122334455'), { enterprise: 311, enterpriseName: 'Microsoft', format: 'mac', value: '00:11:22:33:44:55' });
  assert.equal(describeEngineId('80000009046c6162')?.value, 'lab');
  assert.equal(describeEngineId('000000090102030405060708')?.format, 'rfc1910');
  assert.equal(describeEngineId('8000'), null);
});

test('TimeTicks print as net-snmp prints them', () => {
  assert.equal(formatTimeTicks('97'), '(97) 0:00:00.97');
  assert.equal(formatTimeTicks('8640000'), '(8640000) 1 day, 0:00:00.00');
  assert.equal(formatTimeTicks('4294967295'), '(4294967295) 497 days, 2:27:52.95');
});

test('fuzz: truncations and 10,000 mutations of real replies give a value or DecodeError only', () => {
  const samples = ['v2c-system.hex', 'v1-system.hex', 'v3-report.hex', 'v1-nosuchname.hex', 'v2c-nosuchobject.hex'].map(fixture);
  const stats = fuzzDecoder(decodeSnmpMessage, samples, { mutations: 10_000, seed: 161 });
  assert.equal(stats.mutations, 10_000);
  assert.ok(stats.rejected > 0 && stats.decoded > 0);
});
