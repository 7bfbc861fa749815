/**
 * A cursor over NDR-encoded stub data (C706 chapter 14): primitives aligned to their size,
 * integers in the sender's byte order, every read checked against the end.
 */
import { need } from '../decode-error.js';
import { readUuid } from './uuid.js';

export class NdrReader {
  pos = 0;
  constructor(
    readonly buf: Buffer,
    readonly littleEndian: boolean,
    readonly codec = 'ndr',
  ) {}

  /** C706 14.2.2: a primitive of size n starts at a multiple of n from the start of the stub. */
  align(n: number): void {
    const pad = (n - (this.pos % n)) % n;
    need(this.codec, this.buf, this.pos, pad, 'alignment padding');
    this.pos += pad;
  }

  u8(): number {
    need(this.codec, this.buf, this.pos, 1, 'u8');
    return this.buf[this.pos++];
  }

  u16(): number {
    this.align(2);
    need(this.codec, this.buf, this.pos, 2, 'u16');
    const v = this.littleEndian ? this.buf.readUInt16LE(this.pos) : this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.align(4);
    need(this.codec, this.buf, this.pos, 4, 'u32');
    const v = this.littleEndian ? this.buf.readUInt32LE(this.pos) : this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  bytes(n: number, what: string): Buffer {
    need(this.codec, this.buf, this.pos, n, what);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A UUID: u32, u16, u16, 8 octets (C706 Appendix A), aligned as its u32. */
  uuid(): string {
    this.align(4);
    const v = readUuid(this.buf, this.pos, this.littleEndian, this.codec);
    this.pos += 16;
    return v;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }
}
