/**
 * SMB2 NEGOTIATE ([MS-SMB2] 2.2.3 request, 2.2.4 response) and the 64-byte SMB2 header
 * ([MS-SMB2] 2.2.1.2). Enough to learn the dialect a server picks, whether it requires signing,
 * its GUID and its clock, without authenticating.
 */
import { DecodeError, need } from '../decode-error.js';
import { readUuidLe } from '../dcerpc/uuid.js';

const CODEC = 'smb2';
const SMB2_MAGIC = 0x424d53fe; // 0xFE 'S' 'M' 'B' read little-endian
const SMB1_MAGIC = 0x424d53ff;

/** Dialect revision codes, with the names smbclient uses in its logs. */
export const SMB2_DIALECTS: readonly { code: number; name: string; smbclientName: string }[] = [
  { code: 0x0202, name: 'SMB 2.0.2', smbclientName: 'SMB2_02' },
  { code: 0x0210, name: 'SMB 2.1', smbclientName: 'SMB2_10' },
  { code: 0x0300, name: 'SMB 3.0', smbclientName: 'SMB3_00' },
  { code: 0x0302, name: 'SMB 3.0.2', smbclientName: 'SMB3_02' },
  { code: 0x0311, name: 'SMB 3.1.1', smbclientName: 'SMB3_11' },
];

/** [MS-SMB2] 2.2.3 SecurityMode and Capabilities bits. */
export const SIGNING_ENABLED = 0x0001;
export const SIGNING_REQUIRED = 0x0002;
export const SMB2_CAPABILITIES: readonly { bit: number; name: string }[] = [
  { bit: 0x01, name: 'DFS' },
  { bit: 0x02, name: 'LEASING' },
  { bit: 0x04, name: 'LARGE_MTU' },
  { bit: 0x08, name: 'MULTI_CHANNEL' },
  { bit: 0x10, name: 'PERSISTENT_HANDLES' },
  { bit: 0x20, name: 'DIRECTORY_LEASING' },
  { bit: 0x40, name: 'ENCRYPTION' },
  { bit: 0x80, name: 'NOTIFICATIONS' },
];

/** [MS-SMB2] 2.2.3.1 negotiate context types. */
const CONTEXT_NAMES: Readonly<Record<number, string>> = {
  1: 'PREAUTH_INTEGRITY_CAPABILITIES',
  2: 'ENCRYPTION_CAPABILITIES',
  3: 'COMPRESSION_CAPABILITIES',
  5: 'NETNAME_NEGOTIATE_CONTEXT_ID',
  6: 'TRANSPORT_CAPABILITIES',
  7: 'RDMA_TRANSFORM_CAPABILITIES',
  8: 'SIGNING_CAPABILITIES',
};
const CIPHERS: Readonly<Record<number, string>> = { 1: 'AES-128-CCM', 2: 'AES-128-GCM', 3: 'AES-256-CCM', 4: 'AES-256-GCM' };
const SIGNING_ALGORITHMS: Readonly<Record<number, string>> = { 0: 'HMAC-SHA256', 1: 'AES-CMAC', 2: 'AES-GMAC' };

function smb2Header(command: number, messageId: number): Buffer {
  const h = Buffer.alloc(64);
  h.writeUInt32LE(SMB2_MAGIC, 0);
  h.writeUInt16LE(64, 4); // StructureSize
  h.writeUInt16LE(command, 12);
  h.writeUInt16LE(1, 14); // CreditRequest
  h.writeBigUInt64LE(BigInt(messageId), 24);
  return h;
}

function pad8(length: number): number {
  return (8 - (length % 8)) % 8;
}

function negotiateContext(type: number, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16LE(type, 0);
  head.writeUInt16LE(data.length, 2);
  return Buffer.concat([head, data]);
}

/**
 * NEGOTIATE request offering every dialect from 2.0.2 to 3.1.1. 3.1.1 requires the
 * PREAUTH_INTEGRITY_CAPABILITIES context (2.2.3.1.1); ENCRYPTION_CAPABILITIES and
 * SIGNING_CAPABILITIES let the server show what it would pick.
 */
