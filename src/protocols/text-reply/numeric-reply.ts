/**
 * SMTP (RFC 5321 4.2) and FTP (RFC 959 4.2) replies: a three-digit code, then '-' on every line
 * but the last and ' ' (or nothing) on the last. FTP lets the lines between the first and the
 * last carry anything; the last starts with the same code. One framer and parser serve both.
 */
import { DecodeError } from '../decode-error.js';
import { linesUntil, printableLines } from './lines.js';

export interface NumericReply {
  code: number;
  /** Text of each line, without the code and separator (FTP middle lines as sent). */
  lines: string[];
  /** The reply as received, printable. */
  raw: string;
}

const FIRST = /^(\d{3})([ -]|$)/;

/** Framer for one whole numeric reply. */
export function numericReplyFramer(codec: string) {
  let code = '';
  return linesUntil(codec, (line, index) => {
    if (index === 0) {
      const m = FIRST.exec(line);
      if (!m) throw new DecodeError(codec, `reply does not start with a three-digit code: ${JSON.stringify(line.slice(0, 40))}`, 0);
      code = m[1]!;
      return m[2] !== '-';
    }
    return line === code || line.startsWith(`${code} `);
  });
}

export function parseNumericReply(codec: string, bytes: Uint8Array): NumericReply {
  const raw = printableLines(bytes);
  const all = raw.split('\n');
  const m = FIRST.exec(all[0] ?? '');
  if (!m) throw new DecodeError(codec, 'reply does not start with a three-digit code', 0);
  const code = m[1]!;
  const lines = all.map((line) => (line.startsWith(code) && /^[ -]?/.test(line.slice(3)) ? line.slice(4) : line));
  return { code: Number(code), lines, raw };
}
