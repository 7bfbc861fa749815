/**
 * TDS ([MS-TDS]) as far as the pre-login handshake: the packet header (2.2.3.1) and the PRELOGIN
 * message (2.2.6.5) a client sends first and the server answers before any TLS or login. The
 * answer carries the server's version and its encryption setting, without credentials.
 */
import { DecodeError, need } from '../decode-error.js';

const CODEC = 'tds';

/** 2.2.3.1.1 packet types used here. */
export const TDS_PRELOGIN = 0x12;
export const TDS_TABULAR_RESULT = 0x04;
/** 2.2.3.1.2: status bit "end of message". */
export const STATUS_EOM = 0x01;
const HEADER = 8;

/** 2.2.6.5 PL_OPTION_TOKEN values. */
export const PRELOGIN_OPTIONS = {
  0x00: 'VERSION',
  0x01: 'ENCRYPTION',
  0x02: 'INSTOPT',
  0x03: 'THREADID',
  0x04: 'MARS',
  0x05: 'TRACEID',
  0x06: 'FEDAUTHREQUIRED',
  0x07: 'NONCEOPT',
} as const;
const TERMINATOR = 0xff;

/** 2.2.6.5 B_FENCRYPTION values, with what each means for the connection. */
export const ENCRYPTION_VALUES: Record<number, { name: string; meaning: string }> = {
  0x00: { name: 'ENCRYPT_OFF', meaning: 'encryption available, used for the login packet only' },
  0x01: { name: 'ENCRYPT_ON', meaning: 'encryption available and on' },
  0x02: { name: 'ENCRYPT_NOT_SUP', meaning: 'encryption not available' },
  0x03: { name: 'ENCRYPT_REQ', meaning: 'encryption required' },
  0x20: { name: 'ENCRYPT_CLIENT_CERT_OFF', meaning: 'client certificate authentication, login encrypted only' },
  0x21: { name: 'ENCRYPT_CLIENT_CERT_ON', meaning: 'client certificate authentication, encryption on' },
  0x23: { name: 'ENCRYPT_CLIENT_CERT_REQ', meaning: 'client certificate authentication, encryption required' },
};

export interface TdsPacket {
  type: number;
  status: number;
  length: number;
  spid: number;
  packetId: number;
  window: number;
  payload: Buffer;
}

/** 2.2.3.1.1: every packet type a TDS peer may send; anything else is not TDS. */
const PACKET_TYPES = new Set([0x01, 0x02, 0x03, 0x04, 0x06, 0x07, 0x0e, 0x0f, 0x10, 0x11, 0x12]);

/**
 * Stream framer: one whole TDS packet (the header's Length counts the header, big-endian). A first
 * byte that is no TDS packet type fails at once instead of waiting for a length that is not one.
 */
export function tdsPacketFramer(buf: Buffer): number | null {
  if (buf.length >= 1 && !PACKET_TYPES.has(buf[0]!)) {
    throw new DecodeError(CODEC, `first byte 0x${buf[0]!.toString(16)} is not a TDS packet type`, 0);
  }
  if (buf.length < 4) return null;
  const len = buf.readUInt16BE(2);
  if (len < HEADER) throw new DecodeError(CODEC, `packet Length ${len} is shorter than the 8-byte header`, 2);
  return buf.length >= len ? len : null;
}

export function encodeTdsPacket(type: number, payload: Uint8Array, packetId = 1): Buffer {
  const header = Buffer.alloc(HEADER);
  header[0] = type;
  header[1] = STATUS_EOM;
  header.writeUInt16BE(HEADER + payload.length, 2);
  header[6] = packetId;
  return Buffer.concat([header, payload]);
}

export function decodeTdsPacket(buf: Uint8Array): TdsPacket {
  need(CODEC, buf, 0, HEADER, 'packet header');
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const length = b.readUInt16BE(2);
  if (length < HEADER) throw new DecodeError(CODEC, `packet Length ${length} is shorter than the header`, 2);
  if (length !== b.length) throw new DecodeError(CODEC, `packet Length ${length} but ${b.length} bytes`, 2);
  return {
    type: b[0]!,
    status: b[1]!,
    length,
    spid: b.readUInt16BE(4),
    packetId: b[6]!,
    window: b[7]!,
    payload: Buffer.from(b.subarray(HEADER)),
  };
}

/** Options to put in a PRELOGIN request, in token order. */
export interface PreloginRequest {
  /** Client version: 4 bytes + 2 bytes sub-build (2.2.6.5 UL_VERSION, US_SUBBUILD). */
  version: Uint8Array;
  encryption: number;
  /** INSTOPT: instance name; empty asks for no check. */
  instance: string;
  threadId: number;
  mars: boolean;
}

