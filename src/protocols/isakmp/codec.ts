/**
 * ISAKMP/IKE messages: the common header (RFC 2408 3.1 / RFC 7296 3.1), the generic payload
 * chain, and the payloads a first exchange carries in IKEv2 (SA, KE, Nonce, Notify, Vendor ID,
 * RFC 7296 3.3-3.12) and IKEv1 main mode (SA with proposals and transforms, Notification, Vendor
 * ID, RFC 2408 3.4-3.16, RFC 2409 5). Builders for an IKEv2 IKE_SA_INIT request and an IKEv1
 * main-mode first message; a decoder for any answer.
 */
import { DecodeError, need } from '../decode-error.js';

const CODEC = 'isakmp';
const HEADER = 28;

export const IKEV2_PAYLOADS: Record<number, string> = {
  33: 'SA', 34: 'KE', 35: 'IDi', 36: 'IDr', 37: 'CERT', 38: 'CERTREQ', 39: 'AUTH', 40: 'Nonce', 41: 'Notify',
  42: 'Delete', 43: 'Vendor ID', 44: 'TSi', 45: 'TSr', 46: 'SK', 47: 'CP', 48: 'EAP', 53: 'SKF',
};
export const IKEV1_PAYLOADS: Record<number, string> = {
  1: 'SA', 2: 'Proposal', 3: 'Transform', 4: 'KE', 5: 'ID', 6: 'CERT', 7: 'CR', 8: 'HASH', 9: 'SIG', 10: 'Nonce',
  11: 'Notification', 12: 'Delete', 13: 'Vendor ID', 20: 'NAT-D', 21: 'NAT-OA',
};
export const EXCHANGES: Record<number, string> = {
  2: 'Identity Protection (Main Mode)', 4: 'Aggressive', 5: 'Informational', 32: 'Quick Mode',
  34: 'IKE_SA_INIT', 35: 'IKE_AUTH', 36: 'CREATE_CHILD_SA', 37: 'INFORMATIONAL',
};
/** RFC 7296 3.10.1 notify types (errors below 16384, status above). */
export const IKEV2_NOTIFY: Record<number, string> = {
  1: 'UNSUPPORTED_CRITICAL_PAYLOAD', 4: 'INVALID_IKE_SPI', 5: 'INVALID_MAJOR_VERSION', 7: 'INVALID_SYNTAX',
  9: 'INVALID_MESSAGE_ID', 11: 'INVALID_SPI', 14: 'NO_PROPOSAL_CHOSEN', 17: 'INVALID_KE_PAYLOAD',
  24: 'AUTHENTICATION_FAILED', 34: 'SINGLE_PAIR_REQUIRED', 35: 'NO_ADDITIONAL_SAS', 36: 'INTERNAL_ADDRESS_FAILURE',
  37: 'FAILED_CP_REQUIRED', 38: 'TS_UNACCEPTABLE', 39: 'INVALID_SELECTORS', 43: 'TEMPORARY_FAILURE',
  44: 'CHILD_SA_NOT_FOUND', 16384: 'INITIAL_CONTACT', 16388: 'NAT_DETECTION_SOURCE_IP',
  16389: 'NAT_DETECTION_DESTINATION_IP', 16390: 'COOKIE', 16404: 'MULTIPLE_AUTH_SUPPORTED', 16418: 'REDIRECT_SUPPORTED',
  16430: 'IKEV2_FRAGMENTATION_SUPPORTED', 16431: 'SIGNATURE_HASH_ALGORITHMS', 16441: 'INTERMEDIATE_EXCHANGE_SUPPORTED',
};
/** RFC 2408 3.14.1 notify message types (errors). */
export const IKEV1_NOTIFY: Record<number, string> = {
  1: 'INVALID-PAYLOAD-TYPE', 2: 'DOI-NOT-SUPPORTED', 3: 'SITUATION-NOT-SUPPORTED', 4: 'INVALID-COOKIE',
  5: 'INVALID-MAJOR-VERSION', 6: 'INVALID-MINOR-VERSION', 7: 'INVALID-EXCHANGE-TYPE', 8: 'INVALID-FLAGS',
  9: 'INVALID-MESSAGE-ID', 10: 'INVALID-PROTOCOL-ID', 11: 'INVALID-SPI', 12: 'INVALID-TRANSFORM-ID',
  13: 'ATTRIBUTES-NOT-SUPPORTED', 14: 'NO-PROPOSAL-CHOSEN', 15: 'BAD-PROPOSAL-SYNTAX', 16: 'PAYLOAD-MALFORMED',
  17: 'INVALID-KEY-INFORMATION', 18: 'INVALID-ID-INFORMATION', 24: 'AUTHENTICATION-FAILED',
};
/** RFC 7296 3.3.2 transform types and the IDs we name. */
const V2_TRANSFORM_TYPES: Record<number, string> = { 1: 'ENCR', 2: 'PRF', 3: 'INTEG', 4: 'DH', 5: 'ESN' };
const V2_TRANSFORM_IDS: Record<number, Record<number, string>> = {
  1: { 3: '3DES', 12: 'AES_CBC', 13: 'AES_CTR', 18: 'AES_GCM_8', 19: 'AES_GCM_12', 20: 'AES_GCM_16', 28: 'CHACHA20_POLY1305' },
  2: { 1: 'HMAC_MD5', 2: 'HMAC_SHA1', 4: 'AES128_XCBC', 5: 'HMAC_SHA2_256', 6: 'HMAC_SHA2_384', 7: 'HMAC_SHA2_512' },
  3: { 1: 'HMAC_MD5_96', 2: 'HMAC_SHA1_96', 5: 'AES_XCBC_96', 12: 'HMAC_SHA2_256_128', 13: 'HMAC_SHA2_384_192', 14: 'HMAC_SHA2_512_256' },
  4: { 2: 'MODP_1024', 5: 'MODP_1536', 14: 'MODP_2048', 15: 'MODP_3072', 16: 'MODP_4096', 19: 'ECP_256', 20: 'ECP_384', 21: 'ECP_521', 31: 'CURVE25519', 32: 'CURVE448' },
};
/** Well-known vendor IDs (the hashes are published in the RFCs that define them). */
const VENDOR_IDS: Record<string, string> = {
  afcad71368a1f1c96b8696fc77570100: 'Dead Peer Detection (RFC 3706)',
  '4a131c81070358455c5728f20e95452f': 'NAT-Traversal (RFC 3947)',
};

