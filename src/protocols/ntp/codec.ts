/**
 * NTPv4 packets (RFC 5905 7.3): the 48-byte header a client sends in mode 3 and a server answers
 * in mode 4. Extension fields and a MAC may follow; they are counted, not interpreted.
 */
import { DecodeError, need } from '../decode-error.js';

const CODEC = 'ntp';
/** Seconds from the NTP era-0 epoch (1900-01-01) to the Unix epoch (RFC 5905 6). */
const NTP_UNIX_OFFSET = 2208988800;
const MODES = ['reserved', 'symmetric active', 'symmetric passive', 'client', 'server', 'broadcast', 'control', 'private'];

export interface NtpTimestamp {
  seconds: number;
  fraction: number;
}

export interface NtpPacket {
  leap: number;
  version: number;
  mode: number;
  modeName: string;
  stratum: number;
  poll: number;
  precision: number;
  /** Seconds (RFC 5905 6 short format, 16.16). */
  rootDelay: number;
  rootDispersion: number;
  referenceIdHex: string;
  reference: NtpTimestamp;
  origin: NtpTimestamp;
  receive: NtpTimestamp;
  transmit: NtpTimestamp;
  /** Bytes after the 48-byte header (extension fields, MAC). */
  trailerLength: number;
}

/** A client request (mode 3, version 4); `transmit` is echoed back as the answer's origin. */
export function encodeClientRequest(transmit: NtpTimestamp): Buffer {
  const b = Buffer.alloc(48);
  b[0] = (0 << 6) | (4 << 3) | 3; // LI 0, VN 4, Mode 3 (RFC 5905 7.3)
  b.writeUInt32BE(transmit.seconds >>> 0, 40);
  b.writeUInt32BE(transmit.fraction >>> 0, 44);
  return b;
}

export function decodeNtp(buf: Uint8Array): NtpPacket {
  need(CODEC, buf, 0, 48, 'NTP header');
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const version = (b[0]! >> 3) & 7;
  if (version < 1 || version > 4) throw new DecodeError(CODEC, `version ${version} is not NTP 1-4`, 0);
  const mode = b[0]! & 7;
  const ts = (at: number): NtpTimestamp => ({ seconds: b.readUInt32BE(at), fraction: b.readUInt32BE(at + 4) });
  return {
    leap: b[0]! >> 6,
    version,
    mode,
    modeName: MODES[mode]!,
    stratum: b[1]!,
    poll: b.readInt8(2),
    precision: b.readInt8(3),
    rootDelay: b.readUInt32BE(4) / 65536,
    rootDispersion: b.readUInt32BE(8) / 65536,
    referenceIdHex: b.subarray(12, 16).toString('hex'),
    reference: ts(16),
    origin: ts(24),
    receive: ts(32),
    transmit: ts(40),
    trailerLength: b.length - 48,
  };
}

/** Unix milliseconds for an NTP timestamp (era pivot: values below 2^31 are after 2036). */
export function toUnixMs(t: NtpTimestamp): number {
  const seconds = t.seconds + (t.seconds < 0x80000000 ? 0x100000000 : 0) - NTP_UNIX_OFFSET;
  return seconds * 1000 + (t.fraction / 0x100000000) * 1000;
}

export function fromUnixMs(ms: number): NtpTimestamp {
  const total = ms / 1000 + NTP_UNIX_OFFSET;
  const seconds = Math.floor(total);
  return { seconds: seconds >>> 0, fraction: Math.floor((total - seconds) * 0x100000000) >>> 0 };
}

export function isZero(t: NtpTimestamp): boolean {
  return t.seconds === 0 && t.fraction === 0;
}

/**
 * What the reference ID means (RFC 5905 7.3): a kiss code at stratum 0, a four-letter source at
 * stratum 1, else the IPv4 address of the upstream server (or the hash of an IPv6 one).
 */
export function describeReferenceId(stratum: number, hex: string): { kind: 'kiss-code' | 'source' | 'address'; text: string } {
  const bytes = Buffer.from(hex, 'hex');
  const ascii = bytes.toString('latin1').replace(/\0+$/, '');
  if (stratum === 0) return { kind: 'kiss-code', text: ascii };
  if (stratum === 1) return { kind: 'source', text: ascii };
  return { kind: 'address', text: Array.from(bytes).join('.') };
}
