/**
 * Named port sets: PortQry's interactive query shortcuts, PortQryUI's "Domains and Trusts"
 * preset (here `ad`, which also probes the endpoint mapper's dynamic RPC ports), and the default
 * set the terminal UI opens with.
 */
import type { ProbeKey, Transport } from './types.js';

export interface Preset {
  title: string;
  probes: ProbeKey[];
  /** Probe the TCP ports the RPC endpoint mapper hands out (beyond PortQry). */
  followRpcPorts?: boolean;
}

function p(spec: string): ProbeKey[] {
  // "tcp:25,110 udp:53" → ProbeKeys, kept in the order written.
  const out: ProbeKey[] = [];
  for (const group of spec.trim().split(/\s+/)) {
    const [proto, ports] = group.split(':') as [string, string];
    const protocols: Transport[] = proto === 'both' ? ['tcp', 'udp'] : [proto as Transport];
    for (const port of ports.split(',').map(Number)) for (const protocol of protocols) out.push({ protocol, port });
  }
  return out;
}

export const PRESETS: Record<string, Preset> = {
  dns: { title: 'DNS', probes: p('both:53') },
  ftp: { title: 'FTP', probes: p('tcp:21') },
  imap: { title: 'IMAP', probes: p('tcp:143') },
  ipsec: { title: 'IPsec (ISAKMP)', probes: p('udp:500') },
  isa: { title: 'ISA Server', probes: p('both:1745') },
  ldap: { title: 'LDAP', probes: p('both:389') },
  l2tp: { title: 'L2TP', probes: p('udp:1701') },
  mail: { title: 'Mail (SMTP, POP3, IMAP)', probes: p('tcp:25,110,143') },
  pop3: { title: 'POP3', probes: p('tcp:110') },
  rpc: { title: 'RPC endpoint mapper', probes: p('both:135') },
  smtp: { title: 'SMTP', probes: p('tcp:25') },
  snmp: { title: 'SNMP', probes: p('udp:161') },
  sql: { title: 'SQL Server', probes: p('tcp:1433 udp:1434') },
  tftp: { title: 'TFTP', probes: p('udp:69') },
  // PortQryUI "Domains and Trusts" (PORTQRY.md), same order, plus the dynamic RPC ports.
  ad: {
    title: 'Domains and Trusts (Active Directory)',
    probes: p('tcp:135 both:389 tcp:636,3268,3269 both:53,88 tcp:445 udp:137,138 tcp:139,42'),
    followRpcPorts: true,
  },
};

/** What the terminal UI probes when started with no arguments: well-known services plus the AD set. */
export const DEFAULT_UI_PROBES: ProbeKey[] = (() => {
  const seen = new Set<string>();
  const out: ProbeKey[] = [];
  const add = (k: ProbeKey) => {
    const id = `${k.protocol}/${k.port}`;
    if (!seen.has(id)) {
      seen.add(id);
      out.push(k);
    }
  };
  p('tcp:21,22,23,25,53,80,88,110,111,135,139,143,389,443,445,465,587,636,993,995,1433,3268,3269,3306,3389,5432,5985,8080,8443').forEach(add);
  p('udp:53,67,69,88,123,137,138,161,389,500,1434,1701,4500,5353').forEach(add);
  PRESETS.ad!.probes.forEach(add);
  return out;
})();

export function presetNames(): string[] {
  return Object.keys(PRESETS);
}
