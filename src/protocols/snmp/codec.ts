/**
 * SNMP messages: v1 (RFC 1157), v2c (RFC 1901, PDUs of RFC 3416) and the v3 envelope with the
 * User-based Security Model parameters (RFC 3412 6, RFC 3414 2.4), as far as a read-only probe needs:
 * build a GetRequest or a v3 discovery request, and decode any reply.
 */
import { DecodeError } from '../decode-error.js';
import {
  children,
  content,
  decodeInteger,
  decodeOid,
  decodeUnsigned,
  expectTlv,
  integer,
  nullValue,
  octetString,
  oid,
  sequence,
  tlv,
  type Tlv,
} from './ber.js';

const CODEC = 'snmp';

/** PDU tags, context class, constructed (RFC 3416 3; RFC 1157 4.1). */
export const PDU_TAGS = {
  0xa0: 'get-request',
  0xa1: 'get-next-request',
  0xa2: 'response',
  0xa3: 'set-request',
  0xa4: 'trap-v1',
  0xa5: 'get-bulk-request',
  0xa6: 'inform-request',
  0xa7: 'trap-v2',
  0xa8: 'report',
} as const;
export type PduType = (typeof PDU_TAGS)[keyof typeof PDU_TAGS];

/** error-status values (RFC 3416 3; 0-5 are RFC 1157's). */
export const ERROR_STATUS = [
  'noError', 'tooBig', 'noSuchName', 'badValue', 'readOnly', 'genErr', 'noAccess', 'wrongType',
  'wrongLength', 'wrongEncoding', 'wrongValue', 'noCreation', 'inconsistentValue',
  'resourceUnavailable', 'commitFailed', 'undoFailed', 'authorizationError', 'notWritable',
  'inconsistentName',
] as const;

export type SnmpValue =
  | { type: 'Integer'; value: number }
  | { type: 'OctetString'; value: string; hex: string; printable: boolean }
  | { type: 'Null'; value: null }
  | { type: 'ObjectIdentifier'; value: string }
  | { type: 'IpAddress'; value: string }
  | { type: 'Counter32' | 'Gauge32' | 'TimeTicks' | 'Counter64'; value: string }
  | { type: 'Opaque'; value: string }
  | { type: 'noSuchObject' | 'noSuchInstance' | 'endOfMibView'; value: null };

export interface VarBind {
  oid: string;
  value: SnmpValue;
}

export interface Pdu {
  type: PduType;
  requestId: number;
  errorStatus: number;
  errorIndex: number;
  varbinds: VarBind[];
}

export interface CommunityMessage {
  version: 'v1' | 'v2c';
  /** Community as text (latin1 so every byte survives), for display. */
  community: string;
  pdu: Pdu;
}

/** UsmSecurityParameters (RFC 3414 2.4). */
export interface UsmParameters {
  engineId: string;
  engineBoots: number;
  engineTime: number;
  userName: string;
  authParamsLength: number;
  privParamsLength: number;
}

export interface V3Message {
  version: 'v3';
  msgId: number;
  msgMaxSize: number;
  /** msgFlags bits (RFC 3412 6.4): auth 1, priv 2, reportable 4. */
  msgFlags: number;
  securityModel: number;
  usm: UsmParameters | null;
  /** Null when the scoped PDU is encrypted. */
  scoped: { contextEngineId: string; contextName: string; pdu: Pdu } | null;
}

export type SnmpMessage = CommunityMessage | V3Message;

export const SYSTEM_OIDS = {
  sysDescr: '1.3.6.1.2.1.1.1.0',
  sysObjectID: '1.3.6.1.2.1.1.2.0',
  sysUpTime: '1.3.6.1.2.1.1.3.0',
  sysContact: '1.3.6.1.2.1.1.4.0',
  sysName: '1.3.6.1.2.1.1.5.0',
  sysLocation: '1.3.6.1.2.1.1.6.0',
} as const;

