/**
 * L2TP on UDP 1701 (RFC 2661): a Start-Control-Connection-Request. An LNS answers SCCRP (with
 * its host name, vendor, firmware) or StopCCN (with a result code); either proves it. After an
 * SCCRP the control connection is closed at once with StopCCN (RFC 2661 6.4), so nothing is left
 * half-open on the server.
 */
import { randomInt } from 'node:crypto';
import { DecodeError } from '../decode-error.js';
import type { ModuleResult, ProtocolModule, QueryChannel } from '../types.js';
import { avpText, decodeControl, encodeSccrq, encodeStopCcn, type ControlMessage } from './codec.js';

export const HOST_NAME = 'portq';

function avpValue(m: ControlMessage, type: number): string | null {
  const a = m.avps.find((x) => x.vendorId === 0 && x.type === type);
  return a ? avpText(a) : null;
}

export async function runL2tp(channel: QueryChannel, ourTunnelId: number): Promise<ModuleResult> {
  await channel.send(encodeSccrq(ourTunnelId, HOST_NAME), 'SCCRQ');
  let m = decodeControl(await channel.receive({ label: 'L2TP reply' }));
  // A ZLB acknowledgement may come before the real answer (RFC 2661 5.8).
  if (m.messageType === null) m = decodeControl(await channel.receive({ label: 'L2TP reply' }));
  if (m.tunnelId !== ourTunnelId) throw new DecodeError('l2tp', `answer for tunnel ${m.tunnelId}, ours is ${ourTunnelId}`, 4);
  if (m.messageName !== 'SCCRP' && m.messageName !== 'StopCCN') {
    throw new DecodeError('l2tp', `${m.messageName} is not an answer to SCCRQ`, 12);
  }
  const peerTunnel = avpValue(m, 9);
  if (m.messageName === 'SCCRP' && peerTunnel !== null) {
    // Close what we opened: Ns 1 (our second message), Nr = peer's Ns + 1.
    await channel.send(encodeStopCcn(Number(peerTunnel), ourTunnelId, 1, (m.ns + 1) & 0xffff), 'StopCCN');
  }
  const fields = {
    message: m.messageName,
    hostName: avpValue(m, 7),
    vendorName: avpValue(m, 8),
    firmwareRevision: avpValue(m, 6),
    protocolVersion: avpValue(m, 2),
    assignedTunnelId: peerTunnel === null ? null : Number(peerTunnel),
    resultCode: avpValue(m, 1),
    avps: m.avps.map((a) => ({ name: a.name, mandatory: a.mandatory, hidden: a.hidden, value: avpText(a) })),
  };
  const lines = [`L2TP ${m.messageName} in answer to SCCRQ:`, ...m.avps.map((a) => `  ${a.name}: ${avpText(a)}`), '==== End of L2TP query response ===='];
  const who = [fields.hostName && `host ${fields.hostName}`, fields.vendorName && `vendor ${fields.vendorName}`].filter(Boolean).join(', ');
  return {
    listening: true,
    summary: m.messageName === 'SCCRP' ? `SCCRP${who ? ` (${who})` : ''}` : `StopCCN${fields.resultCode ? `: ${fields.resultCode}` : ''}`,
    fields,
    text: lines.join('\n'),
  };
}

export const l2tpModule: ProtocolModule = {
  name: 'l2tp',
  title: 'L2TP',
  services: ['l2tp'],
  transports: ['udp'],
  run: (channel) => runL2tp(channel, randomInt(1, 0xffff)),
};
