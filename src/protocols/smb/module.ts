/**
 * SMB, beyond PortQry: an SMB2 NEGOTIATE on TCP 445 (direct hosting) and on TCP 139 after a
 * NetBIOS session request. It shows the dialect the server picks, whether it requires signing,
 * its GUID and clock, without logging on.
 */
import { randomBytes } from 'node:crypto';
import type { ModuleResult, ProtocolModule, QueryChannel } from '../types.js';
import { DecodeError } from '../decode-error.js';
import { decodeSessionAnswer, encodeSessionRequest, frameSessionMessage, sessionFrameLength } from '../netbios/session-service.js';
import { type NegotiateResponse, decodeNegotiateResponse, encodeNegotiateRequest } from './smb2-negotiate.js';

export function formatNegotiate(r: NegotiateResponse, viaNetbios: boolean): string {
  const lines = [
    'SMB2 NEGOTIATE response:',
    '',
    ...(viaNetbios ? ['NetBIOS session:   accepted'] : []),
    `Dialect:           ${r.dialectName} (${r.smbclientDialect})`,
    `Signing:           ${r.signingRequired ? 'required' : r.signingEnabled ? 'enabled, not required' : 'not enabled'}`,
    `Server GUID:       ${r.serverGuid}`,
    `Server time:       ${r.systemTime ?? '(not given)'}`,
    `Capabilities:      ${r.capabilityNames.join(' ') || '(none)'}`,
    `Max read/write:    ${r.maxReadSize} / ${r.maxWriteSize} bytes`,
  ];
  for (const c of r.contexts) lines.push(`Context:           ${c.name}${c.selected ? `: ${c.selected}` : ''}`);
  lines.push('', '======== End of SMB query response ========');
  return lines.join('\n');
}

function clockSkewSeconds(serverIso: string | null): number | null {
  if (!serverIso) return null;
  return Math.round((Date.parse(serverIso) - Date.now()) / 1000);
}

async function negotiate(channel: QueryChannel, viaNetbios: boolean): Promise<ModuleResult> {
  if (viaNetbios) {
    await channel.send(encodeSessionRequest(), 'NetBIOS session request');
    const answer = decodeSessionAnswer(await channel.receive({ framer: sessionFrameLength, label: 'NetBIOS session response' }));
    if (answer.kind !== 'positive') {
      const why = answer.kind === 'negative' ? answer.error : `retarget to ${answer.address}:${answer.port}`;
      return {
        listening: true,
        summary: `NetBIOS session refused: ${why}`,
        fields: { netbiosSession: answer },
        text: `NetBIOS session request refused: ${why}`,
      };
    }
  }
  const request = encodeNegotiateRequest({ clientGuid: randomBytes(16), salt: randomBytes(32) });
  await channel.send(frameSessionMessage(request), 'SMB2 NEGOTIATE');
  const frame = await channel.receive({ framer: sessionFrameLength, label: 'SMB2 NEGOTIATE response' });
  if (frame[0] !== 0) throw new DecodeError('nbss', `session packet type 0x${frame[0].toString(16)} instead of a message`, 0);
  let reply: NegotiateResponse;
  try {
    reply = decodeNegotiateResponse(frame.subarray(4));
  } catch (err) {
    if (err instanceof DecodeError && err.message.includes('SMB1 only')) {
      return { listening: true, summary: 'SMB1 only (SMB2 refused)', fields: { smb1Only: true }, text: 'The server answered in SMB1 only: it does not speak SMB2.' };
    }
    throw err;
  }
  const skew = clockSkewSeconds(reply.systemTime);
  return {
    listening: true,
    summary: `${reply.dialectName}, signing ${reply.signingRequired ? 'required' : 'not required'}`,
    fields: { ...reply, contexts: reply.contexts.map((c) => ({ ...c })), clockSkewSeconds: skew, viaNetbios },
    text: formatNegotiate(reply, viaNetbios),
  };
}

export const smbModule: ProtocolModule = {
  name: 'smb',
  title: 'SMB',
  services: ['microsoft-ds'],
  transports: ['tcp'],
  run: (channel) => negotiate(channel, false),
};

export const smbNetbiosModule: ProtocolModule = {
  name: 'smb-netbios',
  title: 'SMB over NetBIOS session service',
  services: ['netbios-ssn'],
  transports: ['tcp'],
  run: (channel) => negotiate(channel, true),
};
