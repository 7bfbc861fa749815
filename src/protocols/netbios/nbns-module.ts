/**
 * NetBIOS name service, UDP 137: PortQry's adapter status query. Prints the name table (as
 * nbtstat -A does) and PortQry's `Server's response: MAC address ...` line.
 */
import type { ModuleResult, ProtocolModule } from '../types.js';
import { DecodeError } from '../decode-error.js';
import { type NodeName, type NodeStatus, decodeNodeStatusResponse, encodeNodeStatusRequest } from './node-status.js';

function status(n: NodeName): string {
  const words: string[] = [];
  if (n.conflict) words.push('Conflict');
  if (n.deregistering) words.push('Deregistering');
  words.push(n.active ? 'Registered' : 'Inactive');
  if (n.permanent) words.push('Permanent');
  return words.join(' ');
}

/** A name as printable text: control bytes (as in \x01\x02__MSBROWSE__\x02) shown as \xNN. */
export function printableName(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f-\u00ff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function formatNodeStatus(s: NodeStatus): string {
  const lines = ['NetBIOS Remote Machine Name Table', '', '    Name                 Type     Status', '    ' + '-'.repeat(56)];
  for (const n of s.names) {
    const shown = printableName(n.name).padEnd(15);
    lines.push(
      `    ${shown} ${n.suffixHex}  ${(n.group ? 'GROUP' : 'UNIQUE').padEnd(7)}  ${status(n).padEnd(20)}  ${n.nodeType}-node${n.meaning ? `  ${n.meaning}` : ''}`,
    );
  }
  lines.push('');
  lines.push(`    MAC Address = ${s.mac ?? '(not given)'}`);
  lines.push('');
  lines.push(`Server's response: MAC address ${s.macCompact ?? '(none)'}`);
  return lines.join('\n');
}

export const nbnsModule: ProtocolModule = {
  name: 'netbios-ns',
  title: 'NetBIOS name service',
  services: ['netbios-ns'],
  transports: ['udp'],
  async run(channel): Promise<ModuleResult> {
    channel.note('Attempting NETBIOS adapter status query to UDP port 137...');
    const id = (Math.random() * 0x10000) & 0xffff;
    await channel.send(encodeNodeStatusRequest(id), 'NBNS node status request');
    // Skip a late answer to someone else's query; give up after a few strays.
    let reply: NodeStatus | null = null;
    for (let i = 0; i < 8 && !reply; i++) {
      const datagram = await channel.receive({ label: 'NBNS node status response' });
      const decoded = decodeNodeStatusResponse(datagram);
      if (decoded.transactionId === id) reply = decoded;
      else channel.note(`ignored a reply for transaction ${decoded.transactionId}`);
    }
    if (!reply) throw new DecodeError('nbns', 'no reply with our transaction ID');
    const fields = {
      rcode: reply.rcode,
      names: reply.names.map((n) => ({ ...n })),
      mac: reply.mac,
    };
    if (reply.rcode !== 0) {
      return {
        listening: true,
        summary: `node status refused (RCODE ${reply.rcode})`,
        fields,
        text: `NetBIOS node status query answered with RCODE ${reply.rcode}: no name table.`,
      };
    }
    const workstation = reply.names.find((n) => n.suffix === 0x00 && !n.group);
    const domain = reply.names.find((n) => n.suffix === 0x00 && n.group);
    const summaryParts = [`${reply.names.length} names`];
    if (workstation) summaryParts.push(workstation.name);
    if (domain) summaryParts.push(`domain ${domain.name}`);
    if (reply.names.some((n) => n.suffix === 0x1c && n.group)) summaryParts.push('DC');
    summaryParts.push(`MAC ${reply.mac ?? 'none'}`);
    return { listening: true, summary: summaryParts.join(', '), fields, text: formatNodeStatus(reply) };
  },
};
