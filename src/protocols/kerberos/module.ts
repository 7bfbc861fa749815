/**
 * Kerberos, TCP and UDP 88 (beyond PortQry): an AS-REQ for an unknown client without
 * pre-authentication. Every KDC answers it with a KRB-ERROR, which turns PortQry's UDP 88
 * "LISTENING or FILTERED" into a definite LISTENING and shows the KDC's realm and clock.
 */
import { randomInt } from 'node:crypto';
import { isIP } from 'node:net';
import type { ModuleResult, ProtocolModule, QueryChannel } from '../types.js';
import { type KdcReply, decodeKdcReply, encodeAsReq, frameKerberosTcp, kerberosTcpFrameLength } from './kerberos-messages.js';

/** The client name asked for: an account no directory should have. */
export const PROBE_CLIENT = 'portq-probe';

/**
 * The realm to ask about: from a DNS host name, its domain part (dc1.corp.example -> CORP.EXAMPLE,
 * the AD convention); otherwise a placeholder the KDC will call unknown or wrong, which still
 * proves it answers.
 */
export function guessRealm(host: string): string {
  if (!isIP(host)) {
    const labels = host.replace(/\.$/, '').split('.');
    if (labels.length >= 3) return labels.slice(1).join('.').toUpperCase();
    if (labels.length === 2) return labels.join('.').toUpperCase();
  }
  return 'PORTQ.INVALID';
}

export function formatKdcReply(reply: KdcReply, skewSeconds: number | null): string {
  const lines = ['Kerberos AS-REQ response:', ''];
  if (reply.kind === 'as-rep') {
    lines.push(`AS-REP for ${reply.clientName}@${reply.realm} (no pre-authentication required!)`);
  } else {
    lines.push(`Error:         ${reply.errorCode} ${reply.errorName}`);
    lines.push(`Realm:         ${reply.realm}`);
    lines.push(`Server name:   ${reply.serverName}`);
    lines.push(`Server time:   ${reply.serverTime}`);
    if (skewSeconds !== null) lines.push(`Clock skew:    ${skewSeconds >= 0 ? '+' : ''}${skewSeconds} s (server minus this machine)`);
    if (reply.eText) lines.push(`Text:          ${reply.eText}`);
  }
  lines.push('', '======== End of Kerberos query response ========');
  return lines.join('\n');
}

async function askKdc(channel: QueryChannel): Promise<ModuleResult> {
  const realm = guessRealm(channel.host);
  const request = encodeAsReq({ realm, clientName: PROBE_CLIENT, nonce: randomInt(0x7fffffff) });
  let reply: KdcReply;
  if (channel.transport === 'tcp') {
    await channel.send(frameKerberosTcp(request), 'Kerberos AS-REQ');
    const frame = await channel.receive({ framer: kerberosTcpFrameLength, label: 'Kerberos reply' });
    reply = decodeKdcReply(frame.subarray(4));
  } else {
    await channel.send(request, 'Kerberos AS-REQ');
    reply = decodeKdcReply(await channel.receive({ label: 'Kerberos reply' }));
  }
  const skew = reply.kind === 'error' ? Math.round((Date.parse(reply.serverTime) - Date.now()) / 1000) : null;
  const summary =
    reply.kind === 'error'
      ? `KDC answered ${reply.errorName} for realm ${reply.realm}${skew !== null && Math.abs(skew) > 300 ? `, clock skew ${skew} s` : ''}`
      : `KDC issued an AS-REP for ${reply.clientName}@${reply.realm}`;
  return {
    listening: true,
    summary,
    fields: { requestedRealm: realm, requestedClient: PROBE_CLIENT, reply: { ...reply }, clockSkewSeconds: skew },
    text: formatKdcReply(reply, skew),
  };
}

export const kerberosModule: ProtocolModule = {
  name: 'kerberos',
  title: 'Kerberos',
  services: ['kerberos'],
  transports: ['tcp', 'udp'],
  run: askKdc,
};
