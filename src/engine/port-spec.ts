/**
 * Port lists as users type them: `80`, `1:1024` (PortQry), `1-1024`, `53,88,135:139,389`.
 * Order is kept; a port repeated is probed once, at its first place.
 */
import { UsageError } from './errors.js';

export const MAX_PORT = 65535;

function parsePort(text: string, flag: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag}: "${text}" is not a port number; use a number from 1 to 65535.`);
  const n = Number(text);
  if (n < 1 || n > MAX_PORT) throw new UsageError(`${flag}: port ${text} is out of range; use a number from 1 to 65535.`);
  return n;
}

/** One port or one `a:b` / `a-b` range, ends inclusive, start below end. */
export function parseRange(text: string, flag = '-r'): number[] {
  const m = /^\s*([^:\-\s]+)\s*[:\-]\s*([^:\-\s]+)\s*$/.exec(text);
  if (!m) throw new UsageError(`${flag}: "${text}" is not a range; write it as start:end, for example 1:1024.`);
  const start = parsePort(m[1]!, flag);
  const end = parsePort(m[2]!, flag);
  if (start > end) throw new UsageError(`${flag}: range ${text} runs backwards; write the smaller port first (${end}:${start}).`);
  const out: number[] = [];
  for (let p = start; p <= end; p++) out.push(p);
  return out;
}

/** A comma list whose items are ports or ranges. */
export function parsePortSpec(text: string, flag = '-o'): number[] {
  const trimmed = text.trim();
  if (trimmed === '') throw new UsageError(`${flag}: no ports given; list them like 53,88,135:139.`);
  const seen = new Set<number>();
  const out: number[] = [];
  for (const raw of trimmed.split(',')) {
    const item = raw.trim();
    if (item === '') throw new UsageError(`${flag}: empty item in "${text}"; separate ports with single commas.`);
    const ports = /[:\-]/.test(item) ? parseRange(item, flag) : [parsePort(item, flag)];
    for (const p of ports) {
      if (!seen.has(p)) {
        seen.add(p);
        out.push(p);
      }
    }
  }
  return out;
}