/** USM statistics a discovery Report carries (RFC 3414 5, usmStats). */
export const USM_STATS: Record<string, string> = {
  '1.3.6.1.6.3.15.1.1.1.0': 'usmStatsUnsupportedSecLevels',
  '1.3.6.1.6.3.15.1.1.2.0': 'usmStatsNotInTimeWindows',
  '1.3.6.1.6.3.15.1.1.3.0': 'usmStatsUnknownUserNames',
  '1.3.6.1.6.3.15.1.1.4.0': 'usmStatsUnknownEngineIDs',
  '1.3.6.1.6.3.15.1.1.5.0': 'usmStatsWrongDigests',
  '1.3.6.1.6.3.15.1.1.6.0': 'usmStatsDecryptionErrors',
};

// ---------------------------------------------------------------- encoding

function getPdu(tag: number, requestId: number, oids: readonly string[]): Buffer {
  return tlv(
    tag,
    integer(requestId),
    integer(0),
    integer(0),
    sequence(...oids.map((o) => sequence(oid(o), nullValue()))),
  );
}

/** A v1 or v2c GetRequest (RFC 1157 4.1.2; RFC 3416 4.2.1). */
export function encodeGetRequest(opts: {
  version: 'v1' | 'v2c';
  community: string;
  requestId: number;
  oids: readonly string[];
}): Buffer {
  return sequence(
    integer(opts.version === 'v1' ? 0 : 1),
    octetString(Buffer.from(opts.community, 'latin1')),
    getPdu(0xa0, opts.requestId, opts.oids),
  );
}

/**
 * The unauthenticated discovery request of RFC 3414 4: noAuthNoPriv, reportable, empty engine ID
 * and user name, an empty GetRequest. Any v3 agent answers with a Report carrying its snmpEngineID,
 * boots and time, whatever its communities and users.
 */
export function encodeV3Discovery(opts: { msgId: number; requestId: number; maxSize?: number }): Buffer {
  const usm = sequence(octetString(''), integer(0), integer(0), octetString(''), octetString(''), octetString(''));
  return sequence(
    integer(3),
    sequence(integer(opts.msgId), integer(opts.maxSize ?? 65507), octetString(Buffer.from([0x04])), integer(3)),
    octetString(usm),
    sequence(octetString(''), octetString(''), getPdu(0xa0, opts.requestId, [])),
  );
}

// ---------------------------------------------------------------- decoding

function printableText(bytes: Uint8Array): { text: string; printable: boolean } {
  const text = Buffer.from(bytes).toString('utf8');
  // Printable: valid UTF-8 (no replacement char) and no control characters except tab/CR/LF.
  const printable = !text.includes('\ufffd') && !/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text);
  return { text, printable };
}

/** One varbind value (RFC 3416 3 ObjectSyntax; RFC 2578 7.1 application types). */
export function decodeValue(buf: Uint8Array, t: Tlv): SnmpValue {
  const bytes = content(buf, t);
  switch (t.tag) {
    case 0x02:
      return { type: 'Integer', value: decodeInteger(buf, t) };
    case 0x04: {
      const { text, printable } = printableText(bytes);
      const hex = Buffer.from(bytes).toString('hex');
      return { type: 'OctetString', value: printable ? text : hex, hex, printable };
    }
    case 0x05:
      if (bytes.length !== 0) throw new DecodeError(CODEC, 'NULL with content', t.start);
      return { type: 'Null', value: null };
    case 0x06:
      return { type: 'ObjectIdentifier', value: decodeOid(buf, t) };
    case 0x40:
      if (bytes.length !== 4) throw new DecodeError(CODEC, `IpAddress of ${bytes.length} bytes`, t.start);
      return { type: 'IpAddress', value: Array.from(bytes).join('.') };
    case 0x41:
    case 0x42:
    case 0x43: {
      const v = decodeUnsigned(buf, t);
      if (v > 0xffffffffn) throw new DecodeError(CODEC, '32-bit application integer out of range', t.start);
      const type = t.tag === 0x41 ? 'Counter32' : t.tag === 0x42 ? 'Gauge32' : 'TimeTicks';
      return { type, value: v.toString() };
    }
    case 0x44:
      return { type: 'Opaque', value: Buffer.from(bytes).toString('hex') };
    case 0x46: {
      const v = decodeUnsigned(buf, t);
      if (v > 0xffffffffffffffffn) throw new DecodeError(CODEC, 'Counter64 out of range', t.start);
      return { type: 'Counter64', value: v.toString() };
    }
    // RFC 3416 3: the three exceptions, [0]..[2] IMPLICIT NULL.
    case 0x80:
    case 0x81:
    case 0x82:
      if (bytes.length !== 0) throw new DecodeError(CODEC, 'exception value with content', t.start);
      return { type: t.tag === 0x80 ? 'noSuchObject' : t.tag === 0x81 ? 'noSuchInstance' : 'endOfMibView', value: null };
    default:
      throw new DecodeError(CODEC, `unknown value tag 0x${t.tag.toString(16)}`, t.start);
  }
}

