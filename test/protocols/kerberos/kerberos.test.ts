import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError } from '../../../src/protocols/decode-error.js';
import { readChildren, readElement, readInteger, readString } from '../../../src/protocols/ber/ber-reader.js';
import { decodeKdcReply, encodeAsReq, frameKerberosTcp, kerberosTcpFrameLength } from '../../../src/protocols/kerberos/kerberos-messages.js';
import { guessRealm, kerberosModule } from '../../../src/protocols/kerberos/module.js';
import { fakeChannel } from '../../helpers/fake-channel.js';
import { loadCapture, received, receivedStream } from '../windows-shared/lab-capture.js';
import { mutationFuzz, truncationFuzz } from '../../helpers/fuzz-decoder.js';

const udp = loadCapture('kerberos', 'samba-dc-udp88');
const tcp = loadCapture('kerberos', 'samba-dc-tcp88');

test('AS-REQ is [APPLICATION 10] with pvno 5, msg-type 10 and a req-body (RFC 4120 5.4.1)', () => {
  const req = encodeAsReq({ realm: 'LAB.PORTQ.TEST', clientName: 'portq-probe', nonce: 12345 });
  assert.equal(req[0], 0x6a);
  const top = readElement(req, 0);
  const [seq] = readChildren(req, top);
  const fields = readChildren(req, seq);
  assert.deepEqual(fields.map((f) => f.tagNumber), [1, 2, 4]);
  assert.equal(readInteger(req, readChildren(req, fields[0])[0]), 5);
  assert.equal(readInteger(req, readChildren(req, fields[1])[0]), 10);
  const body = readChildren(req, readChildren(req, fields[2])[0]);
  assert.deepEqual(body.map((f) => f.tagNumber), [0, 1, 2, 3, 5, 7, 8]);
  assert.equal(readString(req, readChildren(req, body[2])[0]), 'LAB.PORTQ.TEST');
  assert.throws(() => encodeAsReq({ realm: 'X', clientName: 'y', nonce: -1 }), RangeError);
});

test('the realm guess follows the AD convention', () => {
  assert.equal(guessRealm('dc1.lab.portq.test'), 'LAB.PORTQ.TEST');
  assert.equal(guessRealm('corp.example'), 'CORP.EXAMPLE');
  assert.equal(guessRealm('10.0.0.1'), 'PORTQ.INVALID');
  assert.equal(guessRealm('fd00::1'), 'PORTQ.INVALID');
  assert.equal(guessRealm('dc1'), 'PORTQ.INVALID');
});

test('Samba KDC KRB-ERROR over UDP: error code, realm, server time', () => {
  const e = decodeKdcReply(received(udp)[0]);
  assert.equal(e.kind, 'error');
  if (e.kind !== 'error') return;
  assert.equal(e.errorCode, 6);
  assert.equal(e.errorName, 'KDC_ERR_C_PRINCIPAL_UNKNOWN');
  assert.equal(e.realm, 'PORTQ.INVALID');
  assert.equal(e.serverName, 'krbtgt/PORTQ.INVALID');
  assert.match(e.serverTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

test('TCP: the length prefix frames the reply; the module decodes it fed byte by byte', async () => {
  const stream = receivedStream(tcp);
  assert.equal(kerberosTcpFrameLength(stream.subarray(0, 3)), null);
  assert.equal(kerberosTcpFrameLength(stream), stream.length);
  assert.throws(() => kerberosTcpFrameLength(Buffer.from([0x80, 0, 0, 1])), DecodeError);
  assert.deepEqual(frameKerberosTcp(Buffer.from([1, 2])), Buffer.from([0, 0, 0, 2, 1, 2]));
  const r = await kerberosModule.run(fakeChannel({ transport: 'tcp', port: 88, replies: [...stream].map((b) => Buffer.from([b])) }));
  assert.equal(r.listening, true);
  assert.match(r.summary, /^KDC answered KDC_ERR_C_PRINCIPAL_UNKNOWN for realm PORTQ\.INVALID/);
  assert.match(r.text, /Error: +6 KDC_ERR_C_PRINCIPAL_UNKNOWN/);
  assert.equal(typeof r.fields.clockSkewSeconds, 'number');
});

test('not a KDC reply: wrong application tag, pvno, trailing bytes', () => {
  const good = received(udp)[0];
  assert.throws(() => decodeKdcReply(Buffer.concat([good, Buffer.from([0])])), DecodeError);
  const wrongTag = Buffer.from(good);
  wrongTag[0] = 0x6a; // AS-REQ tag
  assert.throws(() => decodeKdcReply(wrongTag), DecodeError);
  assert.throws(() => decodeKdcReply(Buffer.from('7e03300100', 'hex')), DecodeError);
});

test('decoder robustness: truncations and 10,000 mutations of the KDC replies', () => {
  const samples = [received(udp)[0], receivedStream(tcp).subarray(4)];
  const t = truncationFuzz(samples, decodeKdcReply);
  const m = mutationFuzz(samples, decodeKdcReply, 10_000, 88);
  const f = mutationFuzz([receivedStream(tcp)], kerberosTcpFrameLength, 1_000, 880);
  assert.ok(t.rejected > 0 && m.runs === 10_000 && f.runs === 1_000);
});