/** Build the PRELOGIN payload: option table (token, offset, length: big-endian), terminator, data. */
export function encodePrelogin(req: PreloginRequest): Buffer {
  // THREADID is the client's native ULONG: little-endian, as the 4.1 example shows (B8 0D 00 00).
  const threadId = Buffer.alloc(4);
  threadId.writeUInt32LE(req.threadId >>> 0);
  const options: [number, Buffer][] = [
    [0x00, Buffer.from(req.version)],
    [0x01, Buffer.from([req.encryption])],
    [0x02, Buffer.concat([Buffer.from(req.instance, 'latin1'), Buffer.from([0])])],
    [0x03, threadId],
    [0x04, Buffer.from([req.mars ? 1 : 0])],
  ];
  const tableLength = options.length * 5 + 1;
  const table = Buffer.alloc(tableLength);
  let offset = tableLength;
  options.forEach(([token, data], i) => {
    table[i * 5] = token;
    table.writeUInt16BE(offset, i * 5 + 1);
    table.writeUInt16BE(data.length, i * 5 + 3);
    offset += data.length;
  });
  table[tableLength - 1] = TERMINATOR;
  return Buffer.concat([table, ...options.map(([, d]) => d)]);
}

export interface PreloginResponse {
  /** "major.minor.build" and the raw fields of UL_VERSION / US_SUBBUILD. */
  version: { major: number; minor: number; build: number; subBuild: number; text: string } | null;
  encryption: number | null;
  encryptionName: string | null;
  /** INSTOPT from a server: 0 = the instance name matched (or was not checked). */
  instOpt: number | null;
  threadId: number | null;
  mars: boolean | null;
  fedAuthRequired: boolean | null;
  /** Every option token seen, by name, with its data in hex. */
  options: { token: string; hex: string }[];
}

/** Decode a PRELOGIN payload (2.2.6.5); every offset/length is checked against the payload. */
export function decodePrelogin(payload: Uint8Array): PreloginResponse {
  const p = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  const out: PreloginResponse = {
    version: null, encryption: null, encryptionName: null, instOpt: null, threadId: null, mars: null, fedAuthRequired: null, options: [],
  };
  let pos = 0;
  const seen = new Set<number>();
  for (;;) {
    need(CODEC, p, pos, 1, 'PRELOGIN option token');
    const token = p[pos]!;
    if (token === TERMINATOR) break;
    need(CODEC, p, pos, 5, 'PRELOGIN option entry');
    const offset = p.readUInt16BE(pos + 1);
    const length = p.readUInt16BE(pos + 3);
    if (offset + length > p.length) {
      throw new DecodeError(CODEC, `option 0x${token.toString(16)} data (${offset}+${length}) runs past the ${p.length}-byte payload`, pos);
    }
    if (seen.has(token)) throw new DecodeError(CODEC, `option 0x${token.toString(16)} appears twice`, pos);
    seen.add(token);
    const data = p.subarray(offset, offset + length);
    const name = PRELOGIN_OPTIONS[token as keyof typeof PRELOGIN_OPTIONS] ?? `0x${token.toString(16).padStart(2, '0')}`;
    out.options.push({ token: name, hex: data.toString('hex') });
    switch (token) {
      case 0x00:
        if (length < 6) throw new DecodeError(CODEC, `VERSION of ${length} bytes, expected 6`, pos);
        {
          // UL_VERSION: major, minor, build (big-endian); then US_SUBBUILD.
          const major = data[0]!;
          const minor = data[1]!;
          const build = data.readUInt16BE(2);
          const subBuild = data.readUInt16BE(4);
          out.version = { major, minor, build, subBuild, text: `${major}.${minor}.${build}` };
        }
        break;
      case 0x01:
        if (length < 1) throw new DecodeError(CODEC, 'empty ENCRYPTION option', pos);
        out.encryption = data[0]!;
        out.encryptionName = ENCRYPTION_VALUES[data[0]!]?.name ?? `0x${data[0]!.toString(16)}`;
        break;
      case 0x02:
        out.instOpt = length >= 1 ? data[0]! : null;
        break;
      case 0x03:
        out.threadId = length >= 4 ? data.readUInt32LE(0) : null;
        break;
      case 0x04:
        out.mars = length >= 1 ? data[0] === 1 : null;
        break;
      case 0x06:
        out.fedAuthRequired = length >= 1 ? data[0] === 1 : null;
        break;
      default:
        break;
    }
    pos += 5;
  }
  return out;
}
