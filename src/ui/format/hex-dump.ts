/**
 * Classic hex dump lines: offset, hex bytes in two groups, printable ASCII.
 *   0000  30 0c 02 01 01 60 07 02  01 03 04 00 80 00        |0....`........|
 */

export interface HexDumpOptions {
  /** Bytes per line: 16 at 80 columns, 8 on narrow terminals. */
  width?: number;
  /** Stop after this many bytes (the detail view must stay responsive with a large reply). */
  maxBytes?: number;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

export function hexDumpLines(bytes: Uint8Array, opts: HexDumpOptions = {}): string[] {
  const width = opts.width ?? 16;
  const shown = Math.min(bytes.length, opts.maxBytes ?? 64 * 1024);
  const half = width / 2;
  const offsetDigits = shown > 0xffff ? 6 : 4;
  const lines: string[] = [];
  for (let off = 0; off < shown; off += width) {
    const end = Math.min(off + width, shown);
    let hex = '';
    let ascii = '';
    for (let i = off; i < off + width; i++) {
      if (i > off) hex += i - off === half ? '  ' : ' ';
      if (i < end) {
        const b = bytes[i]!;
        hex += hex2(b);
        ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      } else {
        hex += '  ';
      }
    }
    lines.push(`${off.toString(16).padStart(offsetDigits, '0')}  ${hex}  |${ascii}|`);
  }
  if (shown < bytes.length) lines.push(`... ${bytes.length - shown} more bytes not shown`);
  return lines;
}

/** Columns a hex dump line of `width` bytes takes. */
export function hexDumpColumns(width: number): number {
  // "0000" + 2 spaces + width*3 hex columns (with the group gap) + 2 spaces + |ascii|.
  return 10 + 4 * width;
}
