/**
 * L2TPv2 control messages (RFC 2661 3.1 header, 4.1 AVP format, 4.4 AVPs): build the SCCRQ that
 * opens a control connection and the StopCCN that closes it, decode any control message.
 */
import { DecodeError, need } from '../decode-error.js';

const CODEC = 'l2tp';

/** RFC 2661 3.2: control message types. */
export const MESSAGE_TYPES: Record<number, string> = {
  1: 'SCCRQ', 2: 'SCCRP', 3: 'SCCCN', 4: 'StopCCN', 6: 'HELLO', 7: 'OCRQ', 8: 'OCRP', 9: 'OCCN', 10: 'ICRQ',
  11: 'ICRP', 12: 'ICCN', 14: 'CDN', 15: 'WEN', 16: 'SLI',
};
/** RFC 2661 4.4: the AVP types named in output. */
export const AVP_TYPES: Record<number, string> = {
  0: 'Message Type', 1: 'Result Code', 2: 'Protocol Version', 3: 'Framing Capabilities', 4: 'Bearer Capabilities',
  5: 'Tie Breaker', 6: 'Firmware Revision', 7: 'Host Name', 8: 'Vendor Name', 9: 'Assigned Tunnel ID',
  10: 'Receive Window Size', 11: 'Challenge', 13: 'Challenge Response',
};
/** RFC 2661 4.4.2: StopCCN result codes. */
export const STOPCCN_RESULTS: Record<number, string> = {
  1: 'General request to clear control connection', 2: 'General error', 3: 'Control channel already exists',
  4: 'Requester is not authorized to establish a control channel', 5: 'The protocol version of the requester is not supported',
  6: 'Requester is being shut down', 7: 'Finite State Machine error',
};

export interface Avp {
  mandatory: boolean;
  hidden: boolean;
  vendorId: number;
  type: number;
  name: string;
  value: Buffer;
}

export interface ControlMessage {
  tunnelId: number;
  sessionId: number;
  ns: number;
  nr: number;
  /** Null for a ZLB (zero-length body) acknowledgement. */
  messageType: number | null;
  messageName: string;
  avps: Avp[];
}

function avp(type: number, value: Buffer, mandatory = true): Buffer {
  const h = Buffer.alloc(6);
  h.writeUInt16BE((mandatory ? 0x8000 : 0) | (6 + value.length), 0);
  h.writeUInt16BE(0, 2); // IETF vendor
  h.writeUInt16BE(type, 4);
  return Buffer.concat([h, value]);
}

