/**
 * Every protocol module portq knows, and the lookup from a service name to its module.
 * Add a module by importing it here and listing it in ALL_MODULES.
 */
import type { Transport } from '../engine/types.js';
import type { ProtocolModule } from './types.js';
import { dnsModule } from './dns/module.js';
import { snmpModule } from './snmp/module.js';
import { sqlrModule } from './sqlr/module.js';
import { tdsModule } from './tds/module.js';
import { ftpModule } from './ftp/module.js';
import { ntpModule } from './ntp/module.js';
import { tftpModule } from './tftp/module.js';
import { ikeNatTModule, isakmpModule } from './isakmp/module.js';
import { l2tpModule } from './l2tp/module.js';
import { httpModule, httpsModule } from './http/module.js';
import { imapModule, imapsModule, pop3Module, pop3sModule, smtpModule, smtpsModule } from './mail/modules.js';
import { rpcEpmModule } from './rpc-epm/module.js';
import { nbnsModule } from './netbios/nbns-module.js';
import { ldapModule, ldapsModule } from './ldap/module.js';
import { cldapModule } from './cldap/module.js';
import { kerberosModule } from './kerberos/module.js';
import { smbModule, smbNetbiosModule } from './smb/module.js';

export const ALL_MODULES: readonly ProtocolModule[] = [
  dnsModule,
  snmpModule,
  sqlrModule,
  tdsModule,
  ftpModule,
  ntpModule,
  tftpModule,
  isakmpModule,
  ikeNatTModule,
  l2tpModule,
  httpModule,
  httpsModule,
  smtpModule,
  smtpsModule,
  pop3Module,
  pop3sModule,
  imapModule,
  imapsModule,
  rpcEpmModule,
  nbnsModule,
  ldapModule,
  ldapsModule,
  cldapModule,
  kerberosModule,
  smbModule,
  smbNetbiosModule,
];

/** The module for a service name on a transport, or undefined (plain probe / banner read). */
export function moduleForService(service: string | null, transport: Transport): ProtocolModule | undefined {
  if (!service) return undefined;
  const name = service.toLowerCase();
  return ALL_MODULES.find((m) => m.transports.includes(transport) && m.services.includes(name));
}

/** The module by its own name (for --query NAME and tests). */
export function moduleByName(name: string): ProtocolModule | undefined {
  return ALL_MODULES.find((m) => m.name === name);
}
