/**
 * Kerberos V5 (RFC 4120): the AS-REQ portq sends (5.4.1) and the KRB-ERROR (5.9.1) any KDC sends
 * back for a client it does not know or that must pre-authenticate. The error alone proves a KDC
 * is listening and tells its realm and clock.
 */
import { DecodeError } from '../decode-error.js';
import { type BerElement, UNIVERSAL, expectTag, readChildren, readElement, readInteger, readString } from '../ber/ber-reader.js';
import { constructed, explicit, integer, sequence, tag, tlv } from '../ber/ber-writer.js';

const CODEC = 'kerberos';

/** RFC 4120 7.5.7 message types. */
export const KRB_MSG = { asReq: 10, asRep: 11, error: 30 } as const;

/** RFC 4120 7.5.9 error codes (and RFC 6806 WRONG_REALM). */
export const KRB_ERROR_NAMES: Readonly<Record<number, string>> = {
  0: 'KDC_ERR_NONE',
  1: 'KDC_ERR_NAME_EXP',
  2: 'KDC_ERR_SERVICE_EXP',
  3: 'KDC_ERR_BAD_PVNO',
  6: 'KDC_ERR_C_PRINCIPAL_UNKNOWN',
  7: 'KDC_ERR_S_PRINCIPAL_UNKNOWN',
  8: 'KDC_ERR_PRINCIPAL_NOT_UNIQUE',
  9: 'KDC_ERR_NULL_KEY',
  12: 'KDC_ERR_POLICY',
  13: 'KDC_ERR_BADOPTION',
  14: 'KDC_ERR_ETYPE_NOSUPP',
  16: 'KDC_ERR_PADATA_TYPE_NOSUPP',
  18: 'KDC_ERR_CLIENT_REVOKED',
  23: 'KDC_ERR_KEY_EXPIRED',
  24: 'KDC_ERR_PREAUTH_FAILED',
  25: 'KDC_ERR_PREAUTH_REQUIRED',
  29: 'KDC_ERR_SVC_UNAVAILABLE',
  37: 'KRB_AP_ERR_SKEW',
  41: 'KRB_AP_ERR_MODIFIED',
  52: 'KRB_ERR_RESPONSE_TOO_BIG',
  60: 'KRB_ERR_GENERIC',
  61: 'KRB_ERR_FIELD_TOOLONG',
  68: 'KDC_ERR_WRONG_REALM',
};

const NT_PRINCIPAL = 1;
const NT_SRV_INST = 2;

function generalString(value: string): Buffer {
  return tlv(tag('universal', UNIVERSAL.generalString), Buffer.from(value, 'utf8'));
}

function principalName(nameType: number, parts: string[]): Buffer {
  // PrincipalName ::= SEQUENCE { name-type [0] Int32, name-string [1] SEQUENCE OF KerberosString }
  return sequence(explicit(0, integer(nameType)), explicit(1, sequence(...parts.map(generalString))));
}

export interface AsReqOptions {
  realm: string;
  clientName: string;
  nonce: number;
  /** KerberosTime for `till`, e.g. "20370913024805Z". */
  till?: string;
}

/**
 * AS-REQ ::= [APPLICATION 10] KDC-REQ with no pre-authentication, asking for krbtgt/REALM.
 * Options forwardable, renewable, canonicalize; etypes AES256, AES128, RC4 (RFC 3962, RFC 4757).
 */
export function encodeAsReq(opts: AsReqOptions): Buffer {
  if (!Number.isInteger(opts.nonce) || opts.nonce < 0 || opts.nonce > 0x7fffffff) throw new RangeError('nonce must fit in 31 bits');
  const kdcOptions = tlv(tag('universal', UNIVERSAL.bitString), Buffer.from([0x00, 0x40, 0x81, 0x00, 0x00]));
  const body = sequence(
    explicit(0, kdcOptions),
    explicit(1, principalName(NT_PRINCIPAL, [opts.clientName])),
    explicit(2, generalString(opts.realm)),
    explicit(3, principalName(NT_SRV_INST, ['krbtgt', opts.realm])),
    explicit(5, tlv(tag('universal', UNIVERSAL.generalizedTime), Buffer.from(opts.till ?? '20370913024805Z', 'ascii'))),
    explicit(7, integer(opts.nonce)),
    explicit(8, sequence(integer(18), integer(17), integer(23))),
  );
  const kdcReq = sequence(explicit(1, integer(5)), explicit(2, integer(KRB_MSG.asReq)), explicit(4, body));
  return constructed({ tagClass: 'application', tagNumber: KRB_MSG.asReq }, kdcReq);
}

export interface KrbError {
  kind: 'error';
  errorCode: number;
  errorName: string;
  /** Server time (stime + susec) as ISO 8601. */
  serverTime: string;
  realm: string;
  serverName: string;
  clientRealm: string | null;
  clientName: string | null;
  eText: string | null;
  hasEData: boolean;
}

/** An AS-REP: the KDC issued a ticket without pre-authentication (only realm and client read). */
export interface AsRep {
  kind: 'as-rep';
  realm: string;
  clientName: string;
}

export type KdcReply = KrbError | AsRep;

/** KerberosTime "YYYYMMDDHHMMSSZ" (RFC 4120 5.2.3) to a Date's epoch ms. */
function parseKerberosTime(text: string, at: number): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) throw new DecodeError(CODEC, `bad KerberosTime "${text.slice(0, 20)}"`, at);
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  if (Number.isNaN(ms)) throw new DecodeError(CODEC, 'KerberosTime out of range', at);
  return ms;
}

