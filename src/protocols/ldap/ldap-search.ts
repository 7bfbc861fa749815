/**
 * One LDAP search as a conversation: send the request, then read response messages until the
 * SearchResultDone for our message ID. Over a stream (TCP, TLS) whole LDAPMessages are framed out
 * of partial reads; over UDP (CLDAP) each datagram carries whole messages.
 */
import type { QueryChannel } from '../types.js';
import { DecodeError } from '../decode-error.js';
import { berFrameLength } from '../ber/ber-reader.js';
import { type LdapMessage, decodeLdapMessage, decodeLdapMessages } from './ldap-messages.js';
import { type SearchOutcome, collectSearch } from './root-dse.js';

/** More response messages than any root DSE or LDAP ping needs: a server that floods is cut off. */
const MAX_MESSAGES = 1000;

export const ldapFramer = (buffered: Buffer): number | null => berFrameLength(buffered, 'ldap');

export async function searchOverStream(
  channel: QueryChannel,
  request: Uint8Array,
  messageId: number,
  label: string,
): Promise<SearchOutcome> {
  await channel.send(request, label);
  const messages: LdapMessage[] = [];
  for (let i = 0; i < MAX_MESSAGES; i++) {
    const frame = await channel.receive({ framer: ldapFramer, label: `${label} response` });
    messages.push(decodeLdapMessage(frame));
    const outcome = collectSearch(messages, messageId);
    if (outcome) return outcome;
  }
  throw new DecodeError('ldap', `no SearchResultDone after ${MAX_MESSAGES} messages`);
}

/**
 * One search over UDP (CLDAP): every response message usually arrives in one datagram, but a
 * server may split them; datagrams for other message IDs (a late answer) are skipped.
 */
export async function searchOverDatagrams(
  channel: QueryChannel,
  request: Uint8Array,
  messageId: number,
  label: string,
): Promise<SearchOutcome> {
  await channel.send(request, label);
  const messages: LdapMessage[] = [];
  for (let i = 0; i < 64; i++) {
    const datagram = await channel.receive({ label: `${label} response` });
    messages.push(...decodeLdapMessages(datagram));
    const outcome = collectSearch(messages, messageId);
    if (outcome) return outcome;
  }
  throw new DecodeError('ldap', 'no SearchResultDone after 64 datagrams');
}