export interface IkeHeader {
  initiatorSpi: string;
  responderSpi: string;
  nextPayload: number;
  majorVersion: number;
  minorVersion: number;
  exchangeType: number;
  exchange: string;
  flags: number;
  messageId: number;
  length: number;
}

export interface Transform {
  type: string;
  id: number;
  name: string;
  keyLength: number | null;
}

export interface Proposal {
  number: number;
  protocolId: number;
  spi: string;
  transforms: Transform[];
  /** IKEv1: each transform's attributes by name. */
  attributes?: Record<string, number>[];
}

export interface IkePayload {
  type: number;
  name: string;
  critical: boolean;
  /** Decoded content for the payload kinds above, else the body in hex. */
  notify?: { type: number; name: string; protocolId: number; spi: string; dataHex: string };
  vendorId?: { hex: string; name: string | null };
  sa?: { proposals: Proposal[]; doi?: number; situation?: number };
  ke?: { group: number; groupName: string; length: number };
  nonceLength?: number;
  hex?: string;
}

export interface IkeMessage {
  header: IkeHeader;
  payloads: IkePayload[];
}

// ---------------------------------------------------------------- decoding

function decodeHeader(b: Buffer): IkeHeader {
  need(CODEC, b, 0, HEADER, 'ISAKMP header');
  const version = b[17]!;
  const length = b.readUInt32BE(24);
  if (length !== b.length) throw new DecodeError(CODEC, `header Length ${length} but the datagram has ${b.length} bytes`, 24);
  const major = version >> 4;
  if (major !== 1 && major !== 2) throw new DecodeError(CODEC, `major version ${major} is neither IKEv1 nor IKEv2`, 17);
  return {
    initiatorSpi: b.subarray(0, 8).toString('hex'),
    responderSpi: b.subarray(8, 16).toString('hex'),
    nextPayload: b[16]!,
    majorVersion: major,
    minorVersion: version & 0x0f,
    exchangeType: b[18]!,
    exchange: EXCHANGES[b[18]!] ?? `exchange ${b[18]}`,
    flags: b[19]!,
    messageId: b.readUInt32BE(20),
    length,
  };
}

