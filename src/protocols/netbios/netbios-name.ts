/**
 * NetBIOS names and their first-level encoding (RFC 1001 14.1): 15 characters padded with
 * spaces (or NULs for the "*" wildcard) plus a one-byte suffix, each half-octet sent as 'A'+nibble,
 * giving a 32-character label.
 */
import { DecodeError, need } from '../decode-error.js';

/** The 16 raw bytes of a name: 15 characters upper-cased and padded, then the suffix. */
export function netbiosNameBytes(name: string, suffix: number, pad = 0x20): Buffer {
  if (!Number.isInteger(suffix) || suffix < 0 || suffix > 255) throw new RangeError(`bad NetBIOS suffix ${suffix}`);
  const chars = Buffer.from(name.toUpperCase(), 'latin1');
  if (chars.length > 15) throw new RangeError(`NetBIOS name longer than 15 characters: ${name}`);
  const out = Buffer.alloc(16, pad);
  chars.copy(out, 0);
  out[15] = suffix;
  return out;
}

/** First-level encoding: 16 raw bytes -> 32 letters 'A'..'P' (RFC 1001 14.1). */
export function encodeFirstLevel(raw: Uint8Array): Buffer {
  const out = Buffer.alloc(raw.length * 2);
  raw.forEach((b, i) => {
    out[2 * i] = 0x41 + (b >> 4);
    out[2 * i + 1] = 0x41 + (b & 0x0f);
  });
  return out;
}

/** The on-the-wire name: length 32, the encoded label, then the root label (no scope). */
export function encodeNetbiosWireName(name: string, suffix: number, pad = 0x20): Buffer {
  return Buffer.concat([Buffer.from([32]), encodeFirstLevel(netbiosNameBytes(name, suffix, pad)), Buffer.from([0])]);
}

/** The name "*" for a node status query: '*' then 15 NULs (RFC 1002 4.2.17). */
export function wildcardWireName(): Buffer {
  return encodeNetbiosWireName('*', 0x00, 0x00);
}

/** Decode a 32-letter first-level label back to 16 raw bytes. */
export function decodeFirstLevel(label: Uint8Array, codec = 'netbios'): Buffer {
  if (label.length !== 32) throw new DecodeError(codec, `encoded NetBIOS name is ${label.length} letters, not 32`);
  const out = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) {
    const hi = label[2 * i] - 0x41;
    const lo = label[2 * i + 1] - 0x41;
    if (hi < 0 || hi > 15 || lo < 0 || lo > 15) throw new DecodeError(codec, 'encoded NetBIOS name has a letter outside A-P', 2 * i);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** Split 16 raw bytes into the printable name (trailing spaces/NULs trimmed) and the suffix. */
export function splitNetbiosName(raw: Uint8Array, codec = 'netbios'): { name: string; suffix: number } {
  need(codec, raw, 0, 16, 'NetBIOS name');
  const name = Buffer.from(raw.subarray(0, 15)).toString('latin1').replace(/[ \u0000]+$/, '');
  return { name, suffix: raw[15] };
}
