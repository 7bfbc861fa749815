/**
 * LDAPv3 messages (RFC 4511 4.1.1, 4.5): the SearchRequest portq sends and the responses it reads.
 * Pure codec: bytes in, typed objects out. Used over TCP (LDAP, LDAPS, global catalog) and UDP
 * (CLDAP, where one datagram carries every response message of the search).
 */
import { DecodeError } from '../decode-error.js';
import {
  type BerElement,
  UNIVERSAL,
  expectTag,
  readChildren,
  readElement,
  readInteger,
  readOctets,
  readString,
} from '../ber/ber-reader.js';
import { boolean, constructed, enumerated, integer, octetString, sequence, tag } from '../ber/ber-writer.js';

const CODEC = 'ldap';

/** protocolOp APPLICATION tag numbers (RFC 4511 4.2-4.12). */
export const LDAP_OP = {
  bindRequest: 0,
  bindResponse: 1,
  unbindRequest: 2,
  searchRequest: 3,
  searchResEntry: 4,
  searchResDone: 5,
  searchResRef: 19,
  extendedReq: 23,
  extendedResp: 24,
} as const;

/** RFC 4511 Appendix A.1 result codes, by number. */
export const LDAP_RESULT_NAMES: Readonly<Record<number, string>> = {
  0: 'success',
  1: 'operationsError',
  2: 'protocolError',
  3: 'timeLimitExceeded',
  4: 'sizeLimitExceeded',
  7: 'authMethodNotSupported',
  8: 'strongerAuthRequired',
  10: 'referral',
  11: 'adminLimitExceeded',
  12: 'unavailableCriticalExtension',
  13: 'confidentialityRequired',
  32: 'noSuchObject',
  34: 'invalidDNSyntax',
  48: 'inappropriateAuthentication',
  49: 'invalidCredentials',
  50: 'insufficientAccessRights',
  51: 'busy',
  52: 'unavailable',
  53: 'unwillingToPerform',
  80: 'other',
};

export type SearchScope = 'base' | 'one' | 'sub';
const SCOPES: Record<SearchScope, number> = { base: 0, one: 1, sub: 2 };

/** A search filter already encoded (RFC 4511 4.5.1.7); build one with the helpers below. */
export type EncodedFilter = Buffer;

/** (attr=*): present [7] AttributeDescription. */
export function presentFilter(attribute: string): EncodedFilter {
  return octetString(attribute, tag('context', 7));
}

/** (attr=value): equalityMatch [3] AttributeValueAssertion. */
export function equalityFilter(attribute: string, value: string | Uint8Array): EncodedFilter {
  return constructed({ tagClass: 'context', tagNumber: 3 }, octetString(attribute), octetString(value));
}

/** (&...): and [0] SET OF Filter. */
export function andFilter(...filters: EncodedFilter[]): EncodedFilter {
  return constructed({ tagClass: 'context', tagNumber: 0 }, ...filters);
}

export interface SearchRequest {
  messageId: number;
  baseObject: string;
  scope: SearchScope;
  filter: EncodedFilter;
  /** Empty: every user attribute (the root DSE then returns all it has). */
  attributes: string[];
  sizeLimit?: number;
  timeLimit?: number;
}

/** LDAPMessage { messageID, SearchRequest [APPLICATION 3] } (RFC 4511 4.5.1). */
export function encodeSearchRequest(req: SearchRequest): Buffer {
  const body = constructed(
    { tagClass: 'application', tagNumber: LDAP_OP.searchRequest },
    octetString(req.baseObject),
    enumerated(SCOPES[req.scope]),
    enumerated(0), // derefAliases: neverDerefAliases
    integer(req.sizeLimit ?? 0),
    integer(req.timeLimit ?? 0),
    boolean(false), // typesOnly
    req.filter,
    sequence(...req.attributes.map((a) => octetString(a))),
  );
  return sequence(integer(req.messageId), body);
}

export interface LdapAttribute {
  type: string;
  values: Buffer[];
}

export interface LdapResult {
  resultCode: number;
  resultName: string;
  matchedDN: string;
  diagnosticMessage: string;
  referral: string[];
}

export type LdapMessage =
  | { messageId: number; op: 'searchResEntry'; objectName: string; attributes: LdapAttribute[] }
  | { messageId: number; op: 'searchResDone'; result: LdapResult }
  | { messageId: number; op: 'searchResRef'; uris: string[] }
  | { messageId: number; op: 'extendedResp'; result: LdapResult; responseName: string | null }
  | { messageId: number; op: 'bindResponse'; result: LdapResult }
  | { messageId: number; op: 'other'; tagNumber: number };

function decodeResult(buf: Uint8Array, parts: BerElement[], at: number): LdapResult {
  if (parts.length < 3) throw new DecodeError(CODEC, 'LDAPResult needs resultCode, matchedDN, diagnosticMessage', at);
  const code = readInteger(buf, expectTag(parts[0], 'universal', UNIVERSAL.enumerated, 'resultCode', CODEC), CODEC);
  const matchedDN = readString(buf, expectTag(parts[1], 'universal', UNIVERSAL.octetString, 'matchedDN', CODEC), CODEC);
  const diagnosticMessage = readString(buf, expectTag(parts[2], 'universal', UNIVERSAL.octetString, 'diagnosticMessage', CODEC), CODEC);
  const referral: string[] = [];
  // referral [3] Referral OPTIONAL (RFC 4511 4.1.9).
  const ref = parts.slice(3).find((p) => p.tagClass === 'context' && p.tagNumber === 3);
  if (ref) for (const uri of readChildren(buf, ref, CODEC)) referral.push(readString(buf, uri, CODEC));
  return { resultCode: code, resultName: LDAP_RESULT_NAMES[code] ?? `result ${code}`, matchedDN, diagnosticMessage, referral };
}

