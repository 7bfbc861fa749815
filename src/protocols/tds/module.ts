/**
 * SQL Server's TDS endpoint (TCP 1433): a PRELOGIN message ([MS-TDS] 2.2.6.5), the first thing
 * every client sends. The server's answer gives its version and encryption setting before any
 * TLS or login, so no credentials are ever sent; the connection is then closed.
 */
import { randomInt } from 'node:crypto';
import { DecodeError } from '../decode-error.js';
import type { ModuleResult, ProtocolModule, QueryChannel } from '../types.js';
import { sqlServerRelease } from '../sqlr/sql-server-release.js';
import {
  ENCRYPTION_VALUES,
  STATUS_EOM,
  TDS_PRELOGIN,
  TDS_TABULAR_RESULT,
  decodePrelogin,
  decodeTdsPacket,
  encodePrelogin,
  encodeTdsPacket,
  tdsPacketFramer,
  type PreloginResponse,
} from './codec.js';

/** A pre-login answer is one small packet; a few continuation packets at most. */
const MAX_PACKETS = 8;

export function tdsText(r: PreloginResponse): string {
  const lines = ['TDS pre-login response:'];
  if (r.version) {
    const release = sqlServerRelease(r.version.text);
    lines.push(`Version ${r.version.text}${r.version.subBuild ? ` (sub-build ${r.version.subBuild})` : ''}${release ? ` (${release})` : ''}`);
  }
  if (r.encryption !== null) {
    const e = ENCRYPTION_VALUES[r.encryption];
    lines.push(`Encryption ${r.encryptionName}${e ? `: ${e.meaning}` : ''}`);
  }
  if (r.instOpt !== null) lines.push(`Instance option ${r.instOpt === 0 ? 'accepted' : `0x${r.instOpt.toString(16)} (instance name not matched)`}`);
  if (r.mars !== null) lines.push(`MARS ${r.mars ? 'on' : 'off'}`);
  if (r.fedAuthRequired !== null) lines.push(`Federated authentication ${r.fedAuthRequired ? 'required' : 'not required'}`);
  lines.push('==== End of TDS pre-login response ====');
  return lines.join('\n');
}

export async function runTds(channel: QueryChannel, threadId: number): Promise<ModuleResult> {
  const request = encodePrelogin({
    version: Buffer.from([0, 0, 0, 0, 0, 0]),
    encryption: 0x00, // ENCRYPT_OFF: the server's reply then states its own setting
    instance: '',
    threadId,
    mars: false,
  });
  await channel.send(encodeTdsPacket(TDS_PRELOGIN, request), 'TDS PRELOGIN');
  const payloads: Buffer[] = [];
  for (let n = 0; ; n++) {
    if (n === MAX_PACKETS) throw new DecodeError('tds', `pre-login answer spans more than ${MAX_PACKETS} packets`);
    const packet = decodeTdsPacket(await channel.receive({ framer: tdsPacketFramer, label: 'TDS PRELOGIN response' }));
    if (packet.type !== TDS_TABULAR_RESULT) {
      throw new DecodeError('tds', `answer packet type 0x${packet.type.toString(16)} is not a tabular result (0x04)`, 0);
    }
    payloads.push(packet.payload);
    if (packet.status & STATUS_EOM) break;
  }
  const r = decodePrelogin(Buffer.concat(payloads));
  const release = r.version ? sqlServerRelease(r.version.text) : null;
  const summary = [
    r.version ? `SQL Server ${r.version.text}${release ? ` (${release})` : ''}` : 'TDS server (no version)',
    r.encryptionName ? `encryption ${r.encryptionName}` : null,
  ].filter(Boolean).join(', ');
  return {
    listening: true,
    summary,
    fields: {
      version: r.version?.text ?? null,
      subBuild: r.version?.subBuild ?? null,
      release,
      encryption: r.encryptionName,
      encryptionMeaning: r.encryption !== null ? (ENCRYPTION_VALUES[r.encryption]?.meaning ?? null) : null,
      instOpt: r.instOpt,
      mars: r.mars,
      fedAuthRequired: r.fedAuthRequired,
      options: r.options,
    },
    text: tdsText(r),
  };
}

export const tdsModule: ProtocolModule = {
  name: 'tds',
  title: 'SQL Server (TDS)',
  services: ['ms-sql-s'],
  transports: ['tcp'],
  run: (channel) => runTds(channel, randomInt(1, 0xffff)),
};
