/**
 * The head of an HTTP/1.x response (RFC 9112 4, 5): status line and header fields, up to the
 * empty line. A framer that stops at the blank line, and a parser that rejects anything else.
 */
import { DecodeError } from '../decode-error.js';
import { MAX_REPLY } from '../text-reply/lines.js';

const CODEC = 'http';

export interface ResponseHead {
  version: string;
  status: number;
  reason: string;
  /** Header fields in order, names lower-cased (RFC 9110 5.1: case-insensitive). */
  headers: [string, string][];
}

/** Framer: through the first empty line (CRLF CRLF, or bare LF LF from sloppy servers). */
export function responseHeadFramer(buf: Buffer): number | null {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  const ends = [crlf >= 0 ? crlf + 4 : -1, lf >= 0 ? lf + 2 : -1].filter((n) => n > 0);
  if (ends.length) return Math.min(...ends);
  if (buf.length > MAX_REPLY) throw new DecodeError(CODEC, `response head longer than ${MAX_REPLY} bytes`);
  // Fail fast on something that is not HTTP at all.
  if (buf.length >= 5 && !buf.subarray(0, 5).equals(Buffer.from('HTTP/'))) {
    throw new DecodeError(CODEC, `not an HTTP response: ${JSON.stringify(buf.subarray(0, 20).toString('latin1'))}`, 0);
  }
  return null;
}

export function parseResponseHead(bytes: Uint8Array): ResponseHead {
  const text = Buffer.from(bytes).toString('latin1');
  const lines = text.split(/\r?\n/);
  const status = /^HTTP\/(\d\.\d) (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!status) throw new DecodeError(CODEC, `bad status line ${JSON.stringify((lines[0] ?? '').slice(0, 40))}`, 0);
  const headers: [string, string][] = [];
  for (const line of lines.slice(1)) {
    if (line === '') break;
    // RFC 9112 5.2: obsolete line folding; join it to the previous field.
    if (/^[ \t]/.test(line) && headers.length) {
      headers[headers.length - 1]![1] += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || /\s/.test(line.slice(0, colon))) throw new DecodeError(CODEC, `bad header line ${JSON.stringify(line.slice(0, 40))}`);
    headers.push([line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return { version: status[1]!, status: Number(status[2]), reason: status[3] ?? '', headers };
}

export function header(head: ResponseHead, name: string): string | null {
  return head.headers.find(([n]) => n === name)?.[1] ?? null;
}
