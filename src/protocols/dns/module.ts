/**
 * DNS over UDP and TCP 53 (RFC 1035; TCP framing RFC 1035 4.2.2 / RFC 7766): a query for a fixed
 * name. As in PortQry, any well-formed answer, positive or negative, proves a DNS server listens.
 */
import dnsPacket from 'dns-packet';
import { DecodeError } from '../decode-error.js';
import type { ModuleResult, ProtocolModule, QueryChannel } from '../types.js';

/** The name PortQry-style probes ask for: the root's NS set needs no zone knowledge. */
const QUERY_NAME = '.';
const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];

/** RFC 1035 4.2.2: a two-byte big-endian length precedes each message on TCP. */
export function dnsTcpFramer(buf: Buffer): number | null {
  if (buf.length < 2) return null;
  const len = buf.readUInt16BE(0);
  return buf.length >= 2 + len ? 2 + len : null;
}

export function buildQuery(id: number): Buffer {
  return dnsPacket.encode({ type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'NS', name: QUERY_NAME }] });
}

export interface DnsReply {
  id: number;
  rcode: string;
  authoritative: boolean;
  recursionAvailable: boolean;
  answers: string[];
}

export function decodeReply(bytes: Buffer): DnsReply {
  if (bytes.length < 12) throw new DecodeError('dns', `message shorter than the 12-byte header`, bytes.length);
  let packet: dnsPacket.Packet;
  try {
    packet = dnsPacket.decode(bytes);
  } catch (err) {
    throw new DecodeError('dns', `not a DNS message: ${(err as Error).message}`);
  }
  const flags = packet.flags ?? 0;
  return {
    id: packet.id ?? 0,
    rcode: RCODES[flags & 0x0f] ?? `RCODE${flags & 0x0f}`,
    authoritative: (flags & dnsPacket.AUTHORITATIVE_ANSWER) !== 0,
    recursionAvailable: (flags & dnsPacket.RECURSION_AVAILABLE) !== 0,
    answers: (packet.answers ?? []).map((a) => `${a.name} ${a.type} ${'data' in a ? JSON.stringify(a.data) : ''}`),
  };
}

async function run(channel: QueryChannel): Promise<ModuleResult> {
  const id = 0x5051; // "PQ": fixed so captures repeat
  const query = buildQuery(id);
  let reply: DnsReply;
  if (channel.transport === 'tcp') {
    const framed = Buffer.alloc(2 + query.length);
    framed.writeUInt16BE(query.length, 0);
    query.copy(framed, 2);
    await channel.send(framed, 'DNS query (TCP)');
    const msg = await channel.receive({ framer: dnsTcpFramer, label: 'DNS reply' });
    reply = decodeReply(msg.subarray(2));
  } else {
    await channel.send(query, 'DNS query');
    reply = decodeReply(await channel.receive({ label: 'DNS reply' }));
  }
  const summary = `${reply.rcode}, ${reply.answers.length} answer(s)${reply.authoritative ? ', authoritative' : ''}${reply.recursionAvailable ? ', recursion available' : ''}`;
  return {
    listening: true,
    summary,
    fields: { ...reply },
    text: `Sending DNS query to ${channel.transport.toUpperCase()} port ${channel.port}...\nDNS server answered: ${summary}`,
  };
}

export const dnsModule: ProtocolModule = {
  name: 'dns',
  title: 'DNS',
  services: ['domain'],
  transports: ['tcp', 'udp'],
  run,
};
