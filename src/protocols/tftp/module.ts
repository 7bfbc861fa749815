/**
 * TFTP on UDP 69 (RFC 1350): a read request; DATA (the file exists) or ERROR (it does not, or
 * access is refused) both prove a server. The server answers from a new port of its own (RFC
 * 1350 4: its transfer ID), so the engine must accept the reply from any port of the target
 * (`udpReplyFromAnyPort`); a connected socket never sees it.
 *
 * The file asked for is one no server should have, so the usual answer is ERROR 1 and no transfer
 * starts. If DATA comes anyway, its first block is reported and the transfer is left to time out
 * (no ACK is sent).
 */
import { randomBytes } from 'node:crypto';
import { DecodeError } from '../decode-error.js';
import type { ModuleResult, ProtocolModule, QueryChannel } from '../types.js';
import { printableLines } from '../text-reply/lines.js';
import { decodeTftp, encodeReadRequest } from './codec.js';

export async function runTftp(channel: QueryChannel, filename: string): Promise<ModuleResult> {
  await channel.send(encodeReadRequest(filename), `RRQ ${filename}`);
  const p = decodeTftp(await channel.receive({ label: 'TFTP reply' }));
  const lines = [`TFTP read request for "${filename}" (octet):`];
  let summary: string;
  const fields: Record<string, unknown> = { filename, reply: p.opcode };
  switch (p.opcode) {
    case 'ERROR':
      fields.errorCode = p.code;
      fields.errorText = p.codeText;
      fields.message = p.message;
      lines.push(`ERROR ${p.code} (${p.codeText}): ${p.message}`);
      summary = `ERROR ${p.code} ${p.codeText}${p.message && p.message !== p.codeText ? `: ${p.message}` : ''}`;
      break;
    case 'DATA':
      fields.block = p.block;
      fields.bytes = p.data.length;
      fields.preview = printableLines(p.data.subarray(0, 64));
      lines.push(`DATA block ${p.block}, ${p.data.length} bytes${p.data.length < 512 ? ' (the whole file)' : ''}`);
      summary = `DATA block ${p.block} (${p.data.length} bytes)`;
      break;
    case 'OACK':
      fields.options = p.options;
      lines.push(`OACK ${JSON.stringify(p.options)}`);
      summary = 'OACK';
      break;
    default:
      throw new DecodeError('tftp', `${p.opcode} is not an answer to a read request`);
  }
  lines.push('==== End of TFTP query response ====');
  return { listening: true, summary, fields, text: lines.join('\n') };
}

export const tftpModule: ProtocolModule = {
  name: 'tftp',
  title: 'TFTP',
  services: ['tftp'],
  transports: ['udp'],
  /** RFC 1350 4: the answer comes from the server's new transfer ID (another port). */
  udpReplyFromAnyPort: true,
  run: (channel) => runTftp(channel, `portq-probe-${randomBytes(4).toString('hex')}`),
};
