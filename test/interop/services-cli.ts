/**
 * Runs the portq CLI (bin/portq.js, built into dist/ by `npm run build`) with --json for the
 * services interop tests and returns one parsed object per port.
 */
import { join } from 'node:path';
import { loadLab } from './lab.js';
import { run } from './lab-exec.js';

export interface CliPortResult {
  port: number;
  protocol: 'tcp' | 'udp';
  service: string | null;
  state: string;
  reason: string;
  query?: {
    protocol: string;
    listening: boolean;
    summary: string;
    fields: Record<string, any>;
    error?: string;
    notes?: string[];
    discovered?: { protocol: string; port: number; why: string }[];
  };
  raw?: { direction: string; hex: string; label?: string }[];
}

export async function portqJson(args: readonly string[], timeoutMs = 30_000): Promise<CliPortResult[]> {
  const lab = loadLab();
  const r = await run(process.execPath, [join(lab.repo, 'bin', 'portq.js'), ...args, '--json'], { timeoutMs });
  const lines = r.stdout.split('\n').filter((l) => l.trim().startsWith('{'));
  if (lines.length === 0) throw new Error(`portq ${args.join(' ')} printed no JSON (exit ${r.code}):\n${r.stderr}\n${r.stdout}`);
  // JSON lines stream as each port finishes, not in port order: sort so tests compare one order.
  const results = lines.map((l) => JSON.parse(l) as CliPortResult);
  return results.sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

/** Plain text output of the CLI (PortQry's shape). */
export async function portqText(args: readonly string[], timeoutMs = 30_000): Promise<string> {
  const lab = loadLab();
  const r = await run(process.execPath, [join(lab.repo, 'bin', 'portq.js'), ...args, '--no-tui'], { timeoutMs });
  return r.stdout;
}
