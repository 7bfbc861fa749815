/**
 * IKE on UDP 500 (isakmp) and 4500 (ipsec-nat-t): an IKEv2 IKE_SA_INIT request and an IKEv1
 * main-mode first message leave together, each with its own initiator SPI; answers are matched by
 * SPI. Any well-formed answer proves an IKE daemon, including a refusal (NO_PROPOSAL_CHOSEN,
 * INVALID_KE_PAYLOAD). On 4500 every message carries the four-byte non-ESP marker (RFC 3948 2.2).
 *
 * PortQry sent ISAKMP from source port 500; IKE responders answer whatever port asked (RFC 7296
 * 2.11), so portq uses the engine's source port unless -sp says otherwise.
 */
import { randomBytes } from 'node:crypto';
import { DecodeError } from '../decode-error.js';
import { straggler, tryReceive } from '../reply-wait/try-receive.js';
import type { ModuleResult, ProtocolModule, QueryChannel } from '../types.js';
import { decodeIke, encodeIkeV1MainMode, encodeIkeV2SaInit, type IkeMessage, type IkePayload } from './codec.js';

const NON_ESP_MARKER = Buffer.alloc(4);

export interface IkeRequestValues {
  v2Spi: Buffer;
  v1Cookie: Buffer;
  keData: Buffer;
  nonce: Buffer;
}

function payloadLine(p: IkePayload): string {
  if (p.notify) return `Notify ${p.notify.name} (${p.notify.type})${p.notify.dataHex ? ` data ${p.notify.dataHex.slice(0, 64)}` : ''}`;
  if (p.vendorId) return `Vendor ID ${p.vendorId.hex}${p.vendorId.name ? ` (${p.vendorId.name})` : ''}`;
  if (p.sa) {
    return `SA: ${p.sa.proposals
      .map((pr) => pr.attributes
        ? pr.attributes.map((a) => Object.entries(a).map(([k, v]) => `${k}=${v}`).join(' ')).join('; ')
        : pr.transforms.map((t) => `${t.type} ${t.name}${t.keyLength ? `-${t.keyLength}` : ''}`).join(', '))
      .join(' | ')}`;
  }
  if (p.ke) return `KE group ${p.ke.groupName} (${p.ke.length} bytes)`;
  if (p.nonceLength !== undefined) return `Nonce (${p.nonceLength} bytes)`;
  return p.name;
}

function messageFields(m: IkeMessage) {
  return {
    version: `${m.header.majorVersion}.${m.header.minorVersion}`,
    exchange: m.header.exchange,
    responderSpi: m.header.responderSpi,
    flags: m.header.flags,
    payloads: m.payloads.map((p) => ({ ...p })),
    notifications: m.payloads.filter((p) => p.notify).map((p) => p.notify!.name),
    vendorIds: m.payloads.filter((p) => p.vendorId).map((p) => p.vendorId!),
  };
}

function describe(m: IkeMessage): string {
  const notes = m.payloads.filter((p) => p.notify).map((p) => p.notify!.name);
  if (notes.length) return notes.join(', ');
  if (m.payloads.some((p) => p.sa)) return 'proposal accepted';
  return m.header.exchange;
}

export async function runIke(channel: QueryChannel, natT: boolean, v: IkeRequestValues): Promise<ModuleResult> {
  const wrap = (b: Buffer) => (natT ? Buffer.concat([NON_ESP_MARKER, b]) : b);
  await channel.send(wrap(encodeIkeV2SaInit(v.v2Spi, v.keData, v.nonce)), 'IKEv2 IKE_SA_INIT');
  await channel.send(wrap(encodeIkeV1MainMode(v.v1Cookie)), 'IKEv1 Main Mode');
  let v2: IkeMessage | null = null;
  let v1: IkeMessage | null = null;
  const ignored: string[] = [];
  let first = true;
  while (!(v2 && v1)) {
    const got = await tryReceive(channel, first ? { label: 'IKE reply' } : { timeoutMs: straggler(channel), label: 'IKE reply' });
    if (!got) break;
    first = false;
    let m: IkeMessage;
    try {
      if (natT && (got.length < 4 || got.readUInt32BE(0) !== 0)) throw new DecodeError('isakmp', 'NAT-T datagram without the non-ESP marker', 0);
      m = decodeIke(natT ? got.subarray(4) : got);
    } catch (err) {
      if (!(err instanceof DecodeError)) throw err;
      ignored.push(err.message);
      continue;
    }
    if (m.header.initiatorSpi === v.v2Spi.toString('hex') && m.header.majorVersion === 2) v2 = m;
    else if (m.header.initiatorSpi === v.v1Cookie.toString('hex')) v1 = m;
    else ignored.push(`answer for another initiator SPI ${m.header.initiatorSpi}`);
  }
  for (const why of ignored) channel.note(`ignored a datagram: ${why}`);
  if (!v2 && !v1) {
    if (ignored.length) throw new DecodeError('isakmp', `no valid IKE answer (${ignored[0]})`);
    return { listening: false, summary: 'no answer to IKEv2 IKE_SA_INIT nor IKEv1 Main Mode', fields: {}, text: 'ISAKMP query timed out', error: 'ISAKMP query timed out' };
  }
  const lines: string[] = [];
  for (const [title, m] of [['IKEv2 IKE_SA_INIT', v2], ['IKEv1 Main Mode', v1]] as const) {
    if (!m) {
      lines.push(`${title}: no answer`, '');
      continue;
    }
    lines.push(`${title} answer (IKE ${m.header.majorVersion}.${m.header.minorVersion}, ${m.header.exchange}, responder SPI ${m.header.responderSpi}):`);
    for (const p of m.payloads) lines.push(`  ${payloadLine(p)}`);
    lines.push('');
  }
  lines.push('==== End of ISAKMP query response ====');
  const summary = [v2 ? `IKEv2: ${describe(v2)}` : 'IKEv2: no answer', v1 ? `IKEv1: ${describe(v1)}` : 'IKEv1: no answer'].join('; ');
  return {
    listening: true,
    summary,
    fields: { natTraversal: natT, ikev2: v2 ? messageFields(v2) : null, ikev1: v1 ? messageFields(v1) : null },
    text: lines.join('\n'),
  };
}

function freshValues(): IkeRequestValues {
  return { v2Spi: randomBytes(8), v1Cookie: randomBytes(8), keData: randomBytes(32), nonce: randomBytes(32) };
}

export const isakmpModule: ProtocolModule = {
  name: 'isakmp',
  title: 'ISAKMP/IKE',
  services: ['isakmp'],
  transports: ['udp'],
  run: (channel) => runIke(channel, false, freshValues()),
};

export const ikeNatTModule: ProtocolModule = {
  name: 'ike-nat-t',
  title: 'IKE over NAT-T',
  services: ['ipsec-nat-t'],
  transports: ['udp'],
  run: (channel) => runIke(channel, true, freshValues()),
};
