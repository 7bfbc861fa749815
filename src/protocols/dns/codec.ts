/**
 * DNS messages (RFC 1035 4.1) with EDNS(0) (RFC 6891) and NSID (RFC 5001): build a query, decode
 * any reply. Written for hostile input: counts are checked against the bytes left before any loop,
 * compression pointers must point backwards (so they cannot loop), names stay within 255 bytes,
 * and every RDATA decoder must consume exactly RDLENGTH bytes.
 */
import { DecodeError, need } from '../decode-error.js';

const CODEC = 'dns';

export const TYPES: Record<number, string> = {
  1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 13: 'HINFO', 15: 'MX', 16: 'TXT', 28: 'AAAA',
  33: 'SRV', 35: 'NAPTR', 39: 'DNAME', 41: 'OPT', 43: 'DS', 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY',
  50: 'NSEC3', 64: 'SVCB', 65: 'HTTPS', 99: 'SPF', 255: 'ANY', 257: 'CAA',
};
export const CLASSES: Record<number, string> = { 1: 'IN', 3: 'CH', 4: 'HS', 254: 'NONE', 255: 'ANY' };
/** RFC 1035 4.1.1 and RFC 6895 2.3 (extended with the OPT record's upper bits). */
export const RCODES: Record<number, string> = {
  0: 'NOERROR', 1: 'FORMERR', 2: 'SERVFAIL', 3: 'NXDOMAIN', 4: 'NOTIMP', 5: 'REFUSED', 6: 'YXDOMAIN',
  7: 'YXRRSET', 8: 'NXRRSET', 9: 'NOTAUTH', 10: 'NOTZONE', 16: 'BADVERS', 23: 'BADCOOKIE',
};
const OPCODES: Record<number, string> = { 0: 'QUERY', 1: 'IQUERY', 2: 'STATUS', 4: 'NOTIFY', 5: 'UPDATE' };
const typeName = (t: number) => TYPES[t] ?? `TYPE${t}`;
const className = (c: number) => CLASSES[c] ?? `CLASS${c}`;

export interface DnsFlags {
  qr: boolean;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  ad: boolean;
  cd: boolean;
}

export interface DnsQuestion {
  name: string;
  type: string;
  class: string;
}

export interface DnsRecord {
  name: string;
  type: string;
  class: string;
  ttl: number;
  /** RDATA in presentation form (RFC 1035 5.1 style); unknown types as RFC 3597 "\# len hex". */
  data: string;
  /** TXT strings, decoded (only for TXT). */
  strings?: string[];
}

export interface EdnsInfo {
  udpPayloadSize: number;
  version: number;
  dnssecOk: boolean;
  options: { code: number; hex: string }[];
  /** RFC 5001 NSID, when the server sent a non-empty one. */
  nsid: { hex: string; text: string | null } | null;
  /** RFC 8914 Extended DNS Errors. */
  extendedErrors: { infoCode: number; name: string; extraText: string }[];
}

/** RFC 8914 5.2: Extended DNS Error info-codes. */
const EDE_CODES = [
  'Other', 'Unsupported DNSKEY Algorithm', 'Unsupported DS Digest Type', 'Stale Answer', 'Forged Answer',
  'DNSSEC Indeterminate', 'DNSSEC Bogus', 'Signature Expired', 'Signature Not Yet Valid', 'DNSKEY Missing',
  'RRSIGs Missing', 'No Zone Key Bit Set', 'NSEC Missing', 'Cached Error', 'Not Ready', 'Blocked', 'Censored',
  'Filtered', 'Prohibited', 'Stale NXDOMAIN Answer', 'Not Authoritative', 'Not Supported', 'No Reachable Authority',
  'Network Error', 'Invalid Data',
];

export interface DnsMessage {
  id: number;
  opcode: string;
  rcode: string;
  /** The full 12-bit rcode when EDNS extends it. */
  rcodeValue: number;
  flags: DnsFlags;
  questions: DnsQuestion[];
  answers: DnsRecord[];
  authorities: DnsRecord[];
  additionals: DnsRecord[];
  edns: EdnsInfo | null;
}

// ---------------------------------------------------------------- encoding

