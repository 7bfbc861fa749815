/**
 * NetBIOS session service packets (RFC 1002 4.3): the SESSION REQUEST sent on TCP 139 before
 * SMB, its answers, and the 4-byte header that frames session messages. SMB over TCP 445
 * ([MS-SMB2] 2.1) keeps the same 4-byte header (type 0, 24-bit length).
 */
import { DecodeError, need } from '../decode-error.js';
import { encodeNetbiosWireName } from './netbios-name.js';

const CODEC = 'nbss';

/** RFC 1002 4.3.1 packet types. */
export const SESSION_TYPE = {
  message: 0x00,
  request: 0x81,
  positiveResponse: 0x82,
  negativeResponse: 0x83,
  retargetResponse: 0x84,
  keepAlive: 0x85,
} as const;

/** RFC 1002 4.3.4 negative response error codes. */
export const SESSION_ERRORS: Readonly<Record<number, string>> = {
  0x80: 'Not listening on called name',
  0x81: 'Not listening for calling name',
  0x82: 'Called name not present',
  0x83: 'Called name present, but insufficient resources',
  0x8f: 'Unspecified error',
};

/**
 * SESSION REQUEST (RFC 1002 4.3.2): called name with the file-server suffix 0x20, then the
 * calling name. "*SMBSERVER" is the called name servers accept when the caller does not know the
 * NetBIOS name.
 */
export function encodeSessionRequest(calledName = '*SMBSERVER', callingName = 'PORTQ'): Buffer {
  const body = Buffer.concat([encodeNetbiosWireName(calledName, 0x20), encodeNetbiosWireName(callingName, 0x00)]);
  const header = Buffer.alloc(4);
  header[0] = SESSION_TYPE.request;
  header.writeUInt16BE(body.length, 2);
  return Buffer.concat([header, body]);
}

export type SessionAnswer =
  | { kind: 'positive' }
  | { kind: 'negative'; errorCode: number; error: string }
  | { kind: 'retarget'; address: string; port: number };

export function decodeSessionAnswer(packet: Uint8Array): SessionAnswer {
  need(CODEC, packet, 0, 4, 'session header');
  const buf = Buffer.from(packet.buffer, packet.byteOffset, packet.length);
  switch (buf[0]) {
    case SESSION_TYPE.positiveResponse:
      return { kind: 'positive' };
    case SESSION_TYPE.negativeResponse: {
      need(CODEC, buf, 4, 1, 'negative response error code');
      const errorCode = buf[4];
      return { kind: 'negative', errorCode, error: SESSION_ERRORS[errorCode] ?? `error 0x${errorCode.toString(16)}` };
    }
    case SESSION_TYPE.retargetResponse:
      need(CODEC, buf, 4, 6, 'retarget address');
      return { kind: 'retarget', address: `${buf[4]}.${buf[5]}.${buf[6]}.${buf[7]}`, port: buf.readUInt16BE(8) };
    default:
      throw new DecodeError(CODEC, `unexpected session packet type 0x${buf[0].toString(16)}`, 0);
  }
}

/** Wrap a message in the 4-byte header: type 0, 24-bit big-endian length ([MS-SMB2] 2.1). */
export function frameSessionMessage(payload: Uint8Array): Buffer {
  if (payload.length > 0xffffff) throw new RangeError('session message too long');
  const header = Buffer.alloc(4);
  header.writeUInt32BE(payload.length, 0); // the top byte (type 0) stays zero
  return Buffer.concat([header, payload]);
}

/**
 * Stream framer for session packets: header plus length. RFC 1002 4.3.1 gives 17 length bits
 * (the E bit in the flags byte); [MS-SMB2] 2.1 widens it to 24 over TCP 445. Both read the same.
 */
export function sessionFrameLength(buffered: Uint8Array): number | null {
  if (buffered.length < 4) return null;
  const length = (buffered[1] << 16) | (buffered[2] << 8) | buffered[3];
  return buffered.length >= 4 + length ? 4 + length : null;
}