/** Decode one LDAPMessage that starts at `offset`; returns it and where it ended. */
export function decodeLdapMessageAt(buf: Uint8Array, offset: number): { message: LdapMessage; end: number } {
  const outer = expectTag(readElement(buf, offset, buf.length, CODEC), 'universal', UNIVERSAL.sequence, 'LDAPMessage', CODEC);
  const parts = readChildren(buf, outer, CODEC);
  if (parts.length < 2) throw new DecodeError(CODEC, 'LDAPMessage needs messageID and protocolOp', outer.start);
  const messageId = readInteger(buf, expectTag(parts[0], 'universal', UNIVERSAL.integer, 'messageID', CODEC), CODEC);
  if (messageId < 0 || messageId > 2147483647) throw new DecodeError(CODEC, `messageID ${messageId} out of range`, parts[0].start);
  const op = parts[1];
  if (op.tagClass !== 'application') throw new DecodeError(CODEC, 'protocolOp must be an APPLICATION tag', op.start);
  let message: LdapMessage;
  switch (op.tagNumber) {
    case LDAP_OP.searchResEntry: {
      // SearchResultEntry ::= [APPLICATION 4] SEQUENCE { objectName, attributes PartialAttributeList }
      const fields = readChildren(buf, op, CODEC);
      if (fields.length < 2) throw new DecodeError(CODEC, 'SearchResultEntry needs objectName and attributes', op.start);
      const objectName = readString(buf, expectTag(fields[0], 'universal', UNIVERSAL.octetString, 'objectName', CODEC), CODEC);
      const list = expectTag(fields[1], 'universal', UNIVERSAL.sequence, 'PartialAttributeList', CODEC);
      const attributes = readChildren(buf, list, CODEC).map((attr) => {
        const pair = readChildren(buf, expectTag(attr, 'universal', UNIVERSAL.sequence, 'PartialAttribute', CODEC), CODEC);
        if (pair.length !== 2) throw new DecodeError(CODEC, 'PartialAttribute needs type and vals', attr.start);
        const type = readString(buf, expectTag(pair[0], 'universal', UNIVERSAL.octetString, 'attribute type', CODEC), CODEC);
        const vals = expectTag(pair[1], 'universal', UNIVERSAL.set, 'attribute vals', CODEC);
        const values = readChildren(buf, vals, CODEC).map((v) =>
          Buffer.from(readOctets(buf, expectTag(v, 'universal', UNIVERSAL.octetString, 'attribute value', CODEC), CODEC)),
        );
        return { type, values };
      });
      message = { messageId, op: 'searchResEntry', objectName, attributes };
      break;
    }
    case LDAP_OP.searchResDone:
      message = { messageId, op: 'searchResDone', result: decodeResult(buf, readChildren(buf, op, CODEC), op.start) };
      break;
    case LDAP_OP.bindResponse:
      message = { messageId, op: 'bindResponse', result: decodeResult(buf, readChildren(buf, op, CODEC), op.start) };
      break;
    case LDAP_OP.searchResRef:
      message = { messageId, op: 'searchResRef', uris: readChildren(buf, op, CODEC).map((u) => readString(buf, u, CODEC)) };
      break;
    case LDAP_OP.extendedResp: {
      const fields = readChildren(buf, op, CODEC);
      // responseName [10] LDAPOID OPTIONAL (RFC 4511 4.12); 4.4.1 Notice of Disconnection uses it.
      const name = fields.find((f) => f.tagClass === 'context' && f.tagNumber === 10);
      message = {
        messageId,
        op: 'extendedResp',
        result: decodeResult(buf, fields, op.start),
        responseName: name ? readString(buf, name, CODEC) : null,
      };
      break;
    }
    default:
      message = { messageId, op: 'other', tagNumber: op.tagNumber };
  }
  return { message, end: outer.end };
}

/** Decode exactly one LDAPMessage filling `buf` (a TCP frame). */
export function decodeLdapMessage(buf: Uint8Array): LdapMessage {
  const { message, end } = decodeLdapMessageAt(buf, 0);
  if (end !== buf.length) throw new DecodeError(CODEC, `${buf.length - end} trailing bytes after LDAPMessage`, end);
  return message;
}

/** Decode every LDAPMessage in a CLDAP datagram (they are concatenated, RFC 1798 / MS-ADTS 6.3.3). */
export function decodeLdapMessages(buf: Uint8Array): LdapMessage[] {
  const out: LdapMessage[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const { message, end } = decodeLdapMessageAt(buf, pos);
    out.push(message);
    pos = end;
  }
  if (out.length === 0) throw new DecodeError(CODEC, 'empty datagram', 0);
  return out;
}