function encodeName(name: string): Buffer {
  const labels = name === '.' || name === '' ? [] : name.replace(/\.$/, '').split('.');
  const parts: Buffer[] = [];
  for (const label of labels) {
    const bytes = Buffer.from(label, 'ascii');
    if (bytes.length === 0 || bytes.length > 63) throw new RangeError(`bad label in ${name}`);
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

export interface QueryOptionsDns {
  id: number;
  name: string;
  type: number;
  class?: number;
  recursionDesired?: boolean;
  /** Add an OPT record (RFC 6891) asking for NSID (RFC 5001 2.3: an empty NSID option). */
  ednsNsid?: boolean;
  udpPayloadSize?: number;
}

export function encodeQuery(q: QueryOptionsDns): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(q.id, 0);
  header.writeUInt16BE(q.recursionDesired ? 0x0100 : 0, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(q.ednsNsid ? 1 : 0, 10);
  const question = Buffer.concat([encodeName(q.name), Buffer.from([q.type >> 8, q.type & 0xff, (q.class ?? 1) >> 8, (q.class ?? 1) & 0xff])]);
  const parts = [header, question];
  if (q.ednsNsid) {
    const opt = Buffer.alloc(11 + 4);
    opt[0] = 0; // root owner name
    opt.writeUInt16BE(41, 1); // TYPE OPT
    opt.writeUInt16BE(q.udpPayloadSize ?? 1232, 3); // CLASS = requestor's UDP payload size
    opt.writeUInt32BE(0, 5); // extended RCODE 0, version 0, DO 0
    opt.writeUInt16BE(4, 9); // RDLENGTH
    opt.writeUInt16BE(3, 11); // OPTION-CODE NSID
    opt.writeUInt16BE(0, 13); // OPTION-LENGTH 0
    parts.push(opt);
  }
  return Buffer.concat(parts);
}

/** RFC 1035 4.2.2 / RFC 7766 8: on TCP every message is preceded by a two-byte length. */
export function frameTcp(message: Uint8Array): Buffer {
  const out = Buffer.alloc(2 + message.length);
  out.writeUInt16BE(message.length, 0);
  out.set(message, 2);
  return out;
}

/** Stream framer for TCP: one length-prefixed message, prefix included. */
export function dnsTcpFramer(buf: Buffer): number | null {
  if (buf.length < 2) return null;
  const len = buf.readUInt16BE(0);
  return buf.length >= 2 + len ? 2 + len : null;
}

// ---------------------------------------------------------------- decoding

/** Presentation form of one label (RFC 1035 5.1): '.' and '\' escaped, non-printables as \DDD. */
function labelText(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if (b === 0x2e || b === 0x5c) s += `\\${String.fromCharCode(b)}`;
    else if (b > 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\${b.toString().padStart(3, '0')}`;
  }
  return s;
}

/** Read a possibly compressed name at `offset`; returns the name and the bytes consumed in place. */
export function readName(buf: Uint8Array, offset: number): { name: string; length: number } {
  const labels: string[] = [];
  let pos = offset;
  let consumed = -1;
  let wire = 1; // the final zero byte
  for (;;) {
    need(CODEC, buf, pos, 1, 'name label length');
    const len = buf[pos]!;
    if (len === 0) {
      if (consumed < 0) consumed = pos + 1 - offset;
      break;
    }
    const kind = len & 0xc0;
    if (kind === 0xc0) {
      need(CODEC, buf, pos, 2, 'compression pointer');
      const target = ((len & 0x3f) << 8) | buf[pos + 1]!;
      // RFC 1035 4.1.4 points at a prior occurrence: only backward jumps, so no loops.
      if (target >= pos) throw new DecodeError(CODEC, `compression pointer to ${target} does not point backwards`, pos);
      if (consumed < 0) consumed = pos + 2 - offset;
      pos = target;
      continue;
    }
    if (kind !== 0) throw new DecodeError(CODEC, `reserved label type 0x${kind.toString(16)} (RFC 6891 5)`, pos);
    need(CODEC, buf, pos + 1, len, 'name label');
    wire += len + 1;
    if (wire > 255) throw new DecodeError(CODEC, 'name longer than 255 bytes (RFC 1035 2.3.4)', pos);
    labels.push(labelText(buf.subarray(pos + 1, pos + 1 + len)));
    pos += 1 + len;
  }
  return { name: labels.length ? `${labels.join('.')}.` : '.', length: consumed };
}

function u16(buf: Uint8Array, at: number): number {
  return (buf[at]! << 8) | buf[at + 1]!;
}
function u32(buf: Uint8Array, at: number): number {
  return ((buf[at]! << 24) >>> 0) + ((buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!);
}

/** RFC 1035 3.3: <character-string>s filling the RDATA (TXT, HINFO). */
function characterStrings(buf: Uint8Array, start: number, end: number): string[] {
  const out: string[] = [];
  let pos = start;
  while (pos < end) {
    const len = buf[pos]!;
    if (pos + 1 + len > end) throw new DecodeError(CODEC, 'character-string runs past RDATA', pos);
    out.push(Buffer.from(buf.subarray(pos + 1, pos + 1 + len)).toString('latin1'));
    pos += 1 + len;
  }
  return out;
}

const quote = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\x00-\x1f\x7f-\xff]/g, (c) => `\\${c.charCodeAt(0).toString().padStart(3, '0')}`)}"`;

function ipv6(bytes: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(u16(bytes, i).toString(16));
  // RFC 5952 4.2.3: compress the longest run of zero groups (length >= 2).
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i >= 2) { best = i; bestLen = j - i; }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** Decode RDATA for the common types; every decoder must use exactly RDLENGTH bytes. */
function rdata(buf: Uint8Array, type: number, start: number, end: number): { data: string; strings?: string[] } {
  const len = end - start;
  const exact = (n: number) => {
    if (len !== n) throw new DecodeError(CODEC, `${typeName(type)} RDATA of ${len} bytes, expected ${n}`, start);
  };
  const nameAt = (at: number) => {
    const n = readName(buf, at);
    if (at + n.length > end) throw new DecodeError(CODEC, 'name runs past RDATA', at);
    return n;
  };
  switch (type) {
    case 1:
      exact(4);
      return { data: Array.from(buf.subarray(start, end)).join('.') };
    case 28:
      exact(16);
      return { data: ipv6(buf.subarray(start, end)) };
    case 2: case 5: case 12: case 39: {
      const n = nameAt(start);
      exact(n.length);
      return { data: n.name };
    }
    case 15: {
      if (len < 3) throw new DecodeError(CODEC, 'MX RDATA too short', start);
      const n = nameAt(start + 2);
      exact(2 + n.length);
      return { data: `${u16(buf, start)} ${n.name}` };
    }
    case 33: {
      if (len < 7) throw new DecodeError(CODEC, 'SRV RDATA too short', start);
      const n = nameAt(start + 6);
      exact(6 + n.length);
      return { data: `${u16(buf, start)} ${u16(buf, start + 2)} ${u16(buf, start + 4)} ${n.name}` };
    }
    case 6: {
      const m = nameAt(start);
      const r = nameAt(start + m.length);
      const at = start + m.length + r.length;
      exact(m.length + r.length + 20);
      const nums = [0, 4, 8, 12, 16].map((o) => u32(buf, at + o));
      return { data: `${m.name} ${r.name} ${nums.join(' ')}` };
    }
    case 16: case 13: case 99: {
      const strings = characterStrings(buf, start, end);
      return { data: strings.map(quote).join(' '), strings };
    }
    default:
      // RFC 3597 5: the generic presentation of unknown RDATA.
      return { data: `\\# ${len}${len ? ` ${Buffer.from(buf.subarray(start, end)).toString('hex')}` : ''}` };
  }
}

interface RawRecord extends DnsRecord {
  typeValue: number;
  classValue: number;
  rdStart: number;
  rdEnd: number;
}

function readRecord(buf: Uint8Array, offset: number): { record: RawRecord; next: number } {
  const owner = readName(buf, offset);
  let pos = offset + owner.length;
  need(CODEC, buf, pos, 10, 'resource record header');
  const type = u16(buf, pos);
  const cls = u16(buf, pos + 2);
  const ttl = u32(buf, pos + 4);
  const rdlength = u16(buf, pos + 8);
  pos += 10;
  need(CODEC, buf, pos, rdlength, 'RDATA');
  const decoded = type === 41 ? { data: '' } : rdata(buf, type, pos, pos + rdlength);
  const record: RawRecord = {
    name: owner.name,
    type: typeName(type),
    class: type === 41 ? `UDP${cls}` : className(cls),
    ttl,
    data: decoded.data,
    typeValue: type,
    classValue: cls,
    rdStart: pos,
    rdEnd: pos + rdlength,
  };
  if (decoded.strings) record.strings = decoded.strings;
  return { record, next: pos + rdlength };
}

function printableOrNull(bytes: Uint8Array): string | null {
  const s = Buffer.from(bytes).toString('utf8');
  return /^[\x20-\x7e]*$/.test(s) ? s : null;
}

/** RFC 6891 6.1.2-6.1.3: the OPT pseudo-record's fields and options. */
function decodeOpt(buf: Uint8Array, rec: RawRecord): EdnsInfo {
  if (rec.name !== '.') throw new DecodeError(CODEC, 'OPT owner name is not the root', rec.rdStart);
  const options: EdnsInfo['options'] = [];
  let nsid: EdnsInfo['nsid'] = null;
  const extendedErrors: EdnsInfo['extendedErrors'] = [];
  let pos = rec.rdStart;
  while (pos < rec.rdEnd) {
    if (pos + 4 > rec.rdEnd) throw new DecodeError(CODEC, 'EDNS option header runs past RDATA', pos);
    const code = u16(buf, pos);
    const len = u16(buf, pos + 2);
    if (pos + 4 + len > rec.rdEnd) throw new DecodeError(CODEC, 'EDNS option data runs past RDATA', pos);
    const data = buf.subarray(pos + 4, pos + 4 + len);
    options.push({ code, hex: Buffer.from(data).toString('hex') });
    // RFC 5001 2.3: an empty NSID is the requestor's form; a server echoing it offers no ID.
    if (code === 3 && len > 0) nsid = { hex: Buffer.from(data).toString('hex'), text: printableOrNull(data) };
    if (code === 15) {
      // RFC 8914 2: INFO-CODE (2 bytes) then EXTRA-TEXT (UTF-8, may be empty).
      if (len < 2) throw new DecodeError(CODEC, 'Extended DNS Error option shorter than 2 bytes', pos);
      const infoCode = u16(data, 0);
      extendedErrors.push({ infoCode, name: EDE_CODES[infoCode] ?? `EDE${infoCode}`, extraText: Buffer.from(data.subarray(2)).toString('utf8') });
    }
    pos += 4 + len;
  }
  return {
    udpPayloadSize: rec.classValue,
    version: (rec.ttl >>> 16) & 0xff,
    dnssecOk: (rec.ttl & 0x8000) !== 0,
    options,
    nsid,
    extendedErrors,
  };
}

const publicRecord = ({ name, type, class: cls, ttl, data, strings }: RawRecord): DnsRecord =>
  strings ? { name, type, class: cls, ttl, data, strings } : { name, type, class: cls, ttl, data };

/** Decode one DNS message (without the TCP length prefix). */
export function decodeMessage(buf: Uint8Array): DnsMessage {
  need(CODEC, buf, 0, 12, 'header');
  const id = u16(buf, 0);
  const flagBits = u16(buf, 2);
  const counts = [u16(buf, 4), u16(buf, 6), u16(buf, 8), u16(buf, 10)] as const;
  // A question takes at least 5 bytes and a record 11: refuse counts the message cannot hold.
  const minimum = 12 + counts[0] * 5 + (counts[1] + counts[2] + counts[3]) * 11;
  if (minimum > buf.length) throw new DecodeError(CODEC, `section counts need at least ${minimum} bytes, message has ${buf.length}`, 4);
  let pos = 12;
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < counts[0]; i++) {
    const n = readName(buf, pos);
    pos += n.length;
    need(CODEC, buf, pos, 4, 'question type and class');
    questions.push({ name: n.name, type: typeName(u16(buf, pos)), class: className(u16(buf, pos + 2)) });
    pos += 4;
  }
  const sections: RawRecord[][] = [[], [], []];
  for (let s = 0; s < 3; s++) {
    for (let i = 0; i < counts[s + 1]!; i++) {
      const { record, next } = readRecord(buf, pos);
      sections[s]!.push(record);
      pos = next;
    }
  }
  if (pos !== buf.length) throw new DecodeError(CODEC, `${buf.length - pos} bytes after the last record`, pos);
  const opts = sections[2]!.filter((r) => r.typeValue === 41);
  if (opts.length > 1) throw new DecodeError(CODEC, 'more than one OPT record (RFC 6891 6.1.1)');
  const opt = opts[0];
  if (sections[0]!.some((r) => r.typeValue === 41) || sections[1]!.some((r) => r.typeValue === 41)) {
    throw new DecodeError(CODEC, 'OPT record outside the additional section');
  }
  const edns = opt ? decodeOpt(buf, opt) : null;
  // RFC 6891 6.1.3: the OPT TTL's top byte holds the upper 8 bits of a 12-bit RCODE.
  const rcodeValue = ((opt ? (opt.ttl >>> 24) & 0xff : 0) << 4) | (flagBits & 0x0f);
  return {
    id,
    opcode: OPCODES[(flagBits >> 11) & 0x0f] ?? `OPCODE${(flagBits >> 11) & 0x0f}`,
    rcode: RCODES[rcodeValue] ?? `RCODE${rcodeValue}`,
    rcodeValue,
    flags: {
      qr: (flagBits & 0x8000) !== 0,
      aa: (flagBits & 0x0400) !== 0,
      tc: (flagBits & 0x0200) !== 0,
      rd: (flagBits & 0x0100) !== 0,
      ra: (flagBits & 0x0080) !== 0,
      ad: (flagBits & 0x0020) !== 0,
      cd: (flagBits & 0x0010) !== 0,
    },
    questions,
    answers: sections[0]!.map(publicRecord),
    authorities: sections[1]!.map(publicRecord),
    additionals: sections[2]!.filter((r) => r.typeValue !== 41).map(publicRecord),
    edns,
  };
}
