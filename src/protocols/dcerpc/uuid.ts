/**
 * DCE UUIDs (C706 Appendix A) as they travel in little-endian NDR and in Microsoft structures
 * (GUID): time_low, time_mid and time_hi_and_version in the sender's byte order, then the eight
 * clock_seq/node octets as they are. Text form is the usual 8-4-4-4-12 lower-case hex.
 */
import { DecodeError, need } from '../decode-error.js';

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Read 16 bytes at `offset` as a little-endian UUID. */
export function readUuidLe(buf: Uint8Array, offset: number, codec = 'uuid'): string {
  return readUuid(buf, offset, true, codec);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Read a UUID in either byte order (NDR follows the sender's data representation, C706 14.2). */
export function readUuid(buf: Uint8Array, offset: number, littleEndian: boolean, codec = 'uuid'): string {
  need(codec, buf, offset, 16, 'UUID');
  // time_low, time_mid, time_hi_and_version are integers in the sender's order; the rest is bytes.
  const order = littleEndian ? LE_ORDER : BE_ORDER;
  let out = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
    out += HEX[buf[offset + order[i]]];
  }
  return out;
}

const LE_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
const BE_ORDER = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/** The 16 little-endian bytes of a UUID in text form. */
export function uuidToBytesLe(text: string): Buffer {
  if (!UUID_TEXT.test(text)) throw new DecodeError('uuid', `not a UUID: ${text}`);
  const parts = text.split('-');
  const out = Buffer.alloc(16);
  out.writeUInt32LE(parseInt(parts[0], 16), 0);
  out.writeUInt16LE(parseInt(parts[1], 16), 4);
  out.writeUInt16LE(parseInt(parts[2], 16), 6);
  Buffer.from(parts[3] + parts[4], 'hex').copy(out, 8);
  return out;
}

export const NIL_UUID = '00000000-0000-0000-0000-000000000000';
