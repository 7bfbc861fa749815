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

/** Read a UUID in either byte order (NDR follows the sender's data representation, C706 14.2). */
export function readUuid(buf: Uint8Array, offset: number, littleEndian: boolean, codec = 'uuid'): string {
  need(codec, buf, offset, 16, 'UUID');
  const b = Buffer.from(buf.buffer, buf.byteOffset + offset, 16);
  const hex = (from: number, to: number) => b.subarray(from, to).toString('hex');
  const u32 = littleEndian ? b.readUInt32LE(0) : b.readUInt32BE(0);
  const u16a = littleEndian ? b.readUInt16LE(4) : b.readUInt16BE(4);
  const u16b = littleEndian ? b.readUInt16LE(6) : b.readUInt16BE(6);
  return [
    u32.toString(16).padStart(8, '0'),
    u16a.toString(16).padStart(4, '0'),
    u16b.toString(16).padStart(4, '0'),
    hex(8, 10),
    hex(10, 16),
  ].join('-');
}

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