export function encodeNegotiateRequest(opts: { clientGuid: Uint8Array; salt: Uint8Array }): Buffer {
  if (opts.clientGuid.length !== 16 || opts.salt.length !== 32) throw new RangeError('clientGuid is 16 bytes, salt 32');
  const dialects = SMB2_DIALECTS.map((d) => d.code);
  const fixed = Buffer.alloc(36);
  fixed.writeUInt16LE(36, 0); // StructureSize
  fixed.writeUInt16LE(dialects.length, 2);
  fixed.writeUInt16LE(SIGNING_ENABLED, 4);
  fixed.writeUInt32LE(0x7f, 8); // Capabilities: DFS..ENCRYPTION
  Buffer.from(opts.clientGuid).copy(fixed, 12);
  const dialectBytes = Buffer.alloc(dialects.length * 2);
  dialects.forEach((d, i) => dialectBytes.writeUInt16LE(d, i * 2));
  const beforeContexts = 64 + 36 + dialectBytes.length;
  const contextOffset = beforeContexts + pad8(beforeContexts);
  const preauth = Buffer.alloc(6 + 32);
  preauth.writeUInt16LE(1, 0); // HashAlgorithmCount
  preauth.writeUInt16LE(32, 2); // SaltLength
  preauth.writeUInt16LE(0x0001, 4); // SHA-512
  Buffer.from(opts.salt).copy(preauth, 6);
  const encryption = Buffer.from([4, 0, 2, 0, 1, 0, 4, 0, 3, 0]); // 4 ciphers: GCM, CCM, 256-GCM, 256-CCM
  const signing = Buffer.from([2, 0, 1, 0, 0, 0]); // AES-CMAC, HMAC-SHA256
  const contexts = [negotiateContext(1, preauth), negotiateContext(2, encryption), negotiateContext(8, signing)];
  const contextBytes: Buffer[] = [];
  contexts.forEach((c, i) => {
    contextBytes.push(c);
    if (i < contexts.length - 1) contextBytes.push(Buffer.alloc(pad8(c.length)));
  });
  fixed.writeUInt32LE(contextOffset, 28); // NegotiateContextOffset
  fixed.writeUInt16LE(contexts.length, 32); // NegotiateContextCount
  return Buffer.concat([
    smb2Header(0x0000, 0),
    fixed,
    dialectBytes,
    Buffer.alloc(contextOffset - beforeContexts),
    ...contextBytes,
  ]);
}

export interface NegotiateContextInfo {
  type: number;
  name: string;
  /** Selected cipher, hash or signing algorithm where the context names one. */
  selected: string | null;
}

export interface NegotiateResponse {
  /** The NT status in the header (0 = STATUS_SUCCESS). */
  status: number;
  dialect: number;
  dialectName: string;
  smbclientDialect: string;
  securityMode: number;
  signingEnabled: boolean;
  signingRequired: boolean;
  serverGuid: string;
  capabilities: number;
  capabilityNames: string[];
  maxTransactSize: number;
  maxReadSize: number;
  maxWriteSize: number;
  /** Server clock (FILETIME) as ISO 8601, null when the server sends zero. */
  systemTime: string | null;
  serverStartTime: string | null;
  securityBufferLength: number;
  contexts: NegotiateContextInfo[];
}

