/**
 * DNS over UDP and TCP 53 (RFC 1035; TCP framing RFC 1035 4.2.2 / RFC 7766). As in PortQry, any
 * well-formed answer, positive or negative, proves a DNS server listens. Beyond PortQry it reports
 * the rcode, the flags (authoritative, recursion available...), the answer itself, and the
 * server's identity where it offers one: version.bind and id.server (class CH TXT, RFC 4892) and
 * NSID (RFC 5001) through EDNS.
 *
 * UDP: the three queries leave together and the answers are matched by ID. TCP: one after the
 * other on the same connection; a server that closes after the first answer just gives no identity.
 */
import { randomInt } from 'node:crypto';
import { DecodeError } from '../decode-error.js';
import { straggler, tryReceive } from '../reply-wait/try-receive.js';
import type { ModuleResult, ProtocolModule, QueryChannel } from '../types.js';
import { decodeMessage, dnsTcpFramer, encodeQuery, frameTcp, type DnsMessage, type DnsRecord } from './codec.js';

/** The name PortQry-style probes ask for: the root's NS set needs no zone knowledge. */
export const MAIN_QUERY = { name: '.', type: 2, typeName: 'NS' } as const;
/** RFC 4892 2: the conventional server-identity names, class CH, type TXT. */
export const IDENTITY_NAMES = ['version.bind', 'id.server'] as const;

export interface DnsIds {
  main: number;
  identity: [number, number];
  /** For the RFC 6891 7 retry without EDNS. */
  retry: number;
}

type IdentityAnswer = { rcode: string; text: string | null };

function identityFrom(msg: DnsMessage): IdentityAnswer {
  const txt = msg.answers.find((a) => a.type === 'TXT' && a.strings);
  return { rcode: msg.rcode, text: txt?.strings ? txt.strings.join('') : null };
}

function flagList(m: DnsMessage): string {
  return (['qr', 'aa', 'tc', 'rd', 'ra', 'ad', 'cd'] as const).filter((f) => m.flags[f]).join(' ');
}

function recordLine(r: DnsRecord): string {
  return `${r.name} ${r.ttl} ${r.class} ${r.type} ${r.data}`;
}

export function dnsSummary(m: DnsMessage | null, identity: Record<string, IdentityAnswer | null>): string {
  const parts: string[] = [];
  if (m) {
    parts.push(`${m.rcode}, ${m.answers.length} answer(s)`);
    if (m.flags.aa) parts.push('authoritative');
    if (m.flags.ra) parts.push('recursion available');
    if (m.flags.tc) parts.push('truncated');
  } else {
    parts.push('no answer to the main query');
  }
  const version = identity['version.bind'];
  if (version?.text) parts.push(`version.bind "${version.text}"`);
  const id = identity['id.server'];
  if (id?.text) parts.push(`id.server "${id.text}"`);
  if (m?.edns?.nsid) parts.push(`NSID ${m.edns.nsid.text !== null ? `"${m.edns.nsid.text}"` : m.edns.nsid.hex}`);
  return parts.join(', ');
}

export function dnsText(
  transport: string,
  port: number,
  m: DnsMessage | null,
  identity: Record<string, IdentityAnswer | null>,
): string {
  const lines = [`Sending DNS query to ${transport.toUpperCase()} port ${port}...`, ''];
  if (m) {
    lines.push(`DNS server answered: ${dnsSummary(m, {})}`);
    lines.push(`flags: ${flagList(m)}; opcode ${m.opcode}; rcode ${m.rcode}`);
    for (const q of m.questions) lines.push(`question: ${q.name} ${q.class} ${q.type}`);
    const sections: [string, DnsRecord[]][] = [['answer', m.answers], ['authority', m.authorities], ['additional', m.additionals]];
    for (const [title, records] of sections) {
      if (!records.length) continue;
      lines.push(`${title} section:`);
      for (const r of records.slice(0, 20)) lines.push(`  ${recordLine(r)}`);
      if (records.length > 20) lines.push(`  ... ${records.length - 20} more`);
    }
    if (m.edns) {
      const nsid = m.edns.nsid ? (m.edns.nsid.text !== null ? `"${m.edns.nsid.text}" (${m.edns.nsid.hex})` : m.edns.nsid.hex) : 'not offered';
      lines.push(`EDNS: version ${m.edns.version}, UDP payload ${m.edns.udpPayloadSize}; NSID ${nsid}`);
      for (const e of m.edns.extendedErrors) lines.push(`Extended DNS Error ${e.infoCode} (${e.name})${e.extraText ? `: ${e.extraText}` : ''}`);
    } else {
      lines.push('EDNS: not in the answer');
    }
  } else {
    lines.push('DNS query timed out');
  }
  lines.push('server identity (CH TXT):');
  for (const name of IDENTITY_NAMES) {
    const a = identity[name];
    lines.push(`  ${name}: ${a ? (a.text !== null ? `"${a.text}"` : `${a.rcode}, no TXT`) : 'no answer'}`);
  }
  lines.push('==== End of DNS query response ====');
  return lines.join('\n');
}