/** Data attributes (RFC 2408 3.3 / RFC 7296 3.3.5): AF bit set = TV (2-byte value), else TLV. */
function attributes(b: Buffer, start: number, end: number): [number, number][] {
  const out: [number, number][] = [];
  let pos = start;
  while (pos < end) {
    if (pos + 4 > end) throw new DecodeError(CODEC, 'attribute header runs past its transform', pos);
    const type = b.readUInt16BE(pos);
    if (type & 0x8000) {
      out.push([type & 0x7fff, b.readUInt16BE(pos + 2)]);
      pos += 4;
    } else {
      const len = b.readUInt16BE(pos + 2);
      if (pos + 4 + len > end) throw new DecodeError(CODEC, 'TLV attribute runs past its transform', pos);
      let v = 0;
      for (let i = 0; i < Math.min(len, 6); i++) v = v * 256 + b[pos + 4 + i]!;
      out.push([type, v]);
      pos += 4 + len;
    }
  }
  return out;
}

/** A proposal's fixed fields, and where each of its transforms lies in the message. */
interface ProposalFrame {
  number: number;
  protocolId: number;
  spi: string;
  transforms: { start: number; end: number }[];
}

/**
 * The proposals of an SA payload body. IKEv1 Proposal payloads (RFC 2408 3.5-3.6) and IKEv2
 * proposal substructures (RFC 7296 3.3.1) share one layout: a "more follow" byte (0 last, 2 more),
 * a reserved byte, the length, the proposal number, the protocol id, the SPI size, the transform
 * count, the SPI; then transforms, each starting with the same byte, reserved byte and length.
 */
function proposalFrames(b: Buffer, start: number, end: number, version: 1 | 2): ProposalFrame[] {
  const frames: ProposalFrame[] = [];
  let pos = start;
  // IKEv1 may send an SA with no proposal; IKEv2 has at least one.
  while (version === 2 || pos < end) {
    if (pos + 8 > end) throw new DecodeError(CODEC, 'proposal header runs past the SA payload', pos);
    const more = b[pos]!;
    const plen = b.readUInt16BE(pos + 2);
    if (plen < 8 || pos + plen > end) throw new DecodeError(CODEC, `proposal length ${plen} does not fit`, pos);
    const spiSize = b[pos + 6]!;
    const count = b[pos + 7]!;
    if (8 + spiSize > plen) throw new DecodeError(CODEC, 'proposal SPI runs past the proposal', pos);
    const transforms: ProposalFrame['transforms'] = [];
    let t = pos + 8 + spiSize;
    for (let i = 0; i < count; i++) {
      if (t + 8 > pos + plen) throw new DecodeError(CODEC, 'transform header runs past the proposal', t);
      const tlen = b.readUInt16BE(t + 2);
      if (tlen < 8 || t + tlen > pos + plen) throw new DecodeError(CODEC, `transform length ${tlen} does not fit`, t);
      transforms.push({ start: t, end: t + tlen });
      t += tlen;
    }
    frames.push({ number: b[pos + 4]!, protocolId: b[pos + 5]!, spi: b.subarray(pos + 8, pos + 8 + spiSize).toString('hex'), transforms });
    pos += plen;
    if (more === 0) break;
    if (more !== 2) throw new DecodeError(CODEC, `proposal "more follow" byte ${more} is neither 0 nor 2`, pos);
  }
  return frames;
}

/** IKEv2 SA payload body: proposal substructures with transform substructures (RFC 7296 3.3.1). */
function decodeSaV2(b: Buffer, start: number, end: number): Proposal[] {
  return proposalFrames(b, start, end, 2).map(({ transforms, ...p }) => ({
    ...p,
    transforms: transforms.map(({ start: t, end: tEnd }) => {
      const type = b[t + 4]!;
      const id = b.readUInt16BE(t + 6);
      return {
        type: V2_TRANSFORM_TYPES[type] ?? `type ${type}`,
        id,
        name: V2_TRANSFORM_IDS[type]?.[id] ?? String(id),
        keyLength: attributes(b, t + 8, tEnd).find(([k]) => k === 14)?.[1] ?? null,
      };
    }),
  }));
}

const V1_ATTRS: Record<number, string> = {
  1: 'encryption', 2: 'hash', 3: 'authentication', 4: 'group', 11: 'lifeType', 12: 'lifeDuration', 14: 'keyLength',
};

/** IKEv1 SA payload body: DOI, situation, then Proposal and Transform payloads (RFC 2408 3.4-3.6). */
function decodeSaV1(b: Buffer, start: number, end: number): { doi: number; situation: number; proposals: Proposal[] } {
  if (start + 8 > end) throw new DecodeError(CODEC, 'SA payload shorter than DOI and situation', start);
  const doi = b.readUInt32BE(start);
  const situation = b.readUInt32BE(start + 4);
  const proposals = proposalFrames(b, start + 8, end, 1).map(({ transforms, ...p }) => {
    const attrsList = transforms.map(({ start: t, end: tEnd }) =>
      Object.fromEntries(attributes(b, t + 8, tEnd).map(([k, v]) => [V1_ATTRS[k] ?? `attr${k}`, v])) as Record<string, number>,
    );
    return {
      ...p,
      transforms: transforms.map(({ start: t }, i) => ({
        type: 'KEY_IKE',
        id: b[t + 5]!,
        name: b[t + 5] === 1 ? 'KEY_IKE' : String(b[t + 5]),
        keyLength: attrsList[i]!.keyLength ?? null,
      })),
      attributes: attrsList,
    };
  });
  return { doi, situation, proposals };
}

