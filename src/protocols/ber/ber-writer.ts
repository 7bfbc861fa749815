/**
 * A small BER writer (X.690, definite lengths, DER-minimal integers) for LDAP and Kerberos
 * requests. asn1.js encodes every IMPLICIT/EXPLICIT tag with the context class, so it cannot
 * produce LDAP's [APPLICATION 3] SearchRequest (0x63) or Kerberos' [APPLICATION 10] AS-REQ (0x6a).
 */
import type { BerClass } from './ber-reader.js';
import { UNIVERSAL } from './ber-reader.js';

const CLASS_BITS: Record<BerClass, number> = { universal: 0x00, application: 0x40, context: 0x80, private: 0xc0 };

/** A tag as the writer needs it. Numbers above 30 use the high-tag-number form (X.690 8.1.2.4). */
export interface BerTag {
  tagClass: BerClass;
  constructed: boolean;
  tagNumber: number;
}

export function tag(tagClass: BerClass, tagNumber: number, constructed = false): BerTag {
  return { tagClass, tagNumber, constructed };
}

function identifier(t: BerTag): number[] {
  const lead = CLASS_BITS[t.tagClass] | (t.constructed ? 0x20 : 0);
  if (t.tagNumber < 31) return [lead | t.tagNumber];
  const digits: number[] = [];
  let n = t.tagNumber;
  do {
    digits.unshift(n & 0x7f);
    n = Math.floor(n / 128);
  } while (n > 0);
  return [lead | 0x1f, ...digits.map((d, i) => (i < digits.length - 1 ? d | 0x80 : d))];
}

/** X.690 8.1.3: short form below 128, else the minimal long form. */
function lengthOctets(length: number): number[] {
  if (length < 0x80) return [length];
  const digits: number[] = [];
  let n = length;
  while (n > 0) {
    digits.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return [0x80 | digits.length, ...digits];
}

/** One TLV. */
export function tlv(t: BerTag, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([...identifier(t), ...lengthOctets(content.length)]), content]);
}

/** A constructed element holding `children` in order. */
export function constructed(t: Omit<BerTag, 'constructed'>, ...children: Uint8Array[]): Buffer {
  return tlv({ ...t, constructed: true }, Buffer.concat(children));
}

export function sequence(...children: Uint8Array[]): Buffer {
  return constructed({ tagClass: 'universal', tagNumber: UNIVERSAL.sequence }, ...children);
}

/** Minimal two's complement octets of a safe integer (X.690 8.3.2). */
export function integerContent(value: number): Buffer {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
  const out: number[] = [];
  let n = value;
  for (;;) {
    const byte = ((n % 256) + 256) % 256;
    out.unshift(byte);
    n = Math.floor(n / 256);
    if ((n === 0 && (byte & 0x80) === 0) || (n === -1 && (byte & 0x80) !== 0)) break;
  }
  return Buffer.from(out);
}

export function integer(value: number, t: BerTag = tag('universal', UNIVERSAL.integer)): Buffer {
  return tlv(t, integerContent(value));
}

export function enumerated(value: number): Buffer {
  return tlv(tag('universal', UNIVERSAL.enumerated), integerContent(value));
}

export function boolean(value: boolean): Buffer {
  // X.690 11.1 (DER): TRUE is 0xff.
  return tlv(tag('universal', UNIVERSAL.boolean), Buffer.from([value ? 0xff : 0x00]));
}

export function octetString(value: string | Uint8Array, t: BerTag = tag('universal', UNIVERSAL.octetString)): Buffer {
  return tlv(t, typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
}

/** EXPLICIT context tag [n] around one element (Kerberos' style, RFC 4120 5.2). */
export function explicit(tagNumber: number, inner: Uint8Array): Buffer {
  return constructed({ tagClass: 'context', tagNumber }, inner);
}
