/**
 * Every protocol module portq knows, and the lookup from a service name to its module.
 *
 * The table holds what the engine decides with (name, service names, transports) and a loader:
 * a module's code, and its codecs' packages (dns-packet, asn1.js), load only when a port with
 * that service is first queried. Loading all of them up front was 11 MB of every scan's memory
 * and start-up, paid even by a plain range scan. test/protocols/registry.test.ts checks that
 * each row agrees with the module it loads.
 *
 * Add a module: write it, then add its row here.
 */
import type { Transport } from '../engine/types.js';
import type { ProtocolModule } from './types.js';

export interface ModuleEntry {
  /** The module's own name (ProtocolModule.name). */
  name: string;
  /** Service names (lower case, as in the services database) that select it. */
  services: readonly string[];
  transports: readonly Transport[];
  load(): Promise<ProtocolModule>;
}

const entry = (name: string, services: string[], transports: Transport[], load: () => Promise<ProtocolModule>): ModuleEntry => {
  let loading: Promise<ProtocolModule> | null = null;
  return { name, services, transports, load: () => (loading ??= load()) };
};

export const MODULE_TABLE: readonly ModuleEntry[] = [
  entry('dns', ['domain'], ['tcp', 'udp'], async () => (await import('./dns/module.js')).dnsModule),
  entry('snmp', ['snmp'], ['udp'], async () => (await import('./snmp/module.js')).snmpModule),
  entry('sqlr', ['ms-sql-m'], ['udp'], async () => (await import('./sqlr/module.js')).sqlrModule),
  entry('tds', ['ms-sql-s'], ['tcp'], async () => (await import('./tds/module.js')).tdsModule),
  entry('ftp', ['ftp'], ['tcp'], async () => (await import('./ftp/module.js')).ftpModule),
  entry('ntp', ['ntp'], ['udp'], async () => (await import('./ntp/module.js')).ntpModule),
  entry('tftp', ['tftp'], ['udp'], async () => (await import('./tftp/module.js')).tftpModule),
  entry('isakmp', ['isakmp'], ['udp'], async () => (await import('./isakmp/module.js')).isakmpModule),
  entry('ike-nat-t', ['ipsec-nat-t'], ['udp'], async () => (await import('./isakmp/module.js')).ikeNatTModule),
  entry('l2tp', ['l2tp'], ['udp'], async () => (await import('./l2tp/module.js')).l2tpModule),
  entry('http', ['http', 'http-alt'], ['tcp'], async () => (await import('./http/module.js')).httpModule),
  entry('https', ['https', 'https-alt', 'pcsync-https'], ['tcp'], async () => (await import('./http/module.js')).httpsModule),
  entry('smtp', ['smtp', 'submission'], ['tcp'], async () => (await import('./mail/modules.js')).smtpModule),
  entry('smtps', ['submissions', 'smtps'], ['tcp'], async () => (await import('./mail/modules.js')).smtpsModule),
  entry('pop3', ['pop3'], ['tcp'], async () => (await import('./mail/modules.js')).pop3Module),
  entry('pop3s', ['pop3s'], ['tcp'], async () => (await import('./mail/modules.js')).pop3sModule),
  entry('imap', ['imap'], ['tcp'], async () => (await import('./mail/modules.js')).imapModule),
  entry('imaps', ['imaps'], ['tcp'], async () => (await import('./mail/modules.js')).imapsModule),
  entry('rpc-epm', ['epmap'], ['tcp', 'udp'], async () => (await import('./rpc-epm/module.js')).rpcEpmModule),
  entry('netbios-ns', ['netbios-ns'], ['udp'], async () => (await import('./netbios/nbns-module.js')).nbnsModule),
  entry('ldap', ['ldap', 'globalcatalog'], ['tcp'], async () => (await import('./ldap/module.js')).ldapModule),
  entry('ldaps', ['ldaps', 'globalcatalog-ssl'], ['tcp'], async () => (await import('./ldap/module.js')).ldapsModule),
  entry('cldap', ['ldap'], ['udp'], async () => (await import('./cldap/module.js')).cldapModule),
  entry('kerberos', ['kerberos'], ['tcp', 'udp'], async () => (await import('./kerberos/module.js')).kerberosModule),
  entry('smb', ['microsoft-ds'], ['tcp'], async () => (await import('./smb/module.js')).smbModule),
  entry('smb-netbios', ['netbios-ssn'], ['tcp'], async () => (await import('./smb/module.js')).smbNetbiosModule),
];

/** The entry for a service name on a transport, or undefined (plain probe / banner read). */
export function moduleForService(service: string | null, transport: Transport): ModuleEntry | undefined {
  if (!service) return undefined;
  const name = service.toLowerCase();
  return MODULE_TABLE.find((m) => m.transports.includes(transport) && m.services.includes(name));
}

/** The entry by the module's own name (for --query NAME and tests). */
export function moduleByName(name: string): ModuleEntry | undefined {
  return MODULE_TABLE.find((m) => m.name === name);
}