function decodePdu(buf: Uint8Array, pduTlv: Tlv): Pdu {
  const type = PDU_TAGS[pduTlv.tag as keyof typeof PDU_TAGS];
  if (!type) throw new DecodeError(CODEC, `unknown PDU tag 0x${pduTlv.tag.toString(16)}`, pduTlv.start);
  // RFC 1157 4.1.6: the v1 Trap PDU has another layout; a probe never solicits one.
  if (type === 'trap-v1') throw new DecodeError(CODEC, 'unsolicited SNMPv1 trap', pduTlv.start);
  const parts = children(buf, pduTlv);
  if (parts.length !== 4) throw new DecodeError(CODEC, `PDU has ${parts.length} fields, expected 4`, pduTlv.start);
  const [rid, status, index, list] = parts as [Tlv, Tlv, Tlv, Tlv];
  for (const [t, what] of [[rid, 'request-id'], [status, 'error-status'], [index, 'error-index']] as const) {
    if (t.tag !== 0x02) throw new DecodeError(CODEC, `${what} is not an INTEGER`, t.start);
  }
  if (list.tag !== 0x30) throw new DecodeError(CODEC, 'variable-bindings is not a SEQUENCE', list.start);
  const varbinds: VarBind[] = [];
  for (const vb of children(buf, list)) {
    if (vb.tag !== 0x30) throw new DecodeError(CODEC, 'VarBind is not a SEQUENCE', vb.start);
    const pair = children(buf, vb);
    if (pair.length !== 2) throw new DecodeError(CODEC, `VarBind has ${pair.length} fields, expected 2`, vb.start);
    const name = pair[0]!;
    if (name.tag !== 0x06) throw new DecodeError(CODEC, 'VarBind name is not an OBJECT IDENTIFIER', name.start);
    varbinds.push({ oid: decodeOid(buf, name), value: decodeValue(buf, pair[1]!) });
  }
  return {
    type,
    requestId: decodeInteger(buf, rid),
    errorStatus: decodeInteger(buf, status),
    errorIndex: decodeInteger(buf, index),
    varbinds,
  };
}

function decodeUsm(bytes: Uint8Array): UsmParameters {
  const top = expectTlv(bytes, 0, bytes.length, 0x30, 'UsmSecurityParameters');
  if (top.end !== bytes.length) throw new DecodeError(CODEC, 'bytes after UsmSecurityParameters', top.end);
  const f = children(bytes, top);
  if (f.length !== 6) throw new DecodeError(CODEC, `UsmSecurityParameters has ${f.length} fields, expected 6`, 0);
  const tags = [0x04, 0x02, 0x02, 0x04, 0x04, 0x04];
  f.forEach((t, i) => {
    if (t.tag !== tags[i]) throw new DecodeError(CODEC, `UsmSecurityParameters field ${i + 1} has tag 0x${t.tag.toString(16)}`, t.start);
  });
  return {
    engineId: Buffer.from(content(bytes, f[0]!)).toString('hex'),
    engineBoots: decodeInteger(bytes, f[1]!),
    engineTime: decodeInteger(bytes, f[2]!),
    userName: Buffer.from(content(bytes, f[3]!)).toString('latin1'),
    authParamsLength: f[4]!.end - f[4]!.contentStart,
    privParamsLength: f[5]!.end - f[5]!.contentStart,
  };
}

