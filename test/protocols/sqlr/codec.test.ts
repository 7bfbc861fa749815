import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeDacResponse,
  decodeInstanceResponse,
  encodeInstanceResponse,
  encodeUcastDac,
  encodeUcastEx,
  encodeUcastInst,
  parseInstances,
} from '../../../src/protocols/sqlr/codec.js';
import { sqlServerRelease } from '../../../src/protocols/sqlr/sql-server-release.js';
import { DecodeError } from '../../../src/protocols/decode-error.js';
import { loadHexFixture } from '../../helpers/hex-fixture.js';
import { fuzzDecoder } from '../../helpers/fuzz-decoder.js';

const fixture = (name: string) => loadHexFixture(new URL(`./fixtures/${name}`, import.meta.url));

test('requests are the bytes of [MC-SQLR] 2.2.2-2.2.4', () => {
  assert.deepEqual([...encodeUcastEx()], [0x03]);
  assert.equal(encodeUcastInst('PORTQ').toString('hex'), '04' + Buffer.from('PORTQ').toString('hex') + '00');
  assert.equal(encodeUcastDac('A').toString('hex'), '0f014100');
  assert.throws(() => encodeUcastInst('X'.repeat(33)), RangeError);
});

test('decodes a two-instance SVR_RESP', () => {
  const instances = decodeInstanceResponse(fixture('ucast-ex-two-instances.hex'));
  assert.equal(instances.length, 2);
  assert.deepEqual(
    instances.map((i) => [i.serverName, i.instanceName, i.isClustered, i.version, i.tcp, i.np]),
    [
      ['SVC', 'MSSQLSERVER', false, '15.0.2000.5', 1433, '\\\\SVC\\pipe\\sql\\query'],
      ['SVC', 'PORTQ', false, '16.0.1000.6', 49733, '\\\\SVC\\pipe\\MSSQL$PORTQ\\sql\\query'],
    ],
  );
});

test('other transports (via, rpc, bv) are kept; an instance without tcp has tcp null', () => {
  const text =
    'ServerName;S1;InstanceName;A;IsClustered;Yes;Version;8.00.194;rpc;S1;via;S1,0:1433;;' +
    'ServerName;S1;InstanceName;B;IsClustered;No;Version;9.00.1399.06;bv;item;group;item2;;';
  const [a, b] = parseInstances(text);
  assert.equal(a!.isClustered, true);
  assert.equal(a!.tcp, null);
  assert.deepEqual(a!.other, { rpc: 'S1', via: 'S1,0:1433' });
  assert.deepEqual(b!.other, { bv: 'item;group;item2' });
});

test('encodeInstanceResponse round-trips', () => {
  const instances = decodeInstanceResponse(fixture('ucast-ex-two-instances.hex'));
  assert.deepEqual(encodeInstanceResponse(instances), fixture('ucast-ex-two-instances.hex'));
});

test('malformed responses are DecodeErrors', () => {
  const bad = [
    Buffer.from([0x05, 0x10, 0x00, 0x41]), // RESP_SIZE past the datagram
    Buffer.from([0x04, 0x00, 0x00]), // not SVR_RESP
    Buffer.concat([Buffer.from([0x05, 0x05, 0x00]), Buffer.from('a;b;;')]), // wrong first key
    Buffer.concat([Buffer.from([0x05, 0x34, 0x00]), Buffer.from('ServerName;S;InstanceName;I;IsClustered;No;Version;1')]), // no ";;"
  ];
  for (const b of bad) assert.throws(() => decodeInstanceResponse(b), DecodeError, b.toString('hex'));
  const badTcp = 'ServerName;S;InstanceName;I;IsClustered;No;Version;1;tcp;99999;;';
  assert.throws(() => parseInstances(badTcp), DecodeError);
});

test('DAC response (2.2.6)', () => {
  assert.equal(decodeDacResponse(Buffer.from([0x05, 0x06, 0x00, 0x01, 0x9a, 0x05])), 1434);
  assert.throws(() => decodeDacResponse(Buffer.from([0x05, 0x07, 0x00, 0x01, 0x9a, 0x05])), DecodeError);
});

test('release names', () => {
  assert.equal(sqlServerRelease('15.0.2000.5'), 'SQL Server 2019');
  assert.equal(sqlServerRelease('10.50.1600.1'), 'SQL Server 2008 R2');
  assert.equal(sqlServerRelease('10.0.1600.22'), 'SQL Server 2008');
  assert.equal(sqlServerRelease('8.00.194'), 'SQL Server 2000');
  assert.equal(sqlServerRelease('99.0'), null);
});

test('fuzz: truncations and 10,000 mutations give a value or DecodeError only', () => {
  const samples = [fixture('ucast-ex-two-instances.hex'), Buffer.from([0x05, 0x06, 0x00, 0x01, 0x9a, 0x05])];
  const stats = fuzzDecoder(decodeInstanceResponse, samples, { mutations: 10_000, seed: 1434 });
  assert.equal(stats.mutations, 10_000);
  fuzzDecoder(decodeDacResponse, [samples[1]!], { mutations: 2_000, seed: 1435 });
});
