/**
 * Runs one of the system tools a collector reads (ss, lsof, ps, netstat, tasklist, powershell)
 * through execa, and turns every failure into a LocalError saying which tool and why.
 */
import { execa } from 'execa';
import { LocalError } from './local-error.js';

/** Runs a tool and returns its standard output; tests substitute captured text. */
export type ToolRunner = (command: string, args: readonly string[]) => Promise<string>;

export interface RunToolOptions {
  /** Exit codes that still mean "here is the output" (lsof exits 1 when nothing matched). */
  okExitCodes?: readonly number[];
  timeoutMs?: number;
  env?: Record<string, string>;
}

export async function runTool(command: string, args: readonly string[], options: RunToolOptions = {}): Promise<string> {
  const result = await execa(command, args, {
    reject: false,
    timeout: options.timeoutMs ?? 30_000,
    maxBuffer: 256 * 1024 * 1024,
    stripFinalNewline: false,
    windowsHide: true,
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  const ok = [0, ...(options.okExitCodes ?? [])];
  if (result.exitCode !== undefined && ok.includes(result.exitCode) && !result.timedOut) return String(result.stdout);
  const why = result.code === 'ENOENT'
    ? 'not found (is it installed and on PATH?)'
    : result.timedOut
      ? 'timed out'
      : `failed (exit ${result.exitCode ?? result.signal ?? result.code ?? '?'}): ${String(result.stderr).trim().split('\n')[0] ?? ''}`;
  throw new LocalError('tool-failed', `${command} ${why}`, command);
}