const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const u32 = (n: number) => Buffer.from([n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);

function control(tunnelId: number, ns: number, nr: number, avps: Buffer[]): Buffer {
  const body = Buffer.concat(avps);
  const h = Buffer.alloc(12);
  h.writeUInt16BE(0xc802, 0); // T, L, S set; version 2 (RFC 2661 3.1)
  h.writeUInt16BE(12 + body.length, 2);
  h.writeUInt16BE(tunnelId, 4);
  h.writeUInt16BE(0, 6); // session 0: control connection
  h.writeUInt16BE(ns, 8);
  h.writeUInt16BE(nr, 10);
  return Buffer.concat([h, body]);
}

/** SCCRQ (RFC 2661 6.1) with the mandatory AVPs and our assigned tunnel ID. */
export function encodeSccrq(assignedTunnelId: number, hostName: string): Buffer {
  return control(0, 0, 0, [
    avp(0, u16(1)),
    avp(2, Buffer.from([1, 0])), // protocol version 1, revision 0
    avp(3, u32(3)), // framing: synchronous and asynchronous
    avp(4, u32(0)), // bearer: none (LAC-side digital/analog not offered)
    avp(6, u16(0x0100), false), // firmware revision
    avp(7, Buffer.from(hostName, 'latin1')),
    avp(8, Buffer.from('portq', 'latin1'), false),
    avp(9, u16(assignedTunnelId)),
    avp(10, u16(4), false), // receive window size
  ]);
}

/** StopCCN (RFC 2661 6.4): close the control connection the peer just opened, result 1. */
export function encodeStopCcn(peerTunnelId: number, ourTunnelId: number, ns: number, nr: number): Buffer {
  return control(peerTunnelId, ns, nr, [avp(0, u16(4)), avp(9, u16(ourTunnelId)), avp(1, u16(1))]);
}

export function decodeControl(bytes: Uint8Array): ControlMessage {
  need(CODEC, bytes, 0, 12, 'control header');
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = b.readUInt16BE(0);
  if ((flags & 0x000f) !== 2) throw new DecodeError(CODEC, `version ${flags & 0x0f} is not L2TPv2`, 0);
  // RFC 2661 3.1: a control message has T, L and S set and O clear.
  if ((flags & 0xcb00) !== 0xc800) throw new DecodeError(CODEC, 'not a control message (T, L, S must be set, O clear)', 0);
  const length = b.readUInt16BE(2);
  if (length !== b.length) throw new DecodeError(CODEC, `Length ${length} but the datagram has ${b.length} bytes`, 2);
  const avps: Avp[] = [];
  let pos = 12;
  while (pos < b.length) {
    need(CODEC, b, pos, 6, 'AVP header');
    const first = b.readUInt16BE(pos);
    const len = first & 0x03ff;
    if (len < 6 || pos + len > b.length) throw new DecodeError(CODEC, `AVP length ${len} does not fit`, pos);
    const vendorId = b.readUInt16BE(pos + 2);
    const type = b.readUInt16BE(pos + 4);
    avps.push({
      mandatory: (first & 0x8000) !== 0,
      hidden: (first & 0x4000) !== 0,
      vendorId,
      type,
      name: vendorId === 0 ? (AVP_TYPES[type] ?? `AVP ${type}`) : `vendor ${vendorId} AVP ${type}`,
      value: Buffer.from(b.subarray(pos + 6, pos + len)),
    });
    pos += len;
  }
  let messageType: number | null = null;
  if (avps.length) {
    // RFC 2661 4.4.1: Message Type is the first AVP, two bytes, never hidden.
    const mt = avps[0]!;
    if (mt.vendorId !== 0 || mt.type !== 0 || mt.value.length !== 2 || mt.hidden) throw new DecodeError(CODEC, 'first AVP is not the Message Type', 12);
    messageType = mt.value.readUInt16BE(0);
  }
  return {
    tunnelId: b.readUInt16BE(4),
    sessionId: b.readUInt16BE(6),
    ns: b.readUInt16BE(8),
    nr: b.readUInt16BE(10),
    messageType,
    messageName: messageType === null ? 'ZLB' : (MESSAGE_TYPES[messageType] ?? `type ${messageType}`),
    avps,
  };
}

/** The AVP values worth printing, decoded by type; hidden ones stay hidden. */
export function avpText(a: Avp): string {
  if (a.hidden) return '(hidden)';
  if (a.vendorId !== 0) return a.value.toString('hex');
  switch (a.type) {
    case 0: case 9: case 10: case 6:
      return a.value.length === 2 ? String(a.value.readUInt16BE(0)) : a.value.toString('hex');
    case 2:
      return a.value.length === 2 ? `${a.value[0]}.${a.value[1]}` : a.value.toString('hex');
    case 3: case 4:
      return a.value.length === 4 ? `0x${a.value.readUInt32BE(0).toString(16)}` : a.value.toString('hex');
    case 7: case 8:
      return a.value.toString('latin1').replace(/[^\x20-\x7e]/g, '.');
    case 1: {
      if (a.value.length < 2) return a.value.toString('hex');
      const code = a.value.readUInt16BE(0);
      const error = a.value.length >= 4 ? a.value.readUInt16BE(2) : null;
      const msg = a.value.length > 4 ? a.value.subarray(4).toString('latin1') : '';
      return `${code} (${STOPCCN_RESULTS[code] ?? 'result'})${error ? `, error ${error}` : ''}${msg ? `: ${msg}` : ''}`;
    }
    default:
      return a.value.toString('hex');
  }
}