export function decodeIke(bytes: Uint8Array): IkeMessage {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = decodeHeader(b);
  const v2 = header.majorVersion === 2;
  const payloads: IkePayload[] = [];
  let type = header.nextPayload;
  let pos = HEADER;
  while (type !== 0) {
    if (payloads.length >= 64) throw new DecodeError(CODEC, 'more than 64 payloads', pos);
    need(CODEC, b, pos, 4, 'generic payload header');
    const next = b[pos]!;
    const len = b.readUInt16BE(pos + 2);
    if (len < 4 || pos + len > b.length) throw new DecodeError(CODEC, `payload length ${len} does not fit the message`, pos);
    const body = pos + 4;
    const end = pos + len;
    const p: IkePayload = { type, name: (v2 ? IKEV2_PAYLOADS : IKEV1_PAYLOADS)[type] ?? `payload ${type}`, critical: v2 && (b[pos + 1]! & 0x80) !== 0 };
    if ((v2 && type === 33) || (!v2 && type === 1)) {
      p.sa = v2 ? { proposals: decodeSaV2(b, body, end) } : decodeSaV1(b, body, end);
    } else if ((v2 && type === 41) || (!v2 && type === 11)) {
      // IKEv2 3.10: protocol, SPI size, type; IKEv1 3.14: DOI first.
      const at = v2 ? body : body + 4;
      if (at + 4 > end) throw new DecodeError(CODEC, 'notify payload too short', body);
      const spiSize = b[at + 1]!;
      const ntype = b.readUInt16BE(at + 2);
      if (at + 4 + spiSize > end) throw new DecodeError(CODEC, 'notify SPI runs past the payload', at);
      p.notify = {
        type: ntype,
        name: (v2 ? IKEV2_NOTIFY : IKEV1_NOTIFY)[ntype] ?? `notify ${ntype}`,
        protocolId: b[at]!,
        spi: b.subarray(at + 4, at + 4 + spiSize).toString('hex'),
        dataHex: b.subarray(at + 4 + spiSize, end).toString('hex'),
      };
    } else if ((v2 && type === 43) || (!v2 && type === 13)) {
      const hex = b.subarray(body, end).toString('hex');
      p.vendorId = { hex, name: VENDOR_IDS[hex] ?? null };
    } else if (v2 && type === 34) {
      if (body + 4 > end) throw new DecodeError(CODEC, 'KE payload too short', body);
      const group = b.readUInt16BE(body);
      p.ke = { group, groupName: V2_TRANSFORM_IDS[4]![group] ?? String(group), length: end - body - 4 };
    } else if ((v2 && type === 40) || (!v2 && type === 10)) {
      p.nonceLength = end - body;
    } else {
      p.hex = b.subarray(body, Math.min(end, body + 64)).toString('hex');
    }
    payloads.push(p);
    type = next;
    pos = end;
  }
  if (pos !== b.length) throw new DecodeError(CODEC, `${b.length - pos} bytes after the last payload`, pos);
  return { header, payloads };
}

// ---------------------------------------------------------------- encoding

function payload(next: number, body: Buffer): Buffer {
  const h = Buffer.alloc(4);
  h[0] = next;
  h.writeUInt16BE(4 + body.length, 2);
  return Buffer.concat([h, body]);
}

function header(spi: Buffer, next: number, version: number, exchange: number, flags: number, length: number): Buffer {
  const h = Buffer.alloc(HEADER);
  spi.copy(h, 0, 0, 8);
  h[16] = next;
  h[17] = version;
  h[18] = exchange;
  h[19] = flags;
  h.writeUInt32BE(length, 24);
  return h;
}

/** IKEv2 transform substructure (RFC 7296 3.3.2), with an optional Key Length attribute (TV, 14). */
function v2Transform(last: boolean, type: number, id: number, keyLength?: number): Buffer {
  const attr = keyLength ? Buffer.from([0x80, 0x0e, keyLength >> 8, keyLength & 0xff]) : Buffer.alloc(0);
  const t = Buffer.alloc(8);
  t[0] = last ? 0 : 3;
  t.writeUInt16BE(8 + attr.length, 2);
  t[4] = type;
  t.writeUInt16BE(id, 6);
  return Buffer.concat([t, attr]);
}

