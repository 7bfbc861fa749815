/**
 * The slice of BER (X.690) that SNMP needs, kept local to SNMP: definite lengths only, single-byte
 * tags only (every SNMP tag fits in one byte), INTEGER, OCTET STRING, NULL, OBJECT IDENTIFIER and
 * constructed types. The reader checks every length against its enclosing bound before use.
 */
import { DecodeError } from '../decode-error.js';

const CODEC = 'snmp';

/** One tag-length-value found in a buffer: byte ranges, no copies. */
export interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the content. */
  end: number;
}

/** Read the TLV at `offset`, which must end at or before `limit`. X.690 8.1. */
export function readTlv(buf: Uint8Array, offset: number, limit: number = buf.length): Tlv {
  if (limit > buf.length) limit = buf.length;
  if (offset >= limit) throw new DecodeError(CODEC, 'truncated: expected a BER tag', offset);
  const tag = buf[offset]!;
  // X.690 8.1.2.4: tag number 31 means a multi-byte tag; SNMP never uses one.
  if ((tag & 0x1f) === 0x1f) throw new DecodeError(CODEC, `multi-byte BER tag 0x${tag.toString(16)} is not SNMP`, offset);
  let pos = offset + 1;
  if (pos >= limit) throw new DecodeError(CODEC, 'truncated: expected a BER length', pos);
  const first = buf[pos++]!;
  let length: number;
  if (first < 0x80) {
    length = first;
  } else {
    // X.690 8.1.3.5: long form; 0x80 alone is the indefinite form, which SNMP (definite BER) forbids.
    const count = first & 0x7f;
    if (count === 0) throw new DecodeError(CODEC, 'indefinite BER length is not allowed in SNMP', pos - 1);
    if (count > 4) throw new DecodeError(CODEC, `BER length of ${count} bytes is too long`, pos - 1);
    if (pos + count > limit) throw new DecodeError(CODEC, 'truncated BER length', pos);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[pos++]!;
  }
  if (pos + length > limit) {
    throw new DecodeError(CODEC, `BER length ${length} runs past the enclosing value (${limit - pos} bytes left)`, offset);
  }
  return { tag, start: offset, contentStart: pos, end: pos + length };
}

/** Read a TLV and insist on its tag. */
export function expectTlv(buf: Uint8Array, offset: number, limit: number, tag: number, what: string): Tlv {
  const tlv = readTlv(buf, offset, limit);
  if (tlv.tag !== tag) {
    throw new DecodeError(CODEC, `expected ${what} (tag 0x${tag.toString(16)}), found tag 0x${tlv.tag.toString(16)}`, offset);
  }
  return tlv;
}

/** The children of a constructed TLV, in order; they must exactly fill it. */
export function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let pos = parent.contentStart;
  while (pos < parent.end) {
    const child = readTlv(buf, pos, parent.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** Content bytes of a TLV (a view, not a copy). */
export function content(buf: Uint8Array, tlv: Tlv): Uint8Array {
  return buf.subarray(tlv.contentStart, tlv.end);
}

/** Two's-complement INTEGER (X.690 8.3), as a bigint; at most 9 content bytes (Counter64 + sign byte). */
export function decodeSignedBig(buf: Uint8Array, tlv: Tlv): bigint {
  const len = tlv.end - tlv.contentStart;
  if (len === 0) throw new DecodeError(CODEC, 'INTEGER with no content bytes', tlv.start);
  if (len > 9) throw new DecodeError(CODEC, `INTEGER of ${len} bytes is too large`, tlv.start);
  let value = 0n;
  for (let i = tlv.contentStart; i < tlv.end; i++) value = (value << 8n) | BigInt(buf[i]!);
  if (buf[tlv.contentStart]! & 0x80) value -= 1n << BigInt(8 * len);
  return value;
}

/** INTEGER that must fit a JavaScript number safely (request IDs, error status, counters). */
export function decodeInteger(buf: Uint8Array, tlv: Tlv): number {
  const big = decodeSignedBig(buf, tlv);
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new DecodeError(CODEC, 'INTEGER out of range', tlv.start);
  }
  return Number(big);
}

/** Unsigned application integers (Counter32, Gauge32, TimeTicks, Counter64): RFC 2578 7.1. */
export function decodeUnsigned(buf: Uint8Array, tlv: Tlv): bigint {
  const len = tlv.end - tlv.contentStart;
  if (len === 0) throw new DecodeError(CODEC, 'unsigned integer with no content bytes', tlv.start);
  if (len > 9) throw new DecodeError(CODEC, `unsigned integer of ${len} bytes is too large`, tlv.start);
  let value = 0n;
  for (let i = tlv.contentStart; i < tlv.end; i++) value = (value << 8n) | BigInt(buf[i]!);
  return value;
}

/** OBJECT IDENTIFIER in dotted form (X.690 8.19). At most 128 sub-identifiers (RFC 2578 3.5). */
export function decodeOid(buf: Uint8Array, tlv: Tlv): string {
  if (tlv.end === tlv.contentStart) throw new DecodeError(CODEC, 'empty OBJECT IDENTIFIER', tlv.start);
  const parts: string[] = [];
  let value = 0n;
  let bytes = 0;
  for (let i = tlv.contentStart; i < tlv.end; i++) {
    const b = buf[i]!;
    // X.690 8.19.2: a leading 0x80 octet in a sub-identifier is not allowed.
    if (bytes === 0 && b === 0x80) throw new DecodeError(CODEC, 'OBJECT IDENTIFIER sub-identifier has a leading 0x80', i);
    value = (value << 7n) | BigInt(b & 0x7f);
    bytes++;
    if (bytes > 10) throw new DecodeError(CODEC, 'OBJECT IDENTIFIER sub-identifier too long', i);
    if ((b & 0x80) === 0) {
      if (parts.length === 0) {
        // X.690 8.19.4: the first sub-identifier packs the first two arcs as 40*X + Y.
        const first = value < 40n ? 0n : value < 80n ? 1n : 2n;
        parts.push(first.toString(), (value - first * 40n).toString());
      } else {
        parts.push(value.toString());
      }
      if (parts.length > 128) throw new DecodeError(CODEC, 'OBJECT IDENTIFIER has more than 128 sub-identifiers', i);
      value = 0n;
      bytes = 0;
    }
  }
  if (bytes !== 0) throw new DecodeError(CODEC, 'OBJECT IDENTIFIER ends inside a sub-identifier', tlv.end);
  return parts.join('.');
}

// ---- encoding (requests only; inputs are ours, so no hostile lengths here) ----

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...parts: Uint8Array[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

/** INTEGER in minimal two's complement (X.690 8.3.2). */
export function integer(value: number): Buffer {
  const bytes: number[] = [];
  let n = BigInt(value);
  for (;;) {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
    const top = bytes[0]! & 0x80;
    if ((n === 0n && !top) || (n === -1n && top)) break;
  }
  return tlv(0x02, Buffer.from(bytes));
}

export function octetString(value: Uint8Array | string): Buffer {
  return tlv(0x04, typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
}

export function nullValue(): Buffer {
  return tlv(0x05);
}

export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map((s) => BigInt(s));
  if (arcs.length < 2) throw new RangeError(`OID ${dotted} needs at least two arcs`);
  const subids = [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)];
  const bytes: number[] = [];
  for (const sub of subids) {
    const chunk: number[] = [Number(sub & 0x7fn)];
    for (let n = sub >> 7n; n > 0n; n >>= 7n) chunk.unshift(Number(n & 0x7fn) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

export function sequence(...items: Uint8Array[]): Buffer {
  return tlv(0x30, ...items);
}
