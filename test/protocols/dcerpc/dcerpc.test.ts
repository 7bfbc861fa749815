import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DecodeError } from '../../../src/protocols/decode-error.js';
import {
  FragmentAssembler,
  coFrameLength,
  decodeBindAnswer,
  decodeCallFragment,
  encodeBind,
  encodeRequest,
} from '../../../src/protocols/dcerpc/co-pdu.js';
import { CL_FLAGS, CL_PTYPE, ClCallAssembler, decodeClHeader, encodeClFack, encodeClRequest } from '../../../src/protocols/dcerpc/cl-pdu.js';
import { readUuid, uuidToBytesLe } from '../../../src/protocols/dcerpc/uuid.js';
import { EPM_INTERFACE } from '../../../src/protocols/rpc-epm/ept-lookup.js';
import { frames, loadCapture, receivedStream } from '../windows-shared/lab-capture.js';
import { mutationFuzz, truncationFuzz } from '../../helpers/fuzz-decoder.js';
import { bindAck, clAnswer, clResponses } from '../rpc-epm/ept-response-builder.js';

const capture = loadCapture('rpc-epm', 'samba-dc-tcp135');
const replyFrames = frames(receivedStream(capture), coFrameLength);

test('UUIDs: little-endian fields then bytes as-is (C706 Appendix A)', () => {
  const text = 'e1af8308-5d1f-11c9-91a4-08002b14a0fa';
  const bytes = uuidToBytesLe(text);
  assert.equal(bytes.toString('hex'), '0883afe11f5dc91191a408002b14a0fa');
  assert.equal(readUuid(bytes, 0, true), text);
  assert.equal(readUuid(Buffer.from('e1af83085d1f11c991a408002b14a0fa', 'hex'), 0, false), text);
  assert.throws(() => uuidToBytesLe('not-a-uuid'), DecodeError);
});

test('bind (C706 12.6.4.3) to the endpoint mapper is byte-identical to what the DC accepted', () => {
  const bind = encodeBind(1, EPM_INTERFACE);
  assert.deepEqual(bind, capture.exchanges[0].bytes);
  assert.equal(bind.readUInt16LE(8), bind.length);
  assert.equal(bind[2], 11);
});

test('Samba bind_ack, then a two-fragment response, then EPT_S_NOT_REGISTERED', () => {
  assert.equal(replyFrames.length, 4);
  const ack = decodeBindAnswer(replyFrames[0]);
  assert.equal(ack.kind, 'ack');
  if (ack.kind === 'ack') {
    assert.equal(ack.accepted, true);
    assert.equal(ack.secondaryAddress, '135');
  }
  const assembler = new FragmentAssembler(2);
  assert.equal(assembler.add(decodeCallFragment(replyFrames[1])), null, 'first fragment alone is not the whole stub');
  const whole = assembler.add(decodeCallFragment(replyFrames[2]));
  assert.ok(whole && 'stub' in whole);
  const last = decodeCallFragment(replyFrames[3]);
  assert.equal(last.kind, 'response');
  if (last.kind === 'response') assert.equal(last.stub.readUInt32LE(last.stub.length - 4), 0x16c9a0d6);
});

test('fragment order, call IDs, faults and bind_nak', () => {
  const [f1, f2] = [decodeCallFragment(replyFrames[1]), decodeCallFragment(replyFrames[2])];
  assert.throws(() => new FragmentAssembler(2).add(f2), DecodeError, 'middle fragment first');
  const twice = new FragmentAssembler(2);
  twice.add(f1);
  assert.throws(() => twice.add(f1), DecodeError, 'FIRST_FRAG twice');
  assert.throws(() => new FragmentAssembler(9).add(f1), DecodeError, 'wrong call');
  const fault = Buffer.alloc(32);
  fault.set([5, 0, 3, 3, 0x10], 0);
  fault.writeUInt16LE(32, 8);
  fault.writeUInt32LE(7, 12);
  fault.writeUInt32LE(0x1c010003, 24);
  assert.deepEqual(decodeCallFragment(fault), { kind: 'fault', callId: 7, status: 0x1c010003 });
  const nak = Buffer.from([5, 0, 13, 3, 0x10, 0, 0, 0, 18, 0, 0, 0, 1, 0, 0, 0, 4, 0]);
  assert.deepEqual(decodeBindAnswer(nak), { kind: 'nak', rejectReason: 4 });
  const rejected = decodeBindAnswer(bindAck(1, false));
  assert.equal(rejected.kind === 'ack' && rejected.accepted, false);
  assert.throws(() => coFrameLength(Buffer.from([4, 0, 0, 0, 0x10, 0, 0, 0, 0, 0])), DecodeError);
  assert.throws(() => coFrameLength(Buffer.from([5, 0, 0, 0, 0x10, 0, 0, 0, 8, 0])), DecodeError);
  assert.equal(coFrameLength(replyFrames[1].subarray(0, 100)), null);
});

