/**
 * The root DSE (RFC 4512 5.1): an anonymous base search of "" with filter (objectClass=*), and
 * how its answer is shown. PortQry prints only the first value of each attribute; portq prints
 * every value of every attribute, in the server's order.
 */
import { DecodeError } from '../decode-error.js';
import {
  type LdapAttribute,
  type LdapMessage,
  type LdapResult,
  encodeSearchRequest,
  presentFilter,
} from './ldap-messages.js';

export function encodeRootDseRequest(messageId: number): Buffer {
  return encodeSearchRequest({
    messageId,
    baseObject: '',
    scope: 'base',
    filter: presentFilter('objectClass'),
    // No attribute list: every (non-operational) attribute, as `ldapsearch -x -s base` asks.
    attributes: [],
  });
}

/** An attribute value as shown: UTF-8 text when it is printable, else base64 (like LDIF, RFC 2849). */
export interface ShownAttribute {
  type: string;
  values: string[];
  /** True when the values are base64 because some value is not printable text. */
  base64: boolean;
}

export interface SearchOutcome {
  objectName: string | null;
  attributes: ShownAttribute[];
  references: string[];
  result: LdapResult;
}

function isPrintableUtf8(value: Buffer): boolean {
  const text = value.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(value)) return false; // invalid UTF-8 was replaced
  // Control characters (other than none at all) make a value binary for display.
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
}

export function showAttribute(attr: LdapAttribute): ShownAttribute {
  const text = attr.values.every(isPrintableUtf8);
  return {
    type: attr.type,
    values: attr.values.map((v) => (text ? v.toString('utf8') : v.toString('base64'))),
    base64: !text,
  };
}

/**
 * Fold the messages answering one search (entries, references, then SearchResultDone) into one
 * outcome. Returns null while the SearchResultDone for `messageId` has not arrived yet.
 */
export function collectSearch(messages: readonly LdapMessage[], messageId: number): SearchOutcome | null {
  let objectName: string | null = null;
  const attributes: ShownAttribute[] = [];
  const references: string[] = [];
  for (const m of messages) {
    if (m.messageId === 0 && m.op === 'extendedResp') {
      // RFC 4511 4.4.1: unsolicited Notice of Disconnection.
      throw new DecodeError('ldap', `server disconnected: ${m.result.resultName} ${m.result.diagnosticMessage}`.trim());
    }
    if (m.messageId !== messageId) continue;
    if (m.op === 'searchResEntry') {
      objectName ??= m.objectName;
      attributes.push(...m.attributes.map(showAttribute));
    } else if (m.op === 'searchResRef') {
      references.push(...m.uris);
    } else if (m.op === 'searchResDone') {
      return { objectName, attributes, references, result: m.result };
    }
  }
  return null;
}

/** The PortQry block: `LDAP query response:`, every attribute with every value, the end line. */
export function formatRootDse(outcome: SearchOutcome): string {
  const lines = ['LDAP query response:', ''];
  for (const attr of outcome.attributes) {
    for (const value of attr.values) lines.push(`${attr.type}${attr.base64 ? '::' : ':'} ${value}`);
    if (attr.values.length === 0) lines.push(`${attr.type}:`);
  }
  if (outcome.result.resultCode !== 0) {
    lines.push(`result: ${outcome.result.resultCode} ${outcome.result.resultName}`);
    if (outcome.result.diagnosticMessage) lines.push(`message: ${outcome.result.diagnosticMessage}`);
  }
  lines.push('', '======== End of LDAP query response ========');
  return lines.join('\n');
}

/** JSON fields: attributes by name, every value, plus the result. */
export function rootDseFields(outcome: SearchOutcome): Record<string, unknown> {
  const attributes: Record<string, string[]> = {};
  const base64Attributes: string[] = [];
  for (const attr of outcome.attributes) {
    (attributes[attr.type] ??= []).push(...attr.values);
    if (attr.base64) base64Attributes.push(attr.type);
  }
  return {
    resultCode: outcome.result.resultCode,
    resultName: outcome.result.resultName,
    diagnosticMessage: outcome.result.diagnosticMessage,
    objectName: outcome.objectName,
    attributes,
    base64Attributes,
    references: outcome.references,
  };
}

/** One line for tables. */
export function summarizeRootDse(outcome: SearchOutcome): string {
  const get = (name: string) => outcome.attributes.find((a) => a.type.toLowerCase() === name.toLowerCase())?.values[0];
  if (outcome.result.resultCode !== 0) return `root DSE search: ${outcome.result.resultName}`;
  const host = get('dnsHostName');
  const ctx = get('defaultNamingContext');
  const parts = [`root DSE, ${outcome.attributes.length} attributes`];
  if (host) parts.push(host);
  if (ctx) parts.push(ctx);
  return parts.join(', ');
}
