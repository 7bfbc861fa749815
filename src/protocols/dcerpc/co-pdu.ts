/**
 * Connection-oriented DCE/RPC PDUs (C706 chapter 12.6, [MS-RPCE] 2.2.2): the bind and request a
 * client sends and the bind_ack, bind_nak, response and fault it reads, plus fragment framing.
 * portq always sends little-endian NDR; replies are read in whatever order their drep says.
 */
import { DecodeError, need } from '../decode-error.js';
import { uuidToBytesLe } from './uuid.js';

const CODEC = 'dcerpc';

/** C706 12.6.4 PTYPE values. */
export const PTYPE = {
  request: 0,
  response: 2,
  fault: 3,
  bind: 11,
  bindAck: 12,
  bindNak: 13,
  alterContext: 14,
  alterContextResp: 15,
  shutdown: 17,
} as const;

/** C706 12.6.3.1 pfc_flags. */
export const PFC_FIRST_FRAG = 0x01;
export const PFC_LAST_FRAG = 0x02;

/** Transfer syntax NDR 2.0 (C706 14.1: 8a885d04-1ceb-11c9-9fe8-08002b104860 v2). */
export const NDR_SYNTAX = { uuid: '8a885d04-1ceb-11c9-9fe8-08002b104860', version: 2 } as const;

/** Fragment size portq offers and accepts (Windows' own default). */
export const MAX_FRAG = 5840;

/** Known fault / status codes ([MS-RPCE] 2.2.2.6 and C706 Appendix E). */
export const RPC_STATUS_NAMES: Readonly<Record<number, string>> = {
  0x00000005: 'access denied',
  0x000006d8: 'RPC_S_PROCNUM_OUT_OF_RANGE',
  0x1c010002: 'nca_s_op_rng_error',
  0x1c010003: 'nca_s_unk_if',
  0x1c00001a: 'nca_s_proto_error',
  0x1c000009: 'nca_s_fault_ndr',
  0x16c9a0d6: 'EPT_S_NOT_REGISTERED (no more entries)',
  0x16c9a0d3: 'EPT_S_CANT_PERFORM_OP',
  0x16c9a0d5: 'EPT_S_INVALID_ENTRY',
};

export function statusName(status: number): string {
  return RPC_STATUS_NAMES[status] ?? `0x${status.toString(16).padStart(8, '0')}`;
}

function header(ptype: number, flags: number, fragLength: number, callId: number): Buffer {
  const h = Buffer.alloc(16);
  h[0] = 5; // rpc_vers
  h[1] = 0; // rpc_vers_minor
  h[2] = ptype;
  h[3] = flags;
  h[4] = 0x10; // drep: little-endian integers, ASCII, IEEE floats (C706 14.1)
  h.writeUInt16LE(fragLength, 8);
  h.writeUInt16LE(0, 10); // auth_length
  h.writeUInt32LE(callId, 12);
  return h;
}

export interface SyntaxId {
  uuid: string;
  /** Major version (low 16 bits) and minor version (high 16 bits), as in p_syntax_id_t. */
  version: number;
  minor?: number;
}

function syntaxBytes(s: SyntaxId): Buffer {
  const b = Buffer.alloc(20);
  uuidToBytesLe(s.uuid).copy(b, 0);
  b.writeUInt16LE(s.version, 16);
  b.writeUInt16LE(s.minor ?? 0, 18);
  return b;
}

/** bind (C706 12.6.4.3) with one presentation context: the interface over NDR. */
export function encodeBind(callId: number, abstract: SyntaxId): Buffer {
  const body = Buffer.alloc(8 + 4 + 4);
  body.writeUInt16LE(MAX_FRAG, 0); // max_xmit_frag
  body.writeUInt16LE(MAX_FRAG, 2); // max_recv_frag
  body.writeUInt32LE(0, 4); // assoc_group_id: a new group
  body[8] = 1; // n_context_elem
  body.writeUInt16LE(0, 12); // p_cont_id
  body[14] = 1; // n_transfer_syn
  const pdu = Buffer.concat([body, syntaxBytes(abstract), syntaxBytes(NDR_SYNTAX)]);
  return Buffer.concat([header(PTYPE.bind, PFC_FIRST_FRAG | PFC_LAST_FRAG, 16 + pdu.length, callId), pdu]);
}

