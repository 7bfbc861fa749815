/**
 * A small BER reader (X.690) for LDAP and Kerberos replies: definite lengths only, every length
 * checked against the bytes actually present, integers returned as JavaScript numbers.
 *
 * asn1.js could decode these, but it ignores the tag class, returns BN integers and accepts
 * trailing bytes; a hostile reply needs the opposite of each.
 */
import { DecodeError } from '../decode-error.js';

export type BerClass = 'universal' | 'application' | 'context' | 'private';

/** One TLV: where its header and content sit in the buffer it was read from. */
export interface BerElement {
  tagClass: BerClass;
  constructed: boolean;
  tagNumber: number;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the first content octet. */
  contentStart: number;
  /** Offset one past the last content octet (and of the element). */
  end: number;
}

const CLASSES: readonly BerClass[] = ['universal', 'application', 'context', 'private'];

/** Tag numbers of the universal class used here (X.680 8.4). */
export const UNIVERSAL = {
  boolean: 1,
  integer: 2,
  bitString: 3,
  octetString: 4,
  null: 5,
  enumerated: 10,
  utf8String: 12,
  sequence: 16,
  set: 17,
  generalizedTime: 24,
  generalString: 27,
} as const;

/**
 * Read the element that starts at `offset` and must end by `limit`.
 * X.690 8.1.2 (identifier, including the high-tag-number form) and 8.1.3 (length).
 */
export function readElement(buf: Uint8Array, offset: number, limit: number = buf.length, codec = 'ber'): BerElement {
  if (limit > buf.length) limit = buf.length;
  let pos = offset;
  if (pos >= limit) throw new DecodeError(codec, 'truncated element: no identifier octet', pos);
  const id = buf[pos++];
  const tagClass = CLASSES[id >> 6];
  const constructed = (id & 0x20) !== 0;
  let tagNumber = id & 0x1f;
  if (tagNumber === 0x1f) {
    // X.690 8.1.2.4: base-128 tag number, high bit set on all but the last octet.
    tagNumber = 0;
    for (let i = 0; ; i++) {
      if (pos >= limit) throw new DecodeError(codec, 'truncated high tag number', pos);
      if (i >= 4) throw new DecodeError(codec, 'tag number too large', pos);
      const b = buf[pos++];
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  if (pos >= limit) throw new DecodeError(codec, 'truncated element: no length octet', pos);
  const first = buf[pos++];
  let length: number;
  if (first < 0x80) {
    length = first;
  } else if (first === 0x80) {
    // X.690 8.1.3.6: indefinite form. LDAP (RFC 4511 5.1) and DER forbid it.
    throw new DecodeError(codec, 'indefinite length is not allowed', pos - 1);
  } else {
    const count = first & 0x7f;
    if (count > 4) throw new DecodeError(codec, `length of ${count} octets is too large`, pos - 1);
    if (pos + count > limit) throw new DecodeError(codec, 'truncated long-form length', pos);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[pos++];
  }
  if (pos + length > limit) {
    throw new DecodeError(codec, `element of ${length} bytes runs past the end (${limit - pos} left)`, offset);
  }
  return { tagClass, constructed, tagNumber, start: offset, contentStart: pos, end: pos + length };
}

/** Every element inside a constructed element, in order. */
export function readChildren(buf: Uint8Array, parent: BerElement, codec = 'ber'): BerElement[] {
  if (!parent.constructed) throw new DecodeError(codec, 'expected a constructed element', parent.start);
  const out: BerElement[] = [];
  let pos = parent.contentStart;
  while (pos < parent.end) {
    const el = readElement(buf, pos, parent.end, codec);
    out.push(el);
    pos = el.end;
  }
  return out;
}

/** Throw unless `el` has the expected class and number. */
export function expectTag(el: BerElement, tagClass: BerClass, tagNumber: number, what: string, codec = 'ber'): BerElement {
  if (el.tagClass !== tagClass || el.tagNumber !== tagNumber) {
    throw new DecodeError(codec, `expected ${what} (${tagClass} ${tagNumber}), got ${el.tagClass} ${el.tagNumber}`, el.start);
  }
  return el;
}

/** The content octets of a primitive element. */
export function contentOf(buf: Uint8Array, el: BerElement): Buffer {
  return Buffer.from(buf.buffer, buf.byteOffset + el.contentStart, el.end - el.contentStart);
}

/** INTEGER or ENUMERATED content as a number (X.690 8.3: two's complement, big-endian). */
export function readInteger(buf: Uint8Array, el: BerElement, codec = 'ber'): number {
  const len = el.end - el.contentStart;
  if (el.constructed) throw new DecodeError(codec, 'integer must be primitive', el.start);
  if (len === 0) throw new DecodeError(codec, 'empty integer', el.start);
  if (len > 6) throw new DecodeError(codec, `integer of ${len} octets does not fit`, el.start);
  // Starting from -1 for a set sign bit sign-extends as the octets are shifted in.
  let value = buf[el.contentStart] & 0x80 ? -1 : 0;
  for (let i = el.contentStart; i < el.end; i++) value = value * 256 + buf[i];
  return value;
}

/** OCTET STRING (or any primitive string type) content. */
export function readOctets(buf: Uint8Array, el: BerElement, codec = 'ber'): Buffer {
  if (el.constructed) throw new DecodeError(codec, 'constructed strings are not supported', el.start);
  return contentOf(buf, el);
}

/** A string type's content as UTF-8 text. */
export function readString(buf: Uint8Array, el: BerElement, codec = 'ber'): string {
  return readOctets(buf, el, codec).toString('utf8');
}

/**
 * Stream framer for BER PDUs (LDAP over TCP): the length of the first complete element, or null
 * while the header or content is still incomplete. Throws DecodeError when the header can never
 * become valid (indefinite length, oversized length field), so the caller stops waiting.
 */
export function berFrameLength(buffered: Uint8Array, codec = 'ber'): number | null {
  if (buffered.length < 2) return null;
  let pos = 1;
  if ((buffered[0] & 0x1f) === 0x1f) {
    while (pos < buffered.length && buffered[pos] & 0x80) {
      pos++;
      if (pos > 5) throw new DecodeError(codec, 'tag number too large', pos);
    }
    pos++;
  }
  if (pos >= buffered.length) return null;
  const first = buffered[pos++];
  if (first < 0x80) return pos + first <= buffered.length ? pos + first : null;
  if (first === 0x80) throw new DecodeError(codec, 'indefinite length is not allowed', pos - 1);
  const count = first & 0x7f;
  if (count > 4) throw new DecodeError(codec, `length of ${count} octets is too large`, pos - 1);
  if (pos + count > buffered.length) return null;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + buffered[pos++];
  return pos + length <= buffered.length ? pos + length : null;
}
