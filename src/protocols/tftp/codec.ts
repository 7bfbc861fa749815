/**
 * TFTP packets (RFC 1350 5, option acknowledgement RFC 2347): build a read request, decode what
 * a server answers (DATA, ERROR, OACK).
 */
import { DecodeError, need } from '../decode-error.js';

const CODEC = 'tftp';
/** RFC 1350 5: opcodes. */
export const OPCODES = { 1: 'RRQ', 2: 'WRQ', 3: 'DATA', 4: 'ACK', 5: 'ERROR', 6: 'OACK' } as const;
/** RFC 1350 Appendix: error codes; 8 is RFC 2347's option negotiation failure. */
export const ERROR_CODES = [
  'Not defined', 'File not found', 'Access violation', 'Disk full or allocation exceeded', 'Illegal TFTP operation',
  'Unknown transfer ID', 'File already exists', 'No such user', 'Option negotiation failed',
];

export function encodeReadRequest(filename: string, mode: 'octet' | 'netascii' = 'octet'): Buffer {
  const name = Buffer.from(filename, 'latin1');
  if (name.includes(0)) throw new RangeError('file name contains NUL');
  return Buffer.concat([Buffer.from([0, 1]), name, Buffer.from([0]), Buffer.from(mode, 'latin1'), Buffer.from([0])]);
}

export type TftpPacket =
  | { opcode: 'DATA'; block: number; data: Buffer }
  | { opcode: 'ERROR'; code: number; codeText: string; message: string }
  | { opcode: 'OACK'; options: Record<string, string> }
  | { opcode: 'ACK'; block: number };

/** NUL-terminated strings filling `buf` from `start` (RFC 1350 5 / RFC 2347). */
function strings(buf: Buffer, start: number): string[] {
  const out: string[] = [];
  let pos = start;
  while (pos < buf.length) {
    const nul = buf.indexOf(0, pos);
    if (nul < 0) throw new DecodeError(CODEC, 'string not terminated by NUL', pos);
    out.push(buf.toString('latin1', pos, nul));
    pos = nul + 1;
  }
  return out;
}

export function decodeTftp(bytes: Uint8Array): TftpPacket {
  need(CODEC, bytes, 0, 4, 'opcode and block/code');
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const op = b.readUInt16BE(0);
  switch (op) {
    case 3:
      // RFC 1350 6: DATA carries 0-512 bytes (more with RFC 2348 blksize, up to 65464).
      if (b.length - 4 > 65464) throw new DecodeError(CODEC, 'DATA longer than any block size', 4);
      return { opcode: 'DATA', block: b.readUInt16BE(2), data: Buffer.from(b.subarray(4)) };
    case 4:
      if (b.length !== 4) throw new DecodeError(CODEC, 'ACK with trailing bytes', 4);
      return { opcode: 'ACK', block: b.readUInt16BE(2) };
    case 5: {
      const code = b.readUInt16BE(2);
      const parts = strings(b, 4);
      if (parts.length !== 1) throw new DecodeError(CODEC, `ERROR carries ${parts.length} strings, expected 1`, 4);
      return { opcode: 'ERROR', code, codeText: ERROR_CODES[code] ?? `code ${code}`, message: parts[0]! };
    }
    case 6: {
      const parts = strings(b, 2);
      if (parts.length % 2) throw new DecodeError(CODEC, 'OACK has an option without a value', 2);
      const options: Record<string, string> = {};
      for (let i = 0; i < parts.length; i += 2) options[parts[i]!.toLowerCase()] = parts[i + 1]!;
      return { opcode: 'OACK', options };
    }
    default:
      throw new DecodeError(CODEC, `opcode ${op} is not a server answer`, 0);
  }
}