/** request (C706 12.6.4.9), one fragment: stub data must fit MAX_FRAG. */
export function encodeRequest(callId: number, opnum: number, stub: Uint8Array, contextId = 0): Buffer {
  const body = Buffer.alloc(8);
  body.writeUInt32LE(stub.length, 0); // alloc_hint
  body.writeUInt16LE(contextId, 4);
  body.writeUInt16LE(opnum, 6);
  const length = 16 + 8 + stub.length;
  if (length > MAX_FRAG) throw new RangeError('request larger than one fragment');
  return Buffer.concat([header(PTYPE.request, PFC_FIRST_FRAG | PFC_LAST_FRAG, length, callId), body, stub]);
}

export interface CoHeader {
  ptype: number;
  flags: number;
  littleEndian: boolean;
  fragLength: number;
  authLength: number;
  callId: number;
}

/** The common 16-byte header (C706 12.6.3.1). */
export function decodeCoHeader(pdu: Uint8Array): CoHeader {
  need(CODEC, pdu, 0, 16, 'PDU header');
  const buf = Buffer.from(pdu.buffer, pdu.byteOffset, pdu.length);
  if (buf[0] !== 5) throw new DecodeError(CODEC, `rpc_vers ${buf[0]} is not 5`, 0);
  const littleEndian = (buf[4] & 0xf0) === 0x10;
  const fragLength = littleEndian ? buf.readUInt16LE(8) : buf.readUInt16BE(8);
  const authLength = littleEndian ? buf.readUInt16LE(10) : buf.readUInt16BE(10);
  const callId = littleEndian ? buf.readUInt32LE(12) : buf.readUInt32BE(12);
  if (fragLength < 16) throw new DecodeError(CODEC, `frag_length ${fragLength} shorter than the header`, 8);
  if (fragLength !== buf.length) throw new DecodeError(CODEC, `frag_length ${fragLength} but PDU is ${buf.length} bytes`, 8);
  if (authLength > 0 && 16 + 8 + authLength > fragLength) throw new DecodeError(CODEC, 'auth_length runs past the fragment', 10);
  return { ptype: buf[2], flags: buf[3], littleEndian, fragLength, authLength, callId };
}

/** Stream framer: one whole fragment, by frag_length at offset 8 in the drep's byte order. */
export function coFrameLength(buffered: Uint8Array): number | null {
  if (buffered.length < 10) return null;
  if (buffered[0] !== 5) throw new DecodeError(CODEC, `rpc_vers ${buffered[0]} is not 5`, 0);
  const le = (buffered[4] & 0xf0) === 0x10;
  const len = le ? buffered[8] | (buffered[9] << 8) : (buffered[8] << 8) | buffered[9];
  if (len < 16) throw new DecodeError(CODEC, `frag_length ${len} shorter than the header`, 8);
  return buffered.length >= len ? len : null;
}

export type BindAnswer =
  | { kind: 'ack'; maxXmitFrag: number; maxRecvFrag: number; assocGroupId: number; secondaryAddress: string; accepted: boolean; result: number; reason: number }
  | { kind: 'nak'; rejectReason: number };