/** FILETIME (100 ns ticks since 1601-01-01 UTC) to ISO text; null for 0 or out of range. */
export function filetimeToIso(ticks: bigint): string | null {
  if (ticks === 0n) return null;
  const ms = Number(ticks / 10000n) - 11644473600000;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function dialectInfo(code: number) {
  const known = SMB2_DIALECTS.find((d) => d.code === code);
  if (known) return known;
  const hex = `0x${code.toString(16).padStart(4, '0')}`;
  return { code, name: code === 0x02ff ? 'SMB 2.???' : `dialect ${hex}`, smbclientName: hex };
}

/**
 * Decode a NEGOTIATE response: the SMB2 message (session header already removed).
 * An SMB1 reply (0xFF 'SMB') means the server refused SMB2; it is reported as a DecodeError
 * the module turns into a readable answer.
 */
export function decodeNegotiateResponse(msg: Uint8Array): NegotiateResponse {
  const buf = Buffer.from(msg.buffer, msg.byteOffset, msg.length);
  need(CODEC, buf, 0, 4, 'protocol ID');
  const magic = buf.readUInt32LE(0);
  if (magic === SMB1_MAGIC) throw new DecodeError(CODEC, 'server answered in SMB1 only', 0);
  if (magic !== SMB2_MAGIC) throw new DecodeError(CODEC, 'not an SMB2 message', 0);
  need(CODEC, buf, 0, 64, 'SMB2 header');
  if (buf.readUInt16LE(4) !== 64) throw new DecodeError(CODEC, 'header StructureSize is not 64', 4);
  const status = buf.readUInt32LE(8);
  const command = buf.readUInt16LE(12);
  if (command !== 0) throw new DecodeError(CODEC, `command ${command} is not NEGOTIATE`, 12);
  if ((buf.readUInt32LE(16) & 0x1) === 0) throw new DecodeError(CODEC, 'not a response (SERVER_TO_REDIR clear)', 16);
  if (status !== 0) throw new DecodeError(CODEC, `NEGOTIATE failed with status 0x${status.toString(16).padStart(8, '0')}`, 8);
  need(CODEC, buf, 64, 64, 'NEGOTIATE response body');
  const b = 64;
  if (buf.readUInt16LE(b) !== 65) throw new DecodeError(CODEC, 'NEGOTIATE response StructureSize is not 65', b);
  const securityMode = buf.readUInt16LE(b + 2);
  const dialect = buf.readUInt16LE(b + 4);
  const contextCount = buf.readUInt16LE(b + 6);
  const serverGuid = readUuidLe(buf, b + 8, CODEC);
  const capabilities = buf.readUInt32LE(b + 24);
  const securityBufferOffset = buf.readUInt16LE(b + 56);
  const securityBufferLength = buf.readUInt16LE(b + 58);
  if (securityBufferLength > 0) need(CODEC, buf, securityBufferOffset, securityBufferLength, 'security buffer');
  const contexts: NegotiateContextInfo[] = [];
  if (dialect === 0x0311 && contextCount > 0) {
    let pos = buf.readUInt32LE(b + 60);
    for (let i = 0; i < contextCount; i++) {
      pos += pad8(pos);
      need(CODEC, buf, pos, 8, 'negotiate context header');
      const type = buf.readUInt16LE(pos);
      const length = buf.readUInt16LE(pos + 2);
      need(CODEC, buf, pos + 8, length, 'negotiate context data');
      const data = buf.subarray(pos + 8, pos + 8 + length);
      // Each selecting context answers with a count (1) then the chosen ID (2.2.4.1.x); the
      // preauth context has SaltLength between the count and the hash ID.
      let selected: string | null = null;
      const idAt = type === 1 ? 4 : 2;
      if ((type === 1 || type === 2 || type === 8) && data.length >= idAt + 2 && data.readUInt16LE(0) >= 1) {
        const id = data.readUInt16LE(idAt);
        if (type === 1) selected = id === 1 ? 'SHA-512' : `hash ${id}`;
        else if (type === 2) selected = CIPHERS[id] ?? (id === 0 ? 'none' : `cipher ${id}`);
        else selected = SIGNING_ALGORITHMS[id] ?? `algorithm ${id}`;
      }
      contexts.push({ type, name: CONTEXT_NAMES[type] ?? `context ${type}`, selected });
      pos += 8 + length;
    }
  }
  const info = dialectInfo(dialect);
  return {
    status,
    dialect,
    dialectName: info.name,
    smbclientDialect: info.smbclientName,
    securityMode,
    signingEnabled: (securityMode & SIGNING_ENABLED) !== 0,
    signingRequired: (securityMode & SIGNING_REQUIRED) !== 0,
    serverGuid,
    capabilities,
    capabilityNames: SMB2_CAPABILITIES.filter((c) => capabilities & c.bit).map((c) => c.name),
    maxTransactSize: buf.readUInt32LE(b + 28),
    maxReadSize: buf.readUInt32LE(b + 32),
    maxWriteSize: buf.readUInt32LE(b + 36),
    systemTime: filetimeToIso(buf.readBigUInt64LE(b + 40)),
    serverStartTime: filetimeToIso(buf.readBigUInt64LE(b + 48)),
    securityBufferLength,
    contexts,
  };
}
