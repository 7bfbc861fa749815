import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTftp, encodeReadRequest } from '../../../src/protocols/tftp/codec.js';
import { runTftp, tftpModule } from '../../../src/protocols/tftp/module.js';
import { DecodeError } from '../../../src/protocols/decode-error.js';
import { fakeChannel } from '../../helpers/fake-channel.js';
import { loadHexFixture } from '../../helpers/hex-fixture.js';
import { fuzzDecoder } from '../../helpers/fuzz-decoder.js';

const fixture = (n: string) => loadHexFixture(new URL(`./fixtures/${n}`, import.meta.url));

test('RRQ bytes (RFC 1350 5)', () => {
  assert.equal(encodeReadRequest('a.txt').toString('hex'), '0001' + Buffer.from('a.txt').toString('hex') + '00' + Buffer.from('octet').toString('hex') + '00');
  assert.throws(() => encodeReadRequest('a\0b'), RangeError);
});

test('tftpd-hpa DATA and ERROR', async () => {
  const data = await runTftp(fakeChannel({ transport: 'udp', port: 69, replies: [fixture('tftpd-hpa-data.hex')] }), 'hello.txt');
  assert.equal(data.fields.reply, 'DATA');
  assert.equal(data.fields.preview, 'portq lab tftp');
  const err = await runTftp(fakeChannel({ transport: 'udp', port: 69, replies: [fixture('tftpd-hpa-error.hex')] }), 'nope.txt');
  assert.equal(err.listening, true);
  assert.equal(err.summary, 'ERROR 1 File not found');
});

test('OACK options; malformed packets are DecodeErrors', () => {
  assert.deepEqual(decodeTftp(Buffer.from('00067473697a650031323300', 'hex')), { opcode: 'OACK', options: { tsize: '123' } });
  for (const hex of ['00', '0001000000', '000500014e6f', '0007000000', '000400010000']) {
    assert.throws(() => decodeTftp(Buffer.from(hex, 'hex')), DecodeError, hex);
  }
});

test('the module asks for a file no server has and declares it needs replies from any port', () => {
  assert.equal(tftpModule.udpReplyFromAnyPort, true);
  assert.deepEqual(tftpModule.services, ['tftp']);
});

test('fuzz: truncations and 10,000 mutations', () => {
  assert.equal(fuzzDecoder(decodeTftp, [fixture('tftpd-hpa-data.hex'), fixture('tftpd-hpa-error.hex')], { mutations: 10_000, seed: 69 }).mutations, 10_000);
});