function fieldsByTag(buf: Uint8Array, seq: BerElement): Map<number, BerElement> {
  const map = new Map<number, BerElement>();
  for (const f of readChildren(buf, expectTag(seq, 'universal', UNIVERSAL.sequence, 'SEQUENCE', CODEC), CODEC)) {
    if (f.tagClass !== 'context' || !f.constructed) throw new DecodeError(CODEC, 'expected an explicit context tag', f.start);
    // Each [n] EXPLICIT wraps exactly one element.
    const inner = readChildren(buf, f, CODEC);
    if (inner.length !== 1) throw new DecodeError(CODEC, `field [${f.tagNumber}] must hold one element`, f.start);
    map.set(f.tagNumber, inner[0]);
  }
  return map;
}

function required(map: Map<number, BerElement>, n: number, what: string, at: number): BerElement {
  const el = map.get(n);
  if (!el) throw new DecodeError(CODEC, `missing ${what} [${n}]`, at);
  return el;
}

function decodePrincipal(buf: Uint8Array, el: BerElement): string {
  const f = fieldsByTag(buf, el);
  const names = required(f, 1, 'name-string', el.start);
  return readChildren(buf, expectTag(names, 'universal', UNIVERSAL.sequence, 'name-string', CODEC), CODEC)
    .map((s) => readString(buf, s, CODEC))
    .join('/');
}

/** Decode a KDC reply (the message itself; the TCP length prefix already removed). */
export function decodeKdcReply(msg: Uint8Array): KdcReply {
  const top = readElement(msg, 0, msg.length, CODEC);
  if (top.end !== msg.length) throw new DecodeError(CODEC, `${msg.length - top.end} trailing bytes`, top.end);
  if (top.tagClass !== 'application' || !top.constructed) throw new DecodeError(CODEC, 'not a Kerberos message', 0);
  const inner = readChildren(msg, top, CODEC);
  if (inner.length !== 1) throw new DecodeError(CODEC, 'application tag must hold one SEQUENCE', top.start);
  const f = fieldsByTag(msg, inner[0]);
  if (top.tagNumber === KRB_MSG.error) {
    // KRB-ERROR: pvno [0], msg-type [1], ctime [2]?, cusec [3]?, stime [4], susec [5], error-code [6],
    // crealm [7]?, cname [8]?, realm [9], sname [10], e-text [11]?, e-data [12]? (RFC 4120 5.9.1)
    const pvno = readInteger(msg, required(f, 0, 'pvno', top.start), CODEC);
    if (pvno !== 5) throw new DecodeError(CODEC, `pvno ${pvno} is not 5`, top.start);
    const msgType = readInteger(msg, required(f, 1, 'msg-type', top.start), CODEC);
    if (msgType !== KRB_MSG.error) throw new DecodeError(CODEC, `msg-type ${msgType} in a KRB-ERROR`, top.start);
    const stimeEl = required(f, 4, 'stime', top.start);
    const stime = parseKerberosTime(readString(msg, stimeEl, CODEC), stimeEl.start);
    const susec = readInteger(msg, required(f, 5, 'susec', top.start), CODEC);
    if (susec < 0 || susec > 999999) throw new DecodeError(CODEC, `susec ${susec} out of range`, top.start);
    const errorCode = readInteger(msg, required(f, 6, 'error-code', top.start), CODEC);
    const crealm = f.get(7);
    const cname = f.get(8);
    const eText = f.get(11);
    return {
      kind: 'error',
      errorCode,
      errorName: KRB_ERROR_NAMES[errorCode] ?? `error ${errorCode}`,
      serverTime: new Date(stime + Math.floor(susec / 1000)).toISOString(),
      realm: readString(msg, required(f, 9, 'realm', top.start), CODEC),
      serverName: decodePrincipal(msg, required(f, 10, 'sname', top.start)),
      clientRealm: crealm ? readString(msg, crealm, CODEC) : null,
      clientName: cname ? decodePrincipal(msg, cname) : null,
      eText: eText ? readString(msg, eText, CODEC) : null,
      hasEData: f.has(12),
    };
  }
  if (top.tagNumber === KRB_MSG.asRep) {
    // KDC-REP: pvno [0], msg-type [1], padata [2]?, crealm [3], cname [4], ticket [5], enc-part [6]
    return {
      kind: 'as-rep',
      realm: readString(msg, required(f, 3, 'crealm', top.start), CODEC),
      clientName: decodePrincipal(msg, required(f, 4, 'cname', top.start)),
    };
  }
  throw new DecodeError(CODEC, `APPLICATION ${top.tagNumber} is not a KDC reply`, 0);
}

/** TCP framing (RFC 4120 7.2.2): a 4-byte big-endian length, high bit reserved. */
export function frameKerberosTcp(msg: Uint8Array): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(msg.length, 0);
  return Buffer.concat([head, msg]);
}

export function kerberosTcpFrameLength(buffered: Uint8Array): number | null {
  if (buffered.length < 4) return null;
  if (buffered[0] & 0x80) throw new DecodeError(CODEC, 'TCP length with the reserved high bit set', 0);
  const length = ((buffered[0] << 24) | (buffered[1] << 16) | (buffered[2] << 8) | buffered[3]) >>> 0;
  return buffered.length >= 4 + length ? 4 + length : null;
}
