/**
 * `e`: the results as files the user can keep: JSON lines (the same objects as --json) and CSV
 * (RFC 4180: fields with commas, quotes or line breaks are quoted, quotes doubled).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProbeResult, ResolvedTarget } from '../engine/types.js';
import type { LocalSnapshot, LocalSocket } from '../local/types.js';
import { resultToJsonLine } from '../report/json-lines.js';

export function csvField(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(header: string[], rows: (string | number | null)[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

export function scanCsv(results: readonly ProbeResult[]): string {
  return csv(
    ['target', 'address', 'protocol', 'port', 'service', 'state', 'reason', 'reason_text', 'rtt_ms', 'tries', 'time', 'query', 'summary'],
    results.map((r) => [
      r.target,
      r.address,
      r.protocol,
      r.port,
      r.service,
      r.state,
      r.reason,
      r.reasonText,
      r.rttMs === null ? null : Number(r.rttMs.toFixed(3)),
      r.tries,
      new Date(r.finishedAt).toISOString(),
      r.query?.protocol ?? null,
      r.query?.summary ?? null,
    ]),
  );
}

export function scanJsonLines(results: readonly ProbeResult[], target: ResolvedTarget | null): string {
  return results.map((r) => resultToJsonLine(r, target) + '\n').join('');
}

export function localCsv(sockets: readonly LocalSocket[]): string {
  return csv(
    ['protocol', 'local_address', 'local_port', 'remote_address', 'remote_port', 'state', 'pid', 'process', 'user', 'command_line'],
    sockets.map((s) => [s.protocol, s.localAddress, s.localPort, s.remoteAddress, s.remotePort, s.state, s.pid, s.processName, s.user, s.commandLine]),
  );
}

export function localJson(snapshot: LocalSnapshot): string {
  return JSON.stringify(snapshot, null, 2) + '\n';
}

/** `portq-127.0.0.1-20240131-142501`: safe in a file name on every OS. */
export function exportBaseName(what: string, now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `portq-${what.replace(/[^A-Za-z0-9._-]+/g, '_')}-${stamp}`;
}

/** Write the files; returns their paths. */
export async function writeExportFiles(dir: string, base: string, files: { ext: string; content: string }[]): Promise<string[]> {
  const paths: string[] = [];
  for (const f of files) {
    const path = join(dir, `${base}.${f.ext}`);
    // 'wx': never overwrite something the user already has.
    await writeFile(path, f.content, { flag: 'wx' });
    paths.push(path);
  }
  return paths;
}
