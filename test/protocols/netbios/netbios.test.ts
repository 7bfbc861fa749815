import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError } from '../../../src/protocols/decode-error.js';
import { decodeFirstLevel, encodeFirstLevel, encodeNetbiosWireName, netbiosNameBytes, splitNetbiosName } from '../../../src/protocols/netbios/netbios-name.js';
import { decodeNodeStatusResponse, encodeNodeStatusRequest } from '../../../src/protocols/netbios/node-status.js';
import { decodeSessionAnswer, encodeSessionRequest, sessionFrameLength } from '../../../src/protocols/netbios/session-service.js';
import { nbnsModule } from '../../../src/protocols/netbios/nbns-module.js';
import { fakeChannel } from '../../helpers/fake-channel.js';
import { loadCapture, received } from '../windows-shared/lab-capture.js';
import { mutationFuzz, truncationFuzz } from '../../helpers/fuzz-decoder.js';

const dc = loadCapture('netbios', 'samba-dc-udp137');
const nmbd = loadCapture('netbios', 'nmbd-standalone-udp137');

test('first-level encoding (RFC 1001 14.1): "FRED" <20> and the "*" wildcard', () => {
  // RFC 1001 14.1's example: FRED padded with spaces encodes to EGFCEFEE CACACACA...
  assert.equal(encodeFirstLevel(netbiosNameBytes('fred', 0x20)).toString(), 'EGFCEFEECACACACACACACACACACACACA');
  assert.equal(encodeNetbiosWireName('*', 0, 0).toString('latin1'), '\x20CKAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\x00');
  assert.deepEqual(splitNetbiosName(decodeFirstLevel(Buffer.from('EGFCEFEECACACACACACACACACACACACA'))), { name: 'FRED', suffix: 0x20 });
  assert.throws(() => decodeFirstLevel(Buffer.from('ZZ'.repeat(16))), DecodeError);
  assert.throws(() => netbiosNameBytes('SIXTEEN-LETTERS!', 0), RangeError);
});

test('node status request (RFC 1002 4.2.17) is what the DC was sent, less the random ID', () => {
  const req = encodeNodeStatusRequest(0x1234);
  assert.equal(req.length, 50);
  assert.equal(req.subarray(2).toString('hex'), dc.exchanges[0].bytes.subarray(2).toString('hex'));
  assert.equal(req.readUInt16BE(0), 0x1234);
  assert.equal(req.readUInt16BE(46), 0x21, 'NBSTAT');
});

test('Samba DC name table: unique and group names, flags, DC marker', () => {
  const s = decodeNodeStatusResponse(received(dc)[0]);
  const table = s.names.map((n) => `${n.name}${n.suffixHex}${n.group ? 'G' : 'U'}${n.active ? 'A' : ''}${n.permanent ? 'P' : ''}`);
  assert.deepEqual(table, ['DC1<00>UA', 'DC1<03>UA', 'DC1<20>UA', 'LAB<1B>UA', 'LAB<1C>GA', 'LAB<00>GA', '__SAMBA__<00>GAP', '__SAMBA__<20>GAP']);
  assert.equal(s.names.find((n) => n.suffix === 0x1c)?.meaning, 'Domain Controllers');
  assert.equal(s.names[0].nodeType, 'M');
  assert.match(s.mac ?? '', /^([0-9a-f]{2}-){5}[0-9a-f]{2}$/);
});

test('standalone nmbd: zero MAC, PortQry\'s MAC line', async () => {
  const r = await nbnsModule.run(
    fakeChannel({ transport: 'udp', port: 137, replies: [(req) => Buffer.concat([req.subarray(0, 2), received(nmbd)[0].subarray(2)])] }),
  );
  assert.equal(r.listening, true);
  assert.match(r.text, /^Server's response: MAC address 000000000000$/m);
  assert.match(r.text, /MAC Address = 00-00-00-00-00-00/);
  assert.match(r.text, /FILESRV +<20>  UNIQUE +Registered/);
  assert.match(r.summary, /FILESRV, domain LABWG/);
});

test('a reply for another transaction is skipped', async () => {
  const stray = received(nmbd)[0];
  const r = await nbnsModule.run(
    fakeChannel({ transport: 'udp', port: 137, replies: [stray, (req) => Buffer.concat([req.subarray(0, 2), received(dc)[0].subarray(2)])] }),
  );
  // the stray reply's ID only matches by 1-in-65536 chance; the DC's table must be the one shown
  assert.match(r.summary, /DC1, domain LAB, DC/);
});

test('negative and malformed node status replies', () => {
  const negative = Buffer.from('12348403000000000000000000', 'hex').subarray(0, 12);
  assert.equal(decodeNodeStatusResponse(negative).rcode, 3);
  assert.throws(() => decodeNodeStatusResponse(Buffer.from('123400000000000000000000', 'hex')), DecodeError); // a query, not a response
  const lying = Buffer.from(received(dc)[0]);
  lying[56] = 200; // NUM_NAMES far beyond the RDATA
  assert.throws(() => decodeNodeStatusResponse(lying), DecodeError);
});

test('session request (RFC 1002 4.3.2) and its answers', () => {
  const req = encodeSessionRequest();
  assert.equal(req[0], 0x81);
  assert.equal(req.readUInt16BE(2), 68);
  assert.equal(splitNetbiosName(decodeFirstLevel(req.subarray(5, 37))).name, '*SMBSERVER');
  assert.deepEqual(decodeSessionAnswer(Buffer.from([0x82, 0, 0, 0])), { kind: 'positive' });
  assert.deepEqual(decodeSessionAnswer(Buffer.from([0x83, 0, 0, 1, 0x82])), { kind: 'negative', errorCode: 0x82, error: 'Called name not present' });
  assert.throws(() => decodeSessionAnswer(Buffer.from([0x83, 0, 0, 1])), DecodeError);
  assert.throws(() => decodeSessionAnswer(Buffer.from([0x00, 0, 0, 0])), DecodeError);
  assert.equal(sessionFrameLength(Buffer.from([0, 0, 0, 2, 1])), null);
  assert.equal(sessionFrameLength(Buffer.from([0, 0, 0, 2, 1, 2, 3])), 6);
});

test('decoder robustness: truncations and 10,000 mutations of both name tables', () => {
  const samples = [received(dc)[0], received(nmbd)[0]];
  const t = truncationFuzz(samples, decodeNodeStatusResponse);
  const m = mutationFuzz(samples, decodeNodeStatusResponse, 10_000, 137);
  const s = mutationFuzz([Buffer.from([0x83, 0, 0, 1, 0x80]), Buffer.from([0x84, 0, 0, 6, 10, 0, 0, 1, 0, 139])], decodeSessionAnswer, 2_000, 139);
  assert.ok(t.rejected > 0 && m.decoded > 0 && s.runs === 2_000);
});