function decodeV3(buf: Uint8Array, fields: Tlv[]): V3Message {
  if (fields.length !== 4) throw new DecodeError(CODEC, `SNMPv3Message has ${fields.length} fields, expected 4`, 0);
  const [, header, secParams, data] = fields as [Tlv, Tlv, Tlv, Tlv];
  if (header.tag !== 0x30) throw new DecodeError(CODEC, 'msgGlobalData is not a SEQUENCE', header.start);
  const h = children(buf, header);
  if (h.length !== 4 || h[0]!.tag !== 0x02 || h[1]!.tag !== 0x02 || h[2]!.tag !== 0x04 || h[3]!.tag !== 0x02) {
    throw new DecodeError(CODEC, 'malformed msgGlobalData (RFC 3412 6)', header.start);
  }
  const flagBytes = content(buf, h[2]!);
  if (flagBytes.length !== 1) throw new DecodeError(CODEC, `msgFlags of ${flagBytes.length} bytes`, h[2]!.start);
  const msgFlags = flagBytes[0]!;
  const securityModel = decodeInteger(buf, h[3]!);
  if (secParams.tag !== 0x04) throw new DecodeError(CODEC, 'msgSecurityParameters is not an OCTET STRING', secParams.start);
  // RFC 3414 2.4: with the USM (model 3) the OCTET STRING holds a BER UsmSecurityParameters.
  const usm = securityModel === 3 ? decodeUsm(content(buf, secParams)) : null;
  let scoped: V3Message['scoped'] = null;
  if (data.tag === 0x30) {
    const s = children(buf, data);
    if (s.length !== 3 || s[0]!.tag !== 0x04 || s[1]!.tag !== 0x04) throw new DecodeError(CODEC, 'malformed ScopedPDU', data.start);
    scoped = {
      contextEngineId: Buffer.from(content(buf, s[0]!)).toString('hex'),
      contextName: Buffer.from(content(buf, s[1]!)).toString('latin1'),
      pdu: decodePdu(buf, s[2]!),
    };
  } else if (data.tag !== 0x04) {
    throw new DecodeError(CODEC, 'msgData is neither a ScopedPDU nor an encrypted OCTET STRING', data.start);
  } else if ((msgFlags & 0x02) === 0) {
    throw new DecodeError(CODEC, 'encrypted msgData without the privacy flag', data.start);
  }
  return {
    version: 'v3',
    msgId: decodeInteger(buf, h[0]!),
    msgMaxSize: decodeInteger(buf, h[1]!),
    msgFlags,
    securityModel,
    usm,
    scoped,
  };
}

/** Decode one SNMP datagram of any version. */
export function decodeSnmpMessage(buf: Uint8Array): SnmpMessage {
  const top = expectTlv(buf, 0, buf.length, 0x30, 'SNMP Message SEQUENCE');
  if (top.end !== buf.length) throw new DecodeError(CODEC, `${buf.length - top.end} bytes after the SNMP message`, top.end);
  const fields = children(buf, top);
  const versionTlv = fields[0];
  if (!versionTlv || versionTlv.tag !== 0x02) throw new DecodeError(CODEC, 'message version is not an INTEGER', top.contentStart);
  const version = decodeInteger(buf, versionTlv);
  if (version === 3) return decodeV3(buf, fields);
  if (version !== 0 && version !== 1) throw new DecodeError(CODEC, `unknown SNMP version ${version}`, versionTlv.start);
  if (fields.length !== 3) throw new DecodeError(CODEC, `message has ${fields.length} fields, expected 3`, top.start);
  const communityTlv = fields[1]!;
  if (communityTlv.tag !== 0x04) throw new DecodeError(CODEC, 'community is not an OCTET STRING', communityTlv.start);
  return {
    version: version === 0 ? 'v1' : 'v2c',
    community: Buffer.from(content(buf, communityTlv)).toString('latin1'),
    pdu: decodePdu(buf, fields[2]!),
  };
}
