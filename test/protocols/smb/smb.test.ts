import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError } from '../../../src/protocols/decode-error.js';
import { decodeNegotiateResponse, encodeNegotiateRequest, filetimeToIso } from '../../../src/protocols/smb/smb2-negotiate.js';
import { smbModule, smbNetbiosModule } from '../../../src/protocols/smb/module.js';
import { sessionFrameLength } from '../../../src/protocols/netbios/session-service.js';
import { fakeChannel } from '../../helpers/fake-channel.js';
import { frames, loadCapture, receivedStream } from '../windows-shared/lab-capture.js';
import { mutationFuzz, truncationFuzz } from '../../helpers/fuzz-decoder.js';

const dc445 = loadCapture('smb', 'samba-dc-tcp445');
const dc139 = loadCapture('smb', 'samba-dc-tcp139');
const fs445 = loadCapture('smb', 'smbd-standalone-tcp445');
const fs139 = loadCapture('smb', 'smbd-standalone-tcp139');

test('NEGOTIATE request ([MS-SMB2] 2.2.3): dialects 2.0.2-3.1.1, contexts 8-byte aligned', () => {
  const req = encodeNegotiateRequest({ clientGuid: Buffer.alloc(16, 1), salt: Buffer.alloc(32, 2) });
  assert.equal(req.readUInt32BE(0), 0xfe534d42);
  assert.equal(req.readUInt16LE(64), 36);
  assert.equal(req.readUInt16LE(66), 5, 'DialectCount');
  const contextOffset = req.readUInt32LE(64 + 28);
  assert.equal(contextOffset % 8, 0);
  assert.equal(req.readUInt16LE(64 + 32), 3, 'NegotiateContextCount');
  assert.deepEqual([0, 1, 2, 3, 4].map((i) => req.readUInt16LE(100 + 2 * i)), [0x202, 0x210, 0x300, 0x302, 0x311]);
  assert.equal(req.readUInt16LE(contextOffset), 1, 'PREAUTH first');
  // sent bytes in the capture have the same shape (random GUID and salt aside)
  const sent = dc445.exchanges[0].bytes.subarray(4);
  assert.equal(sent.length, req.length);
  assert.deepEqual(sent.subarray(0, 76), req.subarray(0, 76));
});

test('Samba DC negotiates 3.1.1 with signing required; standalone smbd does not require signing', () => {
  const dc = decodeNegotiateResponse(receivedStream(dc445).subarray(4));
  assert.equal(dc.smbclientDialect, 'SMB3_11');
  assert.equal(dc.signingRequired, true);
  assert.deepEqual(dc.contexts.map((c) => c.selected), ['SHA-512', 'AES-128-GCM', 'AES-CMAC']);
  assert.match(dc.systemTime ?? '', /^20\d\d-/);
  const fs = decodeNegotiateResponse(receivedStream(fs445).subarray(4));
  assert.equal(fs.dialectName, 'SMB 3.1.1');
  assert.equal(fs.signingRequired, false);
  assert.equal(fs.signingEnabled, true);
});

test('port 445 module and port 139 module (session request first)', async () => {
  const r445 = await smbModule.run(fakeChannel({ transport: 'tcp', port: 445, replies: [receivedStream(dc445)] }));
  assert.equal(r445.summary, 'SMB 3.1.1, signing required');
  assert.match(r445.text, /Dialect: +SMB 3\.1\.1 \(SMB3_11\)/);
  const r139 = await smbNetbiosModule.run(fakeChannel({ transport: 'tcp', port: 139, replies: [...receivedStream(fs139)].map((b) => Buffer.from([b])) }));
  assert.equal(r139.summary, 'SMB 3.1.1, signing not required');
  assert.match(r139.text, /NetBIOS session: +accepted/);
  const refused = await smbNetbiosModule.run(fakeChannel({ transport: 'tcp', port: 139, replies: [Buffer.from([0x83, 0, 0, 1, 0x80])] }));
  assert.equal(refused.summary, 'NetBIOS session refused: Not listening on called name');
});

test('SMB1-only servers and failed negotiations', async () => {
  const smb1 = Buffer.concat([Buffer.from([0, 0, 0, 36, 0xff, 0x53, 0x4d, 0x42]), Buffer.alloc(32)]);
  const r = await smbModule.run(fakeChannel({ transport: 'tcp', port: 445, replies: [smb1] }));
  assert.equal(r.summary, 'SMB1 only (SMB2 refused)');
  const failed = Buffer.from(receivedStream(dc445).subarray(4));
  failed.writeUInt32LE(0xc0000022, 8);
  assert.throws(() => decodeNegotiateResponse(failed), /status 0xc0000022/);
  assert.throws(() => decodeNegotiateResponse(Buffer.from('fe534d42', 'hex')), DecodeError);
  assert.equal(filetimeToIso(0n), null);
  assert.equal(filetimeToIso(116444736000000000n), '1970-01-01T00:00:00.000Z');
});

test('decoder robustness: truncations and 10,000 mutations of four NEGOTIATE responses', () => {
  const samples = [dc445, fs445].map((c) => receivedStream(c).subarray(4));
  for (const c of [dc139, fs139]) samples.push(frames(receivedStream(c), sessionFrameLength)[1].subarray(4));
  const t = truncationFuzz(samples, decodeNegotiateResponse);
  const m = mutationFuzz(samples, decodeNegotiateResponse, 10_000, 445);
  assert.ok(t.rejected > 0 && m.runs === 10_000);
});
