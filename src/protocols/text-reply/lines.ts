/**
 * Line-oriented replies (SMTP, FTP, POP3, IMAP, HTTP headers): framers that find the end of a
 * reply in a TCP stream, and turning bytes into text safe to print. Lines end in CRLF; a bare LF
 * is accepted (RFC 5321 2.3.8 asks servers for CRLF, some send LF). Every framer gives up with a
 * DecodeError past a size bound instead of buffering forever.
 */
import { DecodeError } from '../decode-error.js';

/** RFC 5321 4.5.3.1.5: a reply line is at most 512 octets; be generous, but bounded. */
export const MAX_LINE = 8192;
/** A whole multi-line reply (EHLO, CAPA, FEAT, HTTP headers). */
export const MAX_REPLY = 64 * 1024;

/** Split into lines without their line ends; a trailing partial line is kept. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Offsets just past each complete line (after its LF) in `buf`, checking the line bound. */
function lineEnds(buf: Buffer, codec: string): number[] {
  const ends: number[] = [];
  let start = 0;
  for (;;) {
    const lf = buf.indexOf(0x0a, start);
    if (lf < 0) {
      if (buf.length - start > MAX_LINE) throw new DecodeError(codec, `line longer than ${MAX_LINE} bytes`, start);
      return ends;
    }
    if (lf - start > MAX_LINE) throw new DecodeError(codec, `line longer than ${MAX_LINE} bytes`, start);
    ends.push(lf + 1);
    start = lf + 1;
  }
}

/** Framer: one line. */
export function lineFramer(codec: string) {
  return (buf: Buffer): number | null => {
    const ends = lineEnds(buf, codec);
    return ends.length ? ends[0]! : null;
  };
}

/**
 * Framer: lines until `isLast(line, index)` says a line ends the reply (index 0 is the first).
 * Used for SMTP/FTP numeric replies, POP3 multi-line answers, IMAP tagged completions.
 */
export function linesUntil(codec: string, isLast: (line: string, index: number) => boolean) {
  return (buf: Buffer): number | null => {
    if (buf.length > MAX_REPLY) throw new DecodeError(codec, `reply longer than ${MAX_REPLY} bytes`);
    const ends = lineEnds(buf, codec);
    let start = 0;
    for (const [i, end] of ends.entries()) {
      const line = buf.toString('latin1', start, end).replace(/\r?\n$/, '');
      if (isLast(line, i)) return end;
      start = end;
    }
    return null;
  };
}

/** Bytes as text a terminal can show: printable ASCII and line breaks kept, the rest as '.'. */
export function printable(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b === 0x0a || b === 0x0d || b === 0x09 || (b >= 0x20 && b < 0x7f) ? String.fromCharCode(b) : '.';
  return out;
}

/** Printable text with CRLF normalised to LF and no trailing line break. */
export function printableLines(bytes: Uint8Array): string {
  return printable(bytes).replace(/\r\n/g, '\n').replace(/\r/g, '\n').replace(/\n+$/, '');
}
