/**
 * LDAP root DSE over TCP (389, global catalog 3268) and over TLS (LDAPS 636, 3269): PortQry's
 * LDAP query, printing every attribute with every value. LDAP over UDP is the CLDAP module.
 */
import { isIP } from 'node:net';
import type { ModuleResult, ProtocolModule, QueryChannel } from '../types.js';
import { encodeRootDseRequest, formatRootDse, rootDseFields, summarizeRootDse } from './root-dse.js';
import { searchOverStream } from './ldap-search.js';

async function rootDseOverStream(channel: QueryChannel): Promise<ModuleResult> {
  const outcome = await searchOverStream(channel, encodeRootDseRequest(1), 1, 'LDAP root DSE search');
  return {
    listening: true,
    summary: summarizeRootDse(outcome),
    fields: { rootDse: rootDseFields(outcome) },
    text: formatRootDse(outcome),
  };
}

export const ldapModule: ProtocolModule = {
  name: 'ldap',
  title: 'LDAP',
  services: ['ldap', 'globalcatalog'],
  transports: ['tcp'],
  run: rootDseOverStream,
};

export const ldapsModule: ProtocolModule = {
  name: 'ldaps',
  title: 'LDAP over TLS',
  services: ['ldaps', 'globalcatalog-ssl'],
  transports: ['tcp'],
  async run(channel) {
    const tls = await channel.startTls({ servername: isIP(channel.host) ? undefined : channel.host });
    const inner = await rootDseOverStream(channel);
    const certLines = [
      'TLS handshake:',
      `  protocol: ${tls.protocol ?? 'unknown'}, cipher: ${tls.cipher ?? 'unknown'}`,
      `  subject: ${tls.subject}`,
      `  issuer: ${tls.issuer}${tls.selfSigned ? ' (self-signed)' : ''}`,
      `  names: ${tls.subjectAltNames.length ? tls.subjectAltNames.join(', ') : '(none)'}`,
      `  valid: ${tls.validFrom} to ${tls.validTo}`,
      `  SHA-256: ${tls.fingerprint256}`,
      `  trusted: ${tls.authorized ? 'yes' : `no (${tls.authorizationError ?? 'unknown reason'})`}`,
      '',
    ];
    return {
      ...inner,
      summary: `TLS ${tls.protocol ?? ''} ${tls.subject}; ${inner.summary}`.replace(/\s+/g, ' '),
      fields: { tls: { ...tls }, ...inner.fields },
      text: certLines.join('\n') + inner.text,
    };
  },
};

