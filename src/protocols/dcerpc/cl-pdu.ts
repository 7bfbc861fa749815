/**
 * Connectionless DCE/RPC (C706 chapter 12.5, the ncadg_ip_udp transport): the 80-byte header,
 * request, response fragments and their acknowledgement (fack), and the reject/fault/working
 * answers a server can give. Built and tested from the specification: no server here speaks it.
 */
import { DecodeError, need } from '../decode-error.js';
import { readUuid, uuidToBytesLe } from './uuid.js';

const CODEC = 'dcerpc-cl';

/** C706 12.5.3 PDU types. */
export const CL_PTYPE = {
  request: 0,
  ping: 1,
  response: 2,
  fault: 3,
  working: 4,
  nocall: 5,
  reject: 6,
  ack: 7,
  clCancel: 8,
  fack: 9,
  cancelAck: 10,
} as const;

/** C706 12.5.2.3 flags1 bits. */
export const CL_FLAGS = {
  lastFrag: 0x02,
  frag: 0x04,
  noFack: 0x08,
  maybe: 0x10,
  idempotent: 0x20,
  broadcast: 0x40,
} as const;

export const CL_HEADER_LENGTH = 80;

export interface ClHeader {
  ptype: number;
  flags1: number;
  flags2: number;
  littleEndian: boolean;
  serial: number;
  objectUuid: string;
  interfaceUuid: string;
  activityUuid: string;
  serverBoot: number;
  interfaceVersion: number;
  seqnum: number;
  opnum: number;
  bodyLength: number;
  fragnum: number;
  authProto: number;
}

export interface ClCall {
  interfaceUuid: string;
  interfaceVersion: number;
  activityUuid: string;
  seqnum: number;
  opnum: number;
  serverBoot?: number;
}

function encodeHeader(ptype: number, flags1: number, call: ClCall, bodyLength: number, fragnum: number, serial: number): Buffer {
  const h = Buffer.alloc(CL_HEADER_LENGTH);
  h[0] = 4; // rpc_vers for connectionless
  h[1] = ptype;
  h[2] = flags1;
  h[3] = 0; // flags2
  h[4] = 0x10; // drep: little-endian, ASCII, IEEE
  h[7] = (serial >> 8) & 0xff; // serial_hi
  // object UUID stays nil (bytes 8-23)
  uuidToBytesLe(call.interfaceUuid).copy(h, 24);
  uuidToBytesLe(call.activityUuid).copy(h, 40);
  h.writeUInt32LE(call.serverBoot ?? 0, 56);
  h.writeUInt32LE(call.interfaceVersion, 60);
  h.writeUInt32LE(call.seqnum, 64);
  h.writeUInt16LE(call.opnum, 68);
  h.writeUInt16LE(0xffff, 70); // ihint: no hint
  h.writeUInt16LE(0xffff, 72); // ahint: no hint
  h.writeUInt16LE(bodyLength, 74);
  h.writeUInt16LE(fragnum, 76);
  h[78] = 0; // auth_proto: none
  h[79] = serial & 0xff; // serial_lo
  return h;
}

/** One-fragment request (C706 12.5.3.1). ept_lookup is [idempotent] in ept.idl. */
export function encodeClRequest(call: ClCall, stub: Uint8Array, idempotent = true): Buffer {
  const flags = idempotent ? CL_FLAGS.idempotent : 0;
  return Buffer.concat([encodeHeader(CL_PTYPE.request, flags, call, stub.length, 0, 0), stub]);
}

/** fack for fragment `fragnum` (C706 12.5.3.4 body version 0: window, sizes, serial, no selective acks). */
export function encodeClFack(call: ClCall, fragnum: number, serial: number): Buffer {
  const body = Buffer.alloc(16);
  body[0] = 0; // vers
  body.writeUInt16LE(16, 2); // window_size in fragments
  body.writeUInt32LE(1464, 4); // max_tdsu
  body.writeUInt32LE(1464, 8); // max_frag_size
  body.writeUInt16LE(serial, 12); // serial number of the fragment acknowledged
  body.writeUInt16LE(0, 14); // selack_len
  return Buffer.concat([encodeHeader(CL_PTYPE.fack, 0, call, body.length, fragnum, 0), body]);
}

