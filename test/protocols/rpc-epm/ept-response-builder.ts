/**
 * Test-side encoders for endpoint mapper answers: an ept_lookup [out] stub (NDR, C706 14) and
 * the PDUs that carry it, so tests can play a Windows-style mapper (several calls, a final
 * EPT_S_NOT_REGISTERED with a null handle) and a connectionless one (no such server exists here).
 */
import { uuidToBytesLe } from '../../../src/protocols/dcerpc/uuid.js';
import { CL_FLAGS, CL_PTYPE } from '../../../src/protocols/dcerpc/cl-pdu.js';

export interface FakeEntry {
  interfaceUuid: string;
  annotation: string;
  /** Tower floors 3-5 as [protocol id, rhs] pairs (floors 1-2 are built from the UUID). */
  transport: [number, Buffer][];
}

function floor(lhs: Buffer, rhs: Buffer): Buffer {
  const a = Buffer.alloc(2);
  a.writeUInt16LE(lhs.length);
  const b = Buffer.alloc(2);
  b.writeUInt16LE(rhs.length);
  return Buffer.concat([a, lhs, b, rhs]);
}

export function buildTower(interfaceUuid: string, transport: [number, Buffer][], major = 1): Buffer {
  const ver = Buffer.alloc(2);
  ver.writeUInt16LE(major);
  const floors = [
    floor(Buffer.concat([Buffer.from([0x0d]), uuidToBytesLe(interfaceUuid), ver]), Buffer.from([0, 0])),
    floor(Buffer.concat([Buffer.from([0x0d]), uuidToBytesLe('8a885d04-1ceb-11c9-9fe8-08002b104860'), Buffer.from([2, 0])]), Buffer.from([0, 0])),
    ...transport.map(([id, rhs]) => floor(Buffer.from([id]), rhs)),
  ];
  const count = Buffer.alloc(2);
  count.writeUInt16LE(floors.length);
  return Buffer.concat([count, ...floors]);
}

export const tcpPort = (port: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(port);
  return b;
};
export const ipv4 = (ip: string) => Buffer.from(ip.split('.').map(Number));

class Ndr {
  parts: Buffer[] = [];
  length = 0;
  push(b: Buffer) {
    this.parts.push(b);
    this.length += b.length;
  }
  align4() {
    const pad = (4 - (this.length % 4)) % 4;
    if (pad) this.push(Buffer.alloc(pad));
  }
  u32(n: number) {
    this.align4();
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n >>> 0);
    this.push(b);
  }
}

export function buildLookupStub(entries: FakeEntry[], handle: Buffer, status: number): Buffer {
  const w = new Ndr();
  w.push(handle);
  w.u32(entries.length);
  w.u32(500); // max_count
  w.u32(0); // offset
  w.u32(entries.length); // actual_count
  entries.forEach((e, i) => {
    w.align4();
    w.push(Buffer.alloc(16)); // object: nil
    w.u32(i + 1); // tower referent
    const ann = Buffer.from(e.annotation + '\0', 'latin1');
    w.u32(0);
    w.u32(ann.length);
    w.push(ann);
  });
  for (const e of entries) {
    const tower = buildTower(e.interfaceUuid, e.transport);
    w.u32(tower.length);
    w.u32(tower.length);
    w.push(tower);
  }
  w.u32(status);
  return Buffer.concat(w.parts);
}

/** Connection-oriented response PDUs carrying `stub`, split into fragments of `fragStub` bytes. */
export function coResponse(callId: number, stub: Buffer, fragStub = 4000): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < stub.length || at === 0; at += fragStub) {
    const part = stub.subarray(at, at + fragStub);
    const h = Buffer.alloc(24);
    h[0] = 5;
    h[2] = 2;
    h[3] = (at === 0 ? 1 : 0) | (at + fragStub >= stub.length ? 2 : 0);
    h[4] = 0x10;
    h.writeUInt16LE(24 + part.length, 8);
    h.writeUInt32LE(callId, 12);
    h.writeUInt32LE(stub.length, 16);
    out.push(Buffer.concat([h, part]));
    if (stub.length === 0) break;
  }
  return out;
}

export function bindAck(callId: number, accepted = true): Buffer {
  const secondary = Buffer.from('135\0');
  const body = Buffer.alloc(8 + 2);
  body.writeUInt16LE(5840, 0);
  body.writeUInt16LE(5840, 2);
  body.writeUInt32LE(0x1234, 4);
  body.writeUInt16LE(secondary.length, 8);
  let pdu = Buffer.concat([body, secondary]);
  pdu = Buffer.concat([pdu, Buffer.alloc((4 - ((16 + pdu.length) % 4)) % 4)]);
  const results = Buffer.alloc(4 + 24);
  results[0] = 1;
  results.writeUInt16LE(accepted ? 0 : 2, 4);
  results.writeUInt16LE(accepted ? 0 : 1, 6);
  const h = Buffer.alloc(16);
  h[0] = 5;
  h[2] = 12;
  h[3] = 3;
  h[4] = 0x10;
  const total = 16 + pdu.length + results.length;
  h.writeUInt16LE(total, 8);
  h.writeUInt32LE(callId, 12);
  return Buffer.concat([h, pdu, results]);
}

/** A connectionless datagram answering `request` (its header copied: same activity and seqnum). */
export function clAnswer(request: Buffer, ptype: number, body: Buffer, flags1 = 0, fragnum = 0): Buffer {
  const h = Buffer.from(request.subarray(0, 80));
  h[1] = ptype;
  h[2] = flags1;
  h.writeUInt16LE(body.length, 74);
  h.writeUInt16LE(fragnum, 76);
  return Buffer.concat([h, body]);
}

/** Response fragments for a connectionless call. */
export function clResponses(request: Buffer, stub: Buffer, fragStub: number): Buffer[] {
  const out: Buffer[] = [];
  const count = Math.max(1, Math.ceil(stub.length / fragStub));
  for (let i = 0; i < count; i++) {
    const last = i === count - 1;
    const flags = count === 1 ? 0 : CL_FLAGS.frag | (last ? CL_FLAGS.lastFrag : 0);
    out.push(clAnswer(request, CL_PTYPE.response, stub.subarray(i * fragStub, (i + 1) * fragStub), flags, i));
  }
  return out;
}
