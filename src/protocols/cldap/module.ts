/**
 * LDAP over UDP 389 (CLDAP): first the LDAP ping a Windows client sends to find its DC
 * ([MS-ADTS] 6.3.3), then PortQry's own query, the root DSE, both reported in one answer.
 * The ping is the quickest proof that UDP 389 is a live DC; the root DSE is what PortQry prints.
 */
import type { ModuleResult, ProtocolModule } from '../types.js';
import { DecodeError } from '../decode-error.js';
import { type SearchOutcome, encodeRootDseRequest, formatRootDse, rootDseFields, summarizeRootDse } from '../ldap/root-dse.js';
import { searchOverDatagrams } from '../ldap/ldap-search.js';
import { type SamLogonResponseEx, DS_FLAGS, decodeSamLogonResponseEx, encodeLdapPing } from './netlogon-response.js';

export function formatNetlogon(r: SamLogonResponseEx): string {
  const flagText = DS_FLAGS.filter((f) => (r.flags & f.bit) >>> 0 !== 0)
    .map((f) => `  ${f.name.padEnd(22)} ${f.meaning}`)
    .join('\n');
  return [
    'CLDAP netlogon (LDAP ping) response:',
    '',
    `Response type:           ${r.opcodeName}`,
    `Forest:                  ${r.dnsForestName}`,
    `Domain:                  ${r.dnsDomainName}`,
    `Domain GUID:             ${r.domainGuid}`,
    `Domain controller:       ${r.dnsHostName}`,
    `NetBIOS domain:          ${r.netbiosDomainName}`,
    `NetBIOS computer name:   ${r.netbiosComputerName}`,
    `DC address:              ${r.dcAddress ?? '(not given)'}`,
    `Server site:             ${r.dcSiteName}`,
    `Client site:             ${r.clientSiteName}`,
    ...(r.nextClosestSiteName ? [`Next closest site:       ${r.nextClosestSiteName}`] : []),
    `Flags:                   0x${r.flags.toString(16).padStart(8, '0')}`,
    flagText,
    '',
    '======== End of CLDAP netlogon response ========',
  ].join('\n');
}

/** The Netlogon value out of a ping's outcome, or null when the server sent none (not a DC). */
export function netlogonFromOutcome(outcome: SearchOutcome): SamLogonResponseEx | null {
  const attr = outcome.attributes.find((a) => a.type.toLowerCase() === 'netlogon');
  if (!attr || attr.values.length === 0) return null;
  // showAttribute turned the binary value into base64.
  const raw = attr.base64 ? Buffer.from(attr.values[0], 'base64') : Buffer.from(attr.values[0], 'utf8');
  return decodeSamLogonResponseEx(raw);
}

export const cldapModule: ProtocolModule = {
  name: 'cldap',
  title: 'LDAP over UDP (CLDAP)',
  services: ['ldap'],
  transports: ['udp'],
  async run(channel): Promise<ModuleResult> {
    const ping = await searchOverDatagrams(channel, encodeLdapPing(1), 1, 'CLDAP netlogon ping');
    let netlogon: SamLogonResponseEx | null = null;
    let netlogonError: string | null = null;
    try {
      netlogon = netlogonFromOutcome(ping);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      netlogonError = err.message;
    }
    // The server answered in LDAP: UDP 389 is LISTENING whatever the root DSE search does next.
    let rootDse: SearchOutcome | null = null;
    let rootDseError: string | null = null;
    try {
      rootDse = await searchOverDatagrams(channel, encodeRootDseRequest(2), 2, 'CLDAP root DSE search');
    } catch (err) {
      rootDseError = err instanceof Error ? err.message : String(err);
      channel.note(`CLDAP root DSE search failed: ${rootDseError}`);
    }
    const blocks: string[] = [];
    if (netlogon) blocks.push(formatNetlogon(netlogon));
    else blocks.push(`CLDAP netlogon ping: ${netlogonError ?? `no Netlogon attribute (${ping.result.resultName}); not a domain controller`}`);
    if (rootDse) blocks.push(formatRootDse(rootDse));
    else blocks.push(`CLDAP root DSE search: ${rootDseError}`);
    const summaryParts: string[] = [];
    if (netlogon) summaryParts.push(`DC ${netlogon.dnsHostName} of ${netlogon.dnsDomainName} (${netlogon.flagNames.filter((n) => ['PDC', 'GC', 'KDC', 'WRITABLE'].includes(n)).join(' ')})`);
    else summaryParts.push('LDAP ping answered, no Netlogon');
    if (rootDse) summaryParts.push(summarizeRootDse(rootDse));
    return {
      listening: true,
      summary: summaryParts.join('; '),
      fields: {
        netlogon: netlogon ? { ...netlogon } : null,
        ...(netlogonError ? { netlogonError } : {}),
        rootDse: rootDse ? rootDseFields(rootDse) : null,
        ...(rootDseError ? { rootDseError } : {}),
      },
      text: blocks.join('\n\n'),
    };
  },
};
