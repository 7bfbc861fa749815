/**
 * Cut or pad text to an exact column width, so each table row is exactly one terminal line and
 * Ink never wraps it. Control characters (a hostile banner) are made visible instead of reaching
 * the terminal.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;

export function sanitize(text: string): string {
  return text.replace(CONTROL, (c) => (c === '\t' ? ' ' : '·'));
}

/** At most `width` characters, ending in `…` (or `~` in ASCII) when cut. */
export function truncate(text: string, width: number, unicode = true): string {
  if (width <= 0) return '';
  const clean = sanitize(text);
  if (clean.length <= width) return clean;
  if (width === 1) return clean.slice(0, 1);
  return clean.slice(0, width - 1) + (unicode ? '…' : '~');
}

export function fit(text: string, width: number, align: 'left' | 'right' = 'left', unicode = true): string {
  const t = truncate(text, width, unicode);
  return align === 'left' ? t.padEnd(width) : t.padStart(width);
}
