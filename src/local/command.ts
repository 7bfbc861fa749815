/**
 * The command line's entry into the local mode: `portq -local`, `-wport N`, `-wpid N` (with -wt,
 * -v, --brief, --json). src/cli owns flags, the log file, signals and keys; this module owns what
 * is printed. Everything goes through io.write (synchronous, also feeds the log file).
 *
 * Exit codes: 0 done (a watch stopped by the signal included); 2 bad options; 3 the socket table
 * could not be read at all (no /proc and no ss, lsof or netstat missing...).
 */
import { chooseCollector } from './choose-collector.js';
import type { LocalCollector } from './collector.js';
import { formatBriefReport } from './brief-report.js';
import { formatJsonReport } from './json-report.js';
import { LocalError } from './local-error.js';
import { formatLocalReport } from './local-report.js';
import { buildSnapshot } from './snapshot.js';
import type { LocalDiff, LocalSnapshot, SnapshotFilter } from './types.js';
import { watchNotes } from './watch-notes.js';
import { WatchJsonReport, WatchTextReport } from './watch-report.js';
import { createLocalWatcher } from './watcher.js';

export interface LocalCommandOptions {
  mode: 'local' | 'wport' | 'wpid';
  port?: number;
  pid?: number;
  /** Watch interval, 1-1200 seconds (PortQry's -wt; 60 by default on the command line). */
  intervalSec: number;
  verbose: boolean;
  brief: boolean;
  json: boolean;
}

export interface LocalIo {
  write(text: string): void;
  /** Aborting ends a watch: the final lines are written, then runLocalCommand resolves. */
  signal: AbortSignal;
}

/** Test seam: another collector (captured output, a fake). */
export interface LocalCommandDeps {
  collector?: LocalCollector;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function watchFilter(opts: LocalCommandOptions): SnapshotFilter {
  if (opts.mode === 'wport') {
    if (opts.port === undefined || !Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) {
      throw new LocalError('bad-option', '-wport needs a port number from 1 to 65535');
    }
    return { port: opts.port };
  }
  if (opts.pid === undefined || !Number.isInteger(opts.pid) || opts.pid < 0) {
    throw new LocalError('bad-option', '-wpid needs a process ID (a whole number, 0 or more)');
  }
  return { pid: opts.pid };
}

export async function runLocalCommand(opts: LocalCommandOptions, io: LocalIo, deps: LocalCommandDeps = {}): Promise<number> {
  try {
    const collector = deps.collector ?? chooseCollector();
    if (opts.mode === 'local') return await snapshotOnce(opts, io, collector);
    if (!Number.isInteger(opts.intervalSec) || opts.intervalSec < 1 || opts.intervalSec > 1200) {
      throw new LocalError('bad-option', '-wt needs a number of seconds from 1 to 1200');
    }
    return await watch(opts, watchFilter(opts), io, collector);
  } catch (error) {
    if (!(error instanceof LocalError)) throw error;
    io.write(opts.json ? JSON.stringify({ type: 'error', code: error.code, message: error.message }) + '\n' : `Error: ${error.message}\n`);
    return error.exitCode;
  }
}

async function snapshotOnce(opts: LocalCommandOptions, io: LocalIo, collector: LocalCollector): Promise<number> {
  const snapshot = buildSnapshot(await collector.collect({ verbose: opts.verbose, filter: null }), { filter: null });
  if (opts.json) io.write(formatJsonReport(snapshot, { verbose: opts.verbose }));
  else if (opts.brief) io.write(formatBriefReport(snapshot));
  else io.write(formatLocalReport(snapshot, { verbose: opts.verbose }));
  return 0;
}

async function watch(opts: LocalCommandOptions, filter: SnapshotFilter, io: LocalIo, collector: LocalCollector): Promise<number> {
  const target = { filter, intervalSec: opts.intervalSec };
  const report = opts.json ? new WatchJsonReport(target) : new WatchTextReport(target, opts.verbose);
  io.write(report instanceof WatchJsonReport ? report.start(new Date()) : report.start());
  let previous: LocalSnapshot | null = null;
  let firstError: LocalError | null = null as LocalError | null;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const watcher = createLocalWatcher({
    intervalMs: opts.intervalSec * 1000,
    filter,
    verbose: opts.verbose,
    keepAlive: true,
    collector,
    onError: (error) => {
      // No table ever read and the source is unusable: watching cannot work, so stop.
      if (previous === null && error instanceof LocalError) {
        firstError = error;
        stop();
        return;
      }
      io.write(report.failure(error, new Date()));
    },
  });
  const onTick = (snapshot: LocalSnapshot, diff: LocalDiff) => {
    const first = previous === null;
    io.write(report.update(snapshot, diff, watchNotes(previous, snapshot), first));
    previous = snapshot;
  };
  watcher.subscribe(onTick);
  if (io.signal.aborted) stop();
  else io.signal.addEventListener('abort', () => stop(), { once: true });
  await stopped;
  watcher.stop();
  await watcher.idle();
  if (firstError !== null) throw firstError;
  io.write(report.end(new Date()));
  return 0;
}
