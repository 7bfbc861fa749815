import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMessage, dnsTcpFramer, encodeQuery, frameTcp, readName } from '../../../src/protocols/dns/codec.js';
import { DecodeError } from '../../../src/protocols/decode-error.js';
import { loadHexFixture } from '../../helpers/hex-fixture.js';
import { fuzzDecoder } from '../../helpers/fuzz-decoder.js';
import { readdirSync } from 'node:fs';

const dir = new URL('./fixtures/', import.meta.url);
const fixture = (name: string) => loadHexFixture(new URL(name, dir));

test('query bytes follow RFC 1035 4.1 and RFC 6891 6.1.2 (NSID asked with an empty option)', () => {
  const q = encodeQuery({ id: 0x1234, name: '.', type: 2, recursionDesired: true, ednsNsid: true });
  assert.equal(q.toString('hex'), '123401000001000000000001' + '00' + '00020001' + '00' + '0029' + '04d0' + '00000000' + '0004' + '00030000');
  const ch = encodeQuery({ id: 1, name: 'version.bind', type: 16, class: 3 });
  assert.equal(ch.toString('hex'), '000100000001000000000000' + '0776657273696f6e0462696e6400' + '00100003');
  const framed = frameTcp(ch);
  assert.equal(framed.readUInt16BE(0), ch.length);
  assert.equal(dnsTcpFramer(framed.subarray(0, 5)), null);
  assert.equal(dnsTcpFramer(Buffer.concat([framed, Buffer.from([9])])), framed.length);
});

test('dnsmasq authoritative answers: MX, AAAA, TXT, NXDOMAIN (as dig prints them)', () => {
  const mx = decodeMessage(fixture('dnsmasq-auth-mx.hex'));
  assert.equal(mx.rcode, 'NOERROR');
  assert.equal(mx.flags.aa, true);
  assert.deepEqual(mx.answers.map((a) => a.data), ['10 mail.dnslab.portq.test.']);
  const aaaa = decodeMessage(fixture('dnsmasq-auth-aaaa.hex'));
  assert.deepEqual(aaaa.answers.map((a) => [a.name, a.type, a.data]), [['www.dnslab.portq.test.', 'AAAA', 'fd00:231::60']]);
  const txt = decodeMessage(fixture('dnsmasq-auth-txt.hex'));
  assert.deepEqual(txt.answers[0]!.strings, ['portq lab zone']);
  assert.equal(txt.answers[0]!.data, '"portq lab zone"');
  const nx = decodeMessage(fixture('dnsmasq-auth-nxdomain.hex'));
  assert.equal(nx.rcode, 'NXDOMAIN');
  assert.equal(nx.authorities[0]?.type, 'SOA');
});

test('dnsmasq auth-only refusal over TCP carries an Extended DNS Error (RFC 8914)', () => {
  const m = decodeMessage(fixture('dnsmasq-auth-root-ns-tcp.hex'));
  assert.equal(m.rcode, 'REFUSED');
  assert.equal(m.flags.aa, false);
  assert.equal(m.edns?.nsid, null);
  assert.equal(m.edns?.extendedErrors.length, 1);
  assert.equal(typeof m.edns?.extendedErrors[0]!.name, 'string');
});

test('Samba: FORMERR for the root, SOA and SRV with compressed names', () => {
  const f = decodeMessage(fixture('samba-root-ns-formerr.hex'));
  assert.equal(f.rcode, 'FORMERR');
  assert.equal(f.edns?.nsid, null, 'an echoed empty NSID is not an identity');
  const soa = decodeMessage(fixture('samba-soa.hex'));
  assert.equal(soa.answers[0]!.data, 'DC1.lab.portq.test. hostmaster.lab.portq.test. 1 900 600 86400 3600');
  const srv = decodeMessage(fixture('samba-srv.hex'));
  assert.equal(srv.answers[0]!.data, '0 100 389 dc1.lab.portq.test.');
  assert.equal(srv.authorities[0]!.type, 'SOA');
});

test('unbound: NSID, version.bind and id.server', () => {
  const m = decodeMessage(fixture('unbound-root-ns-nsid.hex'));
  assert.equal(m.rcode, 'SERVFAIL');
  assert.deepEqual(m.edns?.nsid, { hex: Buffer.from('pqx-nsid').toString('hex'), text: 'pqx-nsid' });
  assert.deepEqual(decodeMessage(fixture('unbound-version-bind.hex')).answers[0]!.strings, ['unbound pqx']);
  const id = decodeMessage(fixture('unbound-id-server.hex'));
  assert.equal(id.answers[0]!.class, 'CH');
  assert.deepEqual(id.answers[0]!.strings, ['pqx-unbound-1']);
  assert.deepEqual(decodeMessage(fixture('dnsmasq-version-bind.hex')).answers[0]!.strings, ['dnsmasq-2.90']);
});

test('names: compression must point backwards; labels escape; 255-byte limit', () => {
  // header (12 bytes) then a pointer to itself at offset 12
  const loop = Buffer.from('000081000001000000000000c00c00010001', 'hex');
  assert.throws(() => decodeMessage(loop), DecodeError);
  const forward = Buffer.from('000081000001000000000000c01000010001000000', 'hex');
  assert.throws(() => decodeMessage(forward), DecodeError);
  assert.deepEqual(readName(Buffer.from([3, 0x61, 0x2e, 0x00, 0]), 0), { name: 'a\\.\\000.', length: 5 });
  const long = Buffer.concat([...Array.from({ length: 5 }, () => Buffer.concat([Buffer.from([63]), Buffer.alloc(63, 0x61)])), Buffer.from([0])]);
  assert.throws(() => readName(long, 0), DecodeError);
  assert.throws(() => readName(Buffer.from([0x40, 0]), 0), DecodeError, 'extended label type');
});

test('counts that the message cannot hold are refused before any loop', () => {
  assert.throws(() => decodeMessage(Buffer.from('0000810000ffffffffffffff', 'hex')), /section counts/);
  assert.throws(() => decodeMessage(Buffer.from('0000', 'hex')), DecodeError);
  const trailing = Buffer.concat([fixture('dnsmasq-auth-txt.hex'), Buffer.from([0])]);
  assert.throws(() => decodeMessage(trailing), /after the last record/);
});

test('fuzz: every fixture truncated everywhere, 10,000 mutations', () => {
  const samples = readdirSync(dir).filter((f) => f.endsWith('.hex')).map(fixture);
  assert.ok(samples.length >= 10);
  const stats = fuzzDecoder(decodeMessage, samples, { mutations: 10_000, seed: 53 });
  assert.equal(stats.mutations, 10_000);
  assert.ok(stats.decoded > 0 && stats.rejected > 0);
});