export async function runDns(channel: QueryChannel, ids: DnsIds): Promise<ModuleResult> {
  const queries = [
    { id: ids.main, label: 'DNS query . NS', bytes: encodeQuery({ id: ids.main, name: MAIN_QUERY.name, type: MAIN_QUERY.type, recursionDesired: true, ednsNsid: true }) },
    ...IDENTITY_NAMES.map((name, i) => ({
      id: ids.identity[i]!,
      label: `DNS query ${name} CH TXT`,
      bytes: encodeQuery({ id: ids.identity[i]!, name, type: 16, class: 3 }),
    })),
  ];
  const replies = new Map<number, DnsMessage>();
  const expected = new Set(queries.map((q) => q.id));
  const ignored: string[] = [];
  const accept = (bytes: Buffer) => {
    let msg: DnsMessage;
    try {
      msg = decodeMessage(bytes);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      ignored.push(err.message);
      return;
    }
    if (!msg.flags.qr || !expected.has(msg.id)) ignored.push(`message with ID ${msg.id} is not an answer to ours`);
    else replies.set(msg.id, msg);
  };

  if (channel.transport === 'udp') {
    for (const q of queries) await channel.send(q.bytes, q.label);
    let first = true;
    while (replies.size < queries.length) {
      const got = await tryReceive(channel, first ? { label: 'DNS reply' } : { timeoutMs: straggler(channel), label: 'DNS reply' });
      if (!got) break;
      accept(got);
      if (replies.size) first = false;
    }
  } else {
    for (const [n, q] of queries.entries()) {
      try {
        await channel.send(frameTcp(q.bytes), q.label);
        const got = n === 0
          ? await channel.receive({ framer: dnsTcpFramer, label: 'DNS reply' })
          : await tryReceive(channel, { framer: dnsTcpFramer, timeoutMs: straggler(channel), label: 'DNS reply' });
        if (!got) break;
        accept(got.subarray(2));
      } catch (err) {
        // The main query's failure is the query's failure; later ones only lose the identity.
        if (n === 0) throw err;
        channel.note(`identity query not answered: ${(err as Error).message}`);
        break;
      }
    }
  }
  // RFC 6891 7: FORMERR without an OPT record means the server does not speak EDNS; ask again
  // without it so the answer reflects the server, not our extension.
  const first = replies.get(ids.main);
  let retried = false;
  if (first && first.rcode === 'FORMERR' && !first.edns) {
    retried = true;
    expected.add(ids.retry);
    channel.note('FORMERR without EDNS: retrying the query without EDNS (RFC 6891 7)');
    const plain = encodeQuery({ id: ids.retry, name: MAIN_QUERY.name, type: MAIN_QUERY.type, recursionDesired: true });
    try {
      await channel.send(channel.transport === 'tcp' ? frameTcp(plain) : plain, 'DNS query . NS without EDNS');
      const wait = { timeoutMs: straggler(channel), label: 'DNS reply' };
      const got = await tryReceive(channel, channel.transport === 'tcp' ? { ...wait, framer: dnsTcpFramer } : wait);
      if (got) accept(channel.transport === 'tcp' ? got.subarray(2) : got);
    } catch (err) {
      channel.note(`retry without EDNS failed: ${(err as Error).message}`);
    }
  }
  for (const why of ignored) channel.note(`ignored a reply: ${why}`);

  const main = (retried ? replies.get(ids.retry) : undefined) ?? replies.get(ids.main) ?? null;
  const identity: Record<string, IdentityAnswer | null> = {};
  IDENTITY_NAMES.forEach((name, i) => {
    const r = replies.get(ids.identity[i]!);
    identity[name] = r ? identityFrom(r) : null;
  });
  const listening = replies.size > 0;
  if (!listening) {
    if (ignored.length) throw new DecodeError('dns', `no valid DNS answer (${ignored[0]})`);
    const result: ModuleResult = { listening: false, summary: 'DNS query timed out', fields: {}, text: dnsText(channel.transport, channel.port, null, identity) };
    result.error = 'DNS query timed out';
    return result;
  }
  return {
    listening,
    summary: dnsSummary(main, identity),
    fields: {
      query: { name: MAIN_QUERY.name, type: MAIN_QUERY.typeName, class: 'IN', recursionDesired: true },
      id: main?.id ?? null,
      rcode: main?.rcode ?? null,
      opcode: main?.opcode ?? null,
      flags: main?.flags ?? null,
      authoritative: main?.flags.aa ?? null,
      recursionAvailable: main?.flags.ra ?? null,
      truncated: main?.flags.tc ?? null,
      questions: main?.questions ?? [],
      answers: main?.answers ?? [],
      authorities: main?.authorities ?? [],
      additionals: main?.additionals ?? [],
      edns: main?.edns ?? null,
      nsid: main?.edns?.nsid ?? null,
      extendedErrors: main?.edns?.extendedErrors ?? [],
      ednsRetried: retried,
      identity,
    },
    text: dnsText(channel.transport, channel.port, main, identity),
  };
}

export const dnsModule: ProtocolModule = {
  name: 'dns',
  title: 'DNS',
  services: ['domain'],
  transports: ['tcp', 'udp'],
  run(channel) {
    const base = randomInt(0, 0xfffc);
    return runDns(channel, { main: base, identity: [base + 1, base + 2], retry: base + 3 });
  },
};
