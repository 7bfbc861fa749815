/**
 * NetBIOS name service node status (adapter status): the request RFC 1002 4.2.17 defines and
 * the response of 4.2.18 (the target's name table and the unit ID, i.e. its MAC address).
 */
import { DecodeError, need } from '../decode-error.js';
import { decodeFirstLevel, splitNetbiosName, wildcardWireName } from './netbios-name.js';

const CODEC = 'nbns';
/** RFC 1002 4.2.1.3: NBSTAT question type, IN class. */
const NBSTAT = 0x0021;
const CLASS_IN = 0x0001;

/** A node status request for "*" (RFC 1002 4.2.17): no flags, one question. */
export function encodeNodeStatusRequest(transactionId: number): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(transactionId & 0xffff, 0);
  header.writeUInt16BE(0x0000, 2); // OPCODE query, NM_FLAGS none (unicast), RCODE 0
  header.writeUInt16BE(1, 4); // QDCOUNT
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(NBSTAT, 0);
  tail.writeUInt16BE(CLASS_IN, 2);
  return Buffer.concat([header, wildcardWireName(), tail]);
}

export type NodeType = 'B' | 'P' | 'M' | 'H';
const NODE_TYPES: readonly NodeType[] = ['B', 'P', 'M', 'H'];

export interface NodeName {
  name: string;
  suffix: number;
  /** `<1C>` style. */
  suffixHex: string;
  group: boolean;
  nodeType: NodeType;
  /** RFC 1002 4.2.18 NAME_FLAGS bits. */
  deregistering: boolean;
  conflict: boolean;
  active: boolean;
  permanent: boolean;
  /** The raw 16-bit NAME_FLAGS. */
  flags: number;
  /** What the suffix usually means (Microsoft's conventions), or null. */
  meaning: string | null;
}

export interface NodeStatus {
  transactionId: number;
  rcode: number;
  /** The queried name from the answer RR (decoded), normally "*". */
  names: NodeName[];
  /** UNIT_ID: six bytes, the adapter's MAC address as `00-11-22-33-44-55`, or null if absent. */
  mac: string | null;
  /** The same six bytes as PortQry prints them (`001122334455`). */
  macCompact: string | null;
}

/** Microsoft's conventional meanings of NetBIOS suffixes (KB 163409), unique vs group. */
export function suffixMeaning(name: string, suffix: number, group: boolean): string | null {
  if (suffix === 0x01 && name.includes('__MSBROWSE__')) return 'Master Browser';
  switch (suffix) {
    case 0x00:
      return group ? 'Domain/Workgroup Name' : 'Workstation Service';
    case 0x01:
      return 'Messenger Service';
    case 0x03:
      return 'Messenger Service';
    case 0x06:
      return 'RAS Server Service';
    case 0x1b:
      return 'Domain Master Browser';
    case 0x1c:
      return group ? 'Domain Controllers' : null;
    case 0x1d:
      return 'Master Browser';
    case 0x1e:
      return 'Browser Service Elections';
    case 0x1f:
      return 'NetDDE Service';
    case 0x20:
      return 'File Server Service';
    case 0x21:
      return 'RAS Client Service';
    case 0xbe:
      return 'Network Monitor Agent';
    case 0xbf:
      return 'Network Monitor Application';
    default:
      return null;
  }
}

/** Skip a (possibly compressed, RFC 1002 4.1 / RFC 1035 4.1.4) name, checking a literal NetBIOS label. */
function readRrName(buf: Buffer, offset: number): { next: number } {
  let pos = offset;
  for (let i = 0; i < 64; i++) {
    need(CODEC, buf, pos, 1, 'RR name');
    const len = buf[pos];
    if (len === 0) return { next: pos + 1 };
    if ((len & 0xc0) === 0xc0) {
      need(CODEC, buf, pos, 2, 'RR name pointer');
      return { next: pos + 2 };
    }
    if (len & 0xc0) throw new DecodeError(CODEC, `reserved label type 0x${len.toString(16)}`, pos);
    need(CODEC, buf, pos + 1, len, 'RR name label');
    if (pos === offset && len === 32) decodeFirstLevel(buf.subarray(pos + 1, pos + 33), CODEC);
    pos += 1 + len;
  }
  throw new DecodeError(CODEC, 'RR name has too many labels', offset);
}

/** Decode a node status response (RFC 1002 4.2.18). */
export function decodeNodeStatusResponse(datagram: Uint8Array): NodeStatus {
  const buf = Buffer.from(datagram.buffer, datagram.byteOffset, datagram.length);
  need(CODEC, buf, 0, 12, 'header');
  const transactionId = buf.readUInt16BE(0);
  const flags = buf.readUInt16BE(2);
  if ((flags & 0x8000) === 0) throw new DecodeError(CODEC, 'not a response (R bit clear)', 2);
  const opcode = (flags >> 11) & 0x0f;
  if (opcode !== 0) throw new DecodeError(CODEC, `opcode ${opcode} is not a query response`, 2);
  const rcode = flags & 0x000f;
  const anCount = buf.readUInt16BE(6);
  if (rcode !== 0 || anCount === 0) {
    return { transactionId, rcode, names: [], mac: null, macCompact: null };
  }
  const qdCount = buf.readUInt16BE(4);
  let pos = 12;
  // A node status response carries no question (RFC 1002 4.2.18), but skip any that is echoed.
  for (let i = 0; i < qdCount && i < 4; i++) {
    pos = readRrName(buf, pos).next + 4;
  }
  pos = readRrName(buf, pos).next;
  need(CODEC, buf, pos, 10, 'RR header');
  const type = buf.readUInt16BE(pos);
  if (type !== NBSTAT) throw new DecodeError(CODEC, `answer type ${type} is not NBSTAT (33)`, pos);
  const rdLength = buf.readUInt16BE(pos + 8);
  pos += 10;
  need(CODEC, buf, pos, rdLength, 'RDATA');
  const rdata = buf.subarray(pos, pos + rdLength);
  need(CODEC, rdata, 0, 1, 'NUM_NAMES');
  const count = rdata[0];
  const names: NodeName[] = [];
  let p = 1;
  for (let i = 0; i < count; i++) {
    need(CODEC, rdata, p, 18, `name entry ${i + 1} of ${count}`);
    const { name, suffix } = splitNetbiosName(rdata.subarray(p, p + 16), CODEC);
    const nameFlags = rdata.readUInt16BE(p + 16);
    const group = (nameFlags & 0x8000) !== 0;
    names.push({
      name,
      suffix,
      suffixHex: `<${suffix.toString(16).padStart(2, '0').toUpperCase()}>`,
      group,
      nodeType: NODE_TYPES[(nameFlags >> 13) & 0x3],
      deregistering: (nameFlags & 0x1000) !== 0,
      conflict: (nameFlags & 0x0800) !== 0,
      active: (nameFlags & 0x0400) !== 0,
      permanent: (nameFlags & 0x0200) !== 0,
      flags: nameFlags,
      meaning: suffixMeaning(name, suffix, group),
    });
    p += 18;
  }
  // STATISTICS begins with the 6-byte UNIT_ID. Some responders cut the statistics short.
  let mac: string | null = null;
  let macCompact: string | null = null;
  if (p + 6 <= rdata.length) {
    const unit = rdata.subarray(p, p + 6);
    macCompact = unit.toString('hex');
    mac = [...unit].map((b) => b.toString(16).padStart(2, '0')).join('-');
  }
  return { transactionId, rcode, names, mac, macCompact };
}