test('request PDU (C706 12.6.4.9) carries opnum and stub; big-endian replies are read in their order', () => {
  const req = encodeRequest(3, 2, Buffer.from([1, 2, 3, 4]));
  assert.equal(req.readUInt16LE(8), 28);
  assert.equal(req.readUInt16LE(22), 2);
  const be = Buffer.from(replyFrames[0]);
  be[4] = 0x00; // drep: big-endian
  for (const at of [8, 16, 18, 24]) be.writeUInt16BE(replyFrames[0].readUInt16LE(at), at);
  be.writeUInt32BE(1, 12);
  assert.equal(coFrameLength(be), be.length);
  assert.equal(decodeBindAnswer(be).kind, 'ack');
});

test('connectionless: request header, fragments out of order, fack, reject', () => {
  const activityUuid = '11111111-2222-3333-4444-555555555555';
  const call = { interfaceUuid: EPM_INTERFACE.uuid, interfaceVersion: 3, activityUuid, seqnum: 7, opnum: 2 };
  const req = encodeClRequest(call, Buffer.from('stub'));
  const { header, body } = decodeClHeader(req);
  assert.equal(header.ptype, CL_PTYPE.request);
  assert.equal(header.flags1 & CL_FLAGS.idempotent, CL_FLAGS.idempotent);
  assert.equal(header.interfaceUuid, EPM_INTERFACE.uuid);
  assert.equal(header.activityUuid, activityUuid);
  assert.equal(header.seqnum, 7);
  assert.equal(body.toString(), 'stub');
  const stub = Buffer.alloc(3000, 0xab);
  const frags = clResponses(req, stub, 1000);
  const asm = new ClCallAssembler(activityUuid, 7);
  assert.equal(asm.add(frags[2]).kind, 'fragment');
  const first = asm.add(frags[0]);
  assert.equal(first.kind === 'fragment' && first.wantsFack, true);
  const done = asm.add(frags[1]);
  assert.equal(done.kind, 'done');
  if (done.kind === 'done') assert.deepEqual(done.stub, stub);
  const fack = decodeClHeader(encodeClFack(call, 1, 0));
  assert.equal(fack.header.ptype, CL_PTYPE.fack);
  assert.equal(fack.header.fragnum, 1);
  const reject = clAnswer(req, CL_PTYPE.reject, Buffer.from([0x03, 0x00, 0x01, 0x1c]));
  assert.deepEqual(new ClCallAssembler(activityUuid, 7).add(reject), { kind: 'reject', status: 0x1c010003 });
  assert.equal(new ClCallAssembler(activityUuid, 8).add(reject).kind, 'stray');
  assert.equal(new ClCallAssembler(activityUuid, 7).add(clAnswer(req, CL_PTYPE.working, Buffer.alloc(0))).kind, 'working');
  assert.throws(() => decodeClHeader(req.subarray(0, 79)), DecodeError);
});

test('decoder robustness: truncations and 10,000 mutations of every captured PDU and of CL datagrams', () => {
  const decodeAny = (b: Buffer) => {
    coFrameLength(b);
    try {
      decodeBindAnswer(b);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
    }
    decodeCallFragment(b);
  };
  const t = truncationFuzz(replyFrames, decodeAny);
  const m = mutationFuzz(replyFrames, decodeAny, 10_000, 135);
  const call = { interfaceUuid: EPM_INTERFACE.uuid, interfaceVersion: 3, activityUuid: '11111111-2222-3333-4444-555555555555', seqnum: 0, opnum: 2 };
  const req = encodeClRequest(call, Buffer.alloc(40));
  const datagrams = [...clResponses(req, Buffer.alloc(2500, 1), 1000), clAnswer(req, CL_PTYPE.fault, Buffer.from([0xd6, 0xa0, 0xc9, 0x16]))];
  const cl = mutationFuzz(datagrams, (b) => new ClCallAssembler(call.activityUuid, 0).add(b), 10_000, 1350);
  const clt = truncationFuzz(datagrams, (b) => new ClCallAssembler(call.activityUuid, 0).add(b));
  assert.ok(t.rejected > 0 && m.runs === 10_000 && cl.runs === 10_000 && clt.rejected > 0);
});
