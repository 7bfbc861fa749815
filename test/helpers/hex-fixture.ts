/**
 * Captured-bytes fixtures stored as hex text: comment lines start with '#' (the first says where
 * the bytes came from), the rest is hex, whitespace ignored.
 */
import { readFileSync } from 'node:fs';

export function loadHexFixture(path: string | URL): Buffer {
  const text = readFileSync(path, 'utf8');
  const hex = text
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('')
    .replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new Error(`${String(path)}: not hex`);
  return Buffer.from(hex, 'hex');
}