/** bind_ack (C706 12.6.4.4) or bind_nak (12.6.4.5). */
export function decodeBindAnswer(pdu: Uint8Array): BindAnswer {
  const h = decodeCoHeader(pdu);
  const buf = Buffer.from(pdu.buffer, pdu.byteOffset, pdu.length);
  const u16 = (o: number) => (h.littleEndian ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
  const u32 = (o: number) => (h.littleEndian ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  if (h.ptype === PTYPE.bindNak) {
    need(CODEC, buf, 16, 2, 'bind_nak reason');
    return { kind: 'nak', rejectReason: u16(16) };
  }
  if (h.ptype !== PTYPE.bindAck) throw new DecodeError(CODEC, `PDU type ${h.ptype} is not bind_ack`, 2);
  need(CODEC, buf, 16, 10, 'bind_ack body');
  const maxXmitFrag = u16(16);
  const maxRecvFrag = u16(18);
  const assocGroupId = u32(20);
  const secLength = u16(24);
  need(CODEC, buf, 26, secLength, 'secondary address');
  const secondaryAddress = buf.toString('latin1', 26, 26 + secLength).replace(/\0+$/, '');
  let pos = 26 + secLength;
  pos += (4 - (pos % 4)) % 4; // p_result_list is 4-byte aligned
  need(CODEC, buf, pos, 4, 'result list');
  const nResults = buf[pos];
  if (nResults < 1) throw new DecodeError(CODEC, 'bind_ack with no results', pos);
  need(CODEC, buf, pos + 4, 24, 'first result');
  const result = u16(pos + 4);
  const reason = u16(pos + 6);
  return { kind: 'ack', maxXmitFrag, maxRecvFrag, assocGroupId, secondaryAddress, accepted: result === 0, result, reason };
}

export type CallFragment =
  | { kind: 'response'; callId: number; first: boolean; last: boolean; stub: Buffer; littleEndian: boolean }
  | { kind: 'fault'; callId: number; status: number };

/** response (C706 12.6.4.10) or fault (12.6.4.7) fragment. */
export function decodeCallFragment(pdu: Uint8Array): CallFragment {
  const h = decodeCoHeader(pdu);
  const buf = Buffer.from(pdu.buffer, pdu.byteOffset, pdu.length);
  if (h.ptype === PTYPE.fault) {
    need(CODEC, buf, 16, 12, 'fault body');
    return { kind: 'fault', callId: h.callId, status: h.littleEndian ? buf.readUInt32LE(24) : buf.readUInt32BE(24) };
  }
  if (h.ptype !== PTYPE.response) throw new DecodeError(CODEC, `PDU type ${h.ptype} is not a response`, 2);
  need(CODEC, buf, 16, 8, 'response body');
  // The auth verifier (8-byte sec_trailer + auth_length) sits at the end of the fragment.
  const stubEnd = h.fragLength - (h.authLength ? h.authLength + 8 : 0);
  if (stubEnd < 24) throw new DecodeError(CODEC, 'auth verifier overlaps the response header', 10);
  return {
    kind: 'response',
    callId: h.callId,
    first: (h.flags & PFC_FIRST_FRAG) !== 0,
    last: (h.flags & PFC_LAST_FRAG) !== 0,
    stub: buf.subarray(24, stubEnd),
    littleEndian: h.littleEndian,
  };
}

/**
 * Reassembles one call's response fragments: PFC_FIRST_FRAG on the first, PFC_LAST_FRAG on the
 * last (C706 12.6.3.1), stub data concatenated in order.
 */
export class FragmentAssembler {
  private parts: Buffer[] = [];
  private started = false;
  littleEndian = true;

  constructor(readonly callId: number) {}

  /** Add a fragment; returns the whole stub once the last fragment arrived, else null. */
  add(fragment: CallFragment): { stub: Buffer; littleEndian: boolean } | { fault: number } | null {
    if (fragment.callId !== this.callId) throw new DecodeError(CODEC, `fragment for call ${fragment.callId}, expected ${this.callId}`);
    if (fragment.kind === 'fault') return { fault: fragment.status };
    if (!this.started && !fragment.first) throw new DecodeError(CODEC, 'first fragment lacks PFC_FIRST_FRAG');
    if (this.started && fragment.first) throw new DecodeError(CODEC, 'PFC_FIRST_FRAG in the middle of a call');
    if (!this.started) this.littleEndian = fragment.littleEndian;
    this.started = true;
    this.parts.push(fragment.stub);
    return fragment.last ? { stub: Buffer.concat(this.parts), littleEndian: this.littleEndian } : null;
  }
}
