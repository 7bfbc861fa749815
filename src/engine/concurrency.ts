/**
 * How many probes may be in flight. Each holds one file descriptor; the open-file limit (20000 here,
 * and not raisable) bounds it. FACTS.md: beyond ~1000 in flight a single Node thread gets slower,
 * not faster, so the cap is about throughput, not the limit.
 */
import { readFileSync } from 'node:fs';

const CAP = 1024;
const RESERVE = 64; // stdio, log file, DNS, the terminal UI, local-port scans...

/** The soft RLIMIT_NOFILE (Linux /proc), or null where it cannot be read. */
export function openFileLimit(): number | null {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const m = /Max open files\s+(\d+|unlimited)/.exec(limits);
    if (!m) return null;
    return m[1] === 'unlimited' ? 1 << 20 : Number(m[1]);
  } catch {
    return null;
  }
}

export function autoConcurrency(limit = openFileLimit() ?? 1024): number {
  return Math.max(1, Math.min(CAP, Math.floor((limit - RESERVE) / 2)));
}