export function decodeClHeader(datagram: Uint8Array): { header: ClHeader; body: Buffer } {
  need(CODEC, datagram, 0, CL_HEADER_LENGTH, 'header');
  const buf = Buffer.from(datagram.buffer, datagram.byteOffset, datagram.length);
  if (buf[0] !== 4) throw new DecodeError(CODEC, `rpc_vers ${buf[0]} is not 4`, 0);
  const le = (buf[4] & 0xf0) === 0x10;
  const u16 = (o: number) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const bodyLength = u16(74);
  need(CODEC, buf, CL_HEADER_LENGTH, bodyLength, 'body');
  const header: ClHeader = {
    ptype: buf[1] & 0x1f,
    flags1: buf[2],
    flags2: buf[3],
    littleEndian: le,
    serial: (buf[7] << 8) | buf[79],
    objectUuid: readUuid(buf, 8, le, CODEC),
    interfaceUuid: readUuid(buf, 24, le, CODEC),
    activityUuid: readUuid(buf, 40, le, CODEC),
    serverBoot: u32(56),
    interfaceVersion: u32(60),
    seqnum: u32(64),
    opnum: u16(68),
    bodyLength,
    fragnum: u16(76),
    authProto: buf[78],
  };
  return { header, body: buf.subarray(CL_HEADER_LENGTH, CL_HEADER_LENGTH + bodyLength) };
}

export type ClEvent =
  | { kind: 'stray' }
  | { kind: 'working' }
  | { kind: 'fragment'; fragnum: number; last: boolean; wantsFack: boolean; serial: number; serverBoot: number }
  | { kind: 'done'; stub: Buffer; littleEndian: boolean }
  | { kind: 'fault'; status: number }
  | { kind: 'reject'; status: number }
  | { kind: 'nocall' };

/**
 * Collects one call's response fragments by fragment number (C706 12.5.3.2: fragments may arrive
 * out of order; the last carries lastfrag). Datagrams for another activity or sequence are strays.
 */
export class ClCallAssembler {
  private fragments = new Map<number, Buffer>();
  private lastFragnum: number | null = null;
  private littleEndian = true;

  constructor(
    readonly activityUuid: string,
    readonly seqnum: number,
    /** Bound on fragments, so a hostile server cannot grow the map forever. */
    readonly maxFragments = 1024,
  ) {}

  add(datagram: Uint8Array): ClEvent {
    const { header, body } = decodeClHeader(datagram);
    if (header.activityUuid !== this.activityUuid || header.seqnum !== this.seqnum) return { kind: 'stray' };
    const status = () => {
      need(CODEC, body, 0, 4, 'status');
      return header.littleEndian ? body.readUInt32LE(0) : body.readUInt32BE(0);
    };
    switch (header.ptype) {
      case CL_PTYPE.working:
        return { kind: 'working' };
      case CL_PTYPE.nocall:
        return { kind: 'nocall' };
      case CL_PTYPE.fault:
        return { kind: 'fault', status: status() };
      case CL_PTYPE.reject:
        return { kind: 'reject', status: status() };
      case CL_PTYPE.response:
        break;
      default:
        return { kind: 'stray' };
    }
    if (this.fragments.size === 0) this.littleEndian = header.littleEndian;
    const fragmented = (header.flags1 & CL_FLAGS.frag) !== 0;
    const last = !fragmented || (header.flags1 & CL_FLAGS.lastFrag) !== 0;
    if (!this.fragments.has(header.fragnum)) {
      if (this.fragments.size >= this.maxFragments) throw new DecodeError(CODEC, `more than ${this.maxFragments} fragments`);
      this.fragments.set(header.fragnum, Buffer.from(body));
    }
    if (last) {
      if (this.lastFragnum !== null && this.lastFragnum !== header.fragnum) throw new DecodeError(CODEC, 'two different last fragments');
      this.lastFragnum = header.fragnum;
    }
    if (this.lastFragnum !== null && this.fragments.size === this.lastFragnum + 1) {
      const parts: Buffer[] = [];
      for (let i = 0; i <= this.lastFragnum; i++) {
        const part = this.fragments.get(i);
        if (!part) throw new DecodeError(CODEC, `fragment ${i} missing`);
        parts.push(part);
      }
      return { kind: 'done', stub: Buffer.concat(parts), littleEndian: this.littleEndian };
    }
    return {
      kind: 'fragment',
      fragnum: header.fragnum,
      last,
      wantsFack: fragmented && (header.flags1 & CL_FLAGS.noFack) === 0,
      serial: header.serial,
      serverBoot: header.serverBoot,
    };
  }
}