/** What our IKEv2 request offers: common suites, so a configured responder can pick one. */
export const OFFERED_V2: [type: number, id: number, keyLength?: number][] = [
  [1, 12, 128], [1, 12, 256], // AES-CBC
  [2, 5], [2, 2], // PRF HMAC-SHA2-256, HMAC-SHA1
  [3, 12], [3, 2], // INTEG HMAC-SHA2-256-128, HMAC-SHA1-96
  [4, 31], [4, 19], [4, 14], // DH Curve25519, ECP-256, MODP-2048
];

/**
 * IKE_SA_INIT request (RFC 7296 1.2): HDR, SAi1, KEi, Ni. The KE payload is for the first DH
 * group offered (Curve25519: any 32 bytes are a valid public value, RFC 8031 2); a responder
 * preferring another offered group answers INVALID_KE_PAYLOAD, which still proves it.
 */
export function encodeIkeV2SaInit(spi: Buffer, keData: Buffer, nonce: Buffer): Buffer {
  const transforms = Buffer.concat(OFFERED_V2.map(([type, id, kl], i) => v2Transform(i === OFFERED_V2.length - 1, type, id, kl)));
  const proposal = Buffer.alloc(8);
  proposal[0] = 0; // last proposal
  proposal.writeUInt16BE(8 + transforms.length, 2);
  proposal[4] = 1; // proposal #1
  proposal[5] = 1; // protocol IKE
  proposal[6] = 0; // no SPI in IKE_SA_INIT
  proposal[7] = OFFERED_V2.length;
  const sa = payload(34, Buffer.concat([proposal, transforms]));
  const keBody = Buffer.concat([Buffer.from([0, 31, 0, 0]), keData]);
  const ke = payload(40, keBody);
  const ni = payload(0, nonce);
  const body = Buffer.concat([sa, ke, ni]);
  // Version 2.0, exchange 34, flags: Initiator (RFC 7296 3.1).
  return Buffer.concat([header(spi, 33, 0x20, 34, 0x08, HEADER + body.length), body]);
}

/** IKEv1 main mode offers (RFC 2409 App. A values): encryption, hash, auth (PSK), group, AES key length. */
export const OFFERED_V1: { enc: number; hash: number; group: number; keyLength?: number }[] = [
  { enc: 7, hash: 4, group: 14, keyLength: 128 }, // AES-128, SHA2-256, MODP-2048
  { enc: 7, hash: 2, group: 14, keyLength: 128 }, // AES-128, SHA1, MODP-2048
  { enc: 7, hash: 2, group: 2, keyLength: 128 }, // AES-128, SHA1, MODP-1024
  { enc: 5, hash: 2, group: 2 }, // 3DES, SHA1, MODP-1024
];

/** The first main-mode message (RFC 2409 5): HDR, SA with one ISAKMP proposal of KEY_IKE transforms. */
export function encodeIkeV1MainMode(cookie: Buffer): Buffer {
  const transforms = OFFERED_V1.map((o, i) => {
    const tv = (type: number, value: number) => Buffer.from([0x80, type, value >> 8, value & 0xff]);
    const attrs = Buffer.concat([
      tv(1, o.enc), tv(2, o.hash), tv(3, 1), tv(4, o.group), tv(11, 1), tv(12, 28800),
      ...(o.keyLength ? [tv(14, o.keyLength)] : []),
    ]);
    const head = Buffer.alloc(8);
    head[0] = i === OFFERED_V1.length - 1 ? 0 : 3;
    head.writeUInt16BE(8 + attrs.length, 2);
    head[4] = i + 1; // transform #
    head[5] = 1; // KEY_IKE
    return Buffer.concat([head, attrs]);
  });
  const tbody = Buffer.concat(transforms);
  const proposal = Buffer.alloc(8);
  proposal.writeUInt16BE(8 + tbody.length, 2);
  proposal[4] = 1; // proposal #1
  proposal[5] = 1; // PROTO_ISAKMP
  proposal[7] = transforms.length;
  const doiSituation = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1]); // DOI IPsec, SIT_IDENTITY_ONLY
  const sa = payload(0, Buffer.concat([doiSituation, proposal, tbody]));
  return Buffer.concat([header(cookie, 1, 0x10, 2, 0, HEADER + sa.length), sa]);
}
