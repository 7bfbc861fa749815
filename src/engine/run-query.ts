/**
 * Runs a protocol module over an open channel and turns whatever happens (answer, decode error,
 * timeout, reset) into a QueryAnswer. A module can never throw past this point.
 */
import type { ModuleResult, ProtocolModule, QueryAnswer } from '../protocols/types.js';
import type { TcpQueryChannel, UdpQueryChannel } from './query-channel.js';

export async function runModule(module: ProtocolModule, channel: TcpQueryChannel | UdpQueryChannel): Promise<QueryAnswer> {
  let result: ModuleResult;
  try {
    result = await module.run(channel);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    result = {
      listening: false,
      summary: `${module.title} query failed: ${message}`,
      fields: {},
      text: `${module.title} query failed: ${message}`,
      error: message,
    };
  }
  return { ...result, protocol: module.name, notes: channel.notes, exchanges: channel.exchanges };
}

/** Bytes as text a terminal can show: printable ASCII and line breaks kept, the rest as '.'. */
export function printable(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b === 0x0a || b === 0x0d || b === 0x09 || (b >= 0x20 && b < 0x7f) ? String.fromCharCode(b) : '.';
  return out;
}

/** Plain banner reading for TCP services without a module: whatever the server says first. */
export async function readBanner(channel: TcpQueryChannel, waitMs: number): Promise<QueryAnswer | undefined> {
  let bytes: Buffer;
  let error: string | undefined;
  try {
    bytes = await channel.receiveAvailable(waitMs);
  } catch (err) {
    bytes = Buffer.alloc(0);
    error = err instanceof Error ? err.message : String(err);
  }
  if (bytes.length === 0) return undefined;
  const text = printable(bytes).replace(/\r\n/g, '\n').replace(/\r/g, '\n');
  const firstLine = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  const answer: QueryAnswer = {
    protocol: 'banner',
    listening: true,
    summary: firstLine.length > 120 ? `${firstLine.slice(0, 117)}...` : firstLine,
    fields: { banner: text, bytes: bytes.length },
    text: `Data returned from port:\n${text.trimEnd()}`,
    notes: channel.notes,
    exchanges: channel.exchanges,
  };
  if (error) answer.error = error;
  return answer;
}
