/**
 * The process boundary: parse flags, pick the face (terminal UI, text, JSON lines, local mode),
 * own exit codes and signals. Nothing below this layer touches `process`.
 */
import { createInterface } from 'node:readline/promises';
import { EXIT, PortqError, UsageError } from '../engine/errors.js';
import { DEFAULT_UI_PROBES } from '../engine/presets.js';
import { defaultScanOptions, DEFAULT_BANNER_WAIT_MS, DEFAULT_TIMEOUT_MS, DEFAULT_TRIES, RANGE_BANNER_WAIT_MS, type ScanOptions } from '../engine/scan-options.js';
import { ScanSession } from '../engine/scan-session.js';
import { loadServices } from '../engine/services.js';
import type { PortState, ProbeResult } from '../engine/types.js';
import { resultToJsonLine } from '../report/json-lines.js';
import { BatchedWriter } from '../report/batched-writer.js';
import { LogFile } from '../report/log-file.js';
import { headerText, InOrderPrinter, resultText, summaryText } from '../report/text.js';
import { helpText, parseArgs, probesFor, type ParsedArgs } from './args.js';
import { portqVersion } from './version.js';

/** -q's exit codes: PortQry's 0/1/2, and portq's 3 for FILTERED. */
export function exitCodeForState(state: PortState): number {
  switch (state) {
    case 'LISTENING':
      return EXIT.ok;
    case 'NOT LISTENING':
      return EXIT.notListening;
    case 'LISTENING OR FILTERED':
      return EXIT.listeningOrFiltered;
    case 'FILTERED':
      return EXIT.filtered;
  }
}

/** Output that goes to stdout and, with -l, to the log file. */
interface Output {
  write(text: string): void;
  log: LogFile | null;
}

export async function main(argv: string[]): Promise<void> {
  let code: number;
  try {
    code = await run(argv);
  } catch (err) {
    code = reportError(err);
  }
  process.exitCode = code;
}

function reportError(err: unknown): number {
  if (err instanceof PortqError) {
    process.stderr.write(`portq: ${err.message}\n${err.detail.map((l) => `${l}\n`).join('')}`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`portq: internal error: ${message}\nThis is a bug; please report it with the command you ran.\n`);
  if (process.env.PORTQ_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return EXIT.internal;
}

async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const version = portqVersion();
  if (args.help) {
    process.stdout.write(`${helpText(version)}\n`);
    return EXIT.ok;
  }
  if (args.version) {
    process.stdout.write(`portq ${version}\n`);
    return EXIT.ok;
  }
  if (args.noColor) process.env.NO_COLOR = '1';
  const tty = Boolean(process.stdout.isTTY && process.stdin.isTTY) && process.env.TERM !== 'dumb';

  if (args.local) return runLocal(args, argv, version, tty);

  const services = loadServices(args.servicesFile);
  const wantsTui = !args.quiet && !args.json && !args.noTui && !args.logFile;
  if (args.interactive && !tty) throw new UsageError('-i needs a terminal (it opens the terminal UI); run portq -n HOST ... for plain output.');
  if (argv.length === 0 && !tty) {
    process.stderr.write(`${helpText(version)}\n`);
    return EXIT.usage;
  }
  if (!args.host && !args.interactive && argv.length > 0 && !(tty && wantsTui)) {
    throw new UsageError('-n is required: give the host to query, e.g. portq -n 127.0.0.1 -e 80.');
  }

  const host = args.host ?? '127.0.0.1';
  const probes = argv.length === 0 || (!args.host && args.portSource === 'default') ? DEFAULT_UI_PROBES : probesFor(args);
  const options = scanOptionsFrom(args, host, probes, services);

  if (tty && wantsTui) {
    const ui = (await import(UI_MODULE)) as { runTui(launch: unknown): Promise<number> };
    return ui.runTui({ scan: options, startView: 'scan', interactive: args.interactive, ...(args.preset ? { title: args.preset } : {}) });
  }
  return runTextOrJson(args, argv, options, version);
}

// Loaded only when used: the UI pulls in React and Ink, which a script should not pay for.
const UI_MODULE: string = '../ui/run-tui.js';
const LOCAL_MODULE: string = '../local/command.js';

export function scanOptionsFrom(args: ParsedArgs, host: string, probes: ScanOptions['probes'], services: ScanOptions['services']): ScanOptions {
  const o = defaultScanOptions(host, probes, services);
  o.timeoutMs = args.timeoutMs ? { tcp: args.timeoutMs, udp: args.timeoutMs } : { ...DEFAULT_TIMEOUT_MS };
  o.tries = args.tries ? { tcp: args.tries, udp: args.tries } : { ...DEFAULT_TRIES };
  if (args.concurrency) o.concurrency = args.concurrency;
  o.sourcePort = args.sourcePort;
  o.reverseLookup = !args.noReverse;
  if (args.family) o.family = args.family;
  o.query = {
    enabled: !args.noQuery,
    rangeMode: args.portSource === '-r',
    community: args.community,
    slowLink: args.slowLink,
    rpcDump: args.rpcDump,
  };
  o.bannerWaitMs = args.bannerWaitMs ?? (args.portSource === '-r' ? RANGE_BANNER_WAIT_MS : DEFAULT_BANNER_WAIT_MS);
  o.followDiscovered = args.rpcPorts || args.preset === 'ad';
  return o;
}

/** -l: PortQry asks before overwriting; -y or -q overwrite; without a terminal, refuse. */
async function openLog(args: ParsedArgs, argv: string[], version: string): Promise<LogFile | null> {
  if (!args.logFile) return null;
  if (LogFile.exists(args.logFile) && !args.overwriteLog && !args.quiet) {
    if (!process.stdin.isTTY) {
      throw new PortqError(`-l: ${args.logFile} already exists; add -y to overwrite it or choose another file.`, EXIT.cantCreate);
    }
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await rl.question(`Log file ${args.logFile} already exists. Overwrite it? (y/n) `);
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) throw new PortqError(`-l: not overwriting ${args.logFile}; choose another file or add -y.`, EXIT.cantCreate);
  }
  return LogFile.create(args.logFile, ['portq', ...argv].join(' '), version);
}

function makeOutput(quiet: boolean, log: LogFile | null, stdout: { write(text: string): unknown } = process.stdout): Output {
  return {
    log,
    write(text: string) {
      if (!quiet) stdout.write(text);
      log?.write(text);
    },
  };
}

/** Ctrl-C and SIGTERM: stop cleanly, close the log with its footer, exit 130/143. */
function onSignals(stop: (signal: NodeJS.Signals) => void): () => void {
  const handler = (signal: NodeJS.Signals) => stop(signal);
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

async function runTextOrJson(args: ParsedArgs, argv: string[], options: ScanOptions, version: string): Promise<number> {
  const log = await openLog(args, argv, version);
  const stdout = new BatchedWriter(process.stdout);
  try {
    return await scanToStdout(args, options, log, stdout);
  } finally {
    stdout.flush();
  }
}

async function scanToStdout(args: ParsedArgs, options: ScanOptions, log: LogFile | null, stdout: BatchedWriter): Promise<number> {
  const out = makeOutput(args.quiet || args.json, log, stdout);
  const session = new ScanSession({ ...options, keepResults: false });
  const showReason = args.verbose || args.portSource !== '-r';
  // With --json the text goes only to the log: without one, nobody reads it.
  const printer = !args.json || log ? new InOrderPrinter(options.probes, (r) => out.write(resultText(r, { showReason }))) : null;
  // Each port's final state, in arrival order: for the summary line and -q's exit code.
  const finals: PortState[] = [];
  let interrupted: NodeJS.Signals | null = null;

  session.subscribe((e) => {
    switch (e.type) {
      case 'resolved':
        out.write(headerText(e.target));
        break;
      case 'result':
        finals.push(e.result.state);
        if (args.json) stdout.write(`${resultToJsonLine(e.result, session.target)}\n`);
        printer?.add(e.result);
        break;
      case 'pacing':
        stdout.flush(); // keep stdout and stderr in the order they happened
        if (!args.quiet) process.stderr.write(`portq: ${e.pacing.message}${e.pacing.active && e.pacing.etaMs ? ` (about ${Math.ceil(e.pacing.etaMs / 1000)} s left)` : ''}\n`);
        log?.write(`${e.pacing.message}\n`);
        break;
      case 'warning':
        stdout.flush();
        process.stderr.write(`portq: ${e.message}\n`);
        break;
      default:
        break;
    }
  });
  const offSignals = onSignals((signal) => {
    interrupted = signal;
    session.abort();
  });
  try {
    await session.run();
  } catch (err) {
    if (err instanceof PortqError && err.exitCode === EXIT.noHost) {
      // PortQry's words, then portq's hint.
      out.write(`\nQuerying target system called:\n\n ${options.host}\n\nAttempting to resolve name to IP address...\n\nFailed to resolve name to IP address\n`);
    }
    log?.close();
    throw err;
  } finally {
    offSignals();
  }
  if (interrupted) {
    printer?.flushAll();
    const note = `Interrupted by ${interrupted === 'SIGINT' ? 'Ctrl-C' : interrupted}: ${finals.length} of ${options.probes.length} port(s) done.`;
    stdout.flush();
    if (!args.quiet) process.stderr.write(`portq: ${note}\n`);
    log?.close(note);
    return interrupted === 'SIGINT' ? EXIT.interrupted : 128 + 15;
  }
  if (options.probes.length > 1 && !args.json) out.write(summaryText(finals));
  log?.close();
  if (args.quiet) {
    const only = finals[0];
    return only ? exitCodeForState(only) : EXIT.internal;
  }
  return EXIT.ok;
}

async function runLocal(args: ParsedArgs, argv: string[], version: string, tty: boolean): Promise<number> {
  const local = args.local!;
  const log = await openLog(args, argv, version);
  const out = makeOutput(false, log);
  const mod = (await import(LOCAL_MODULE)) as {
    runLocalCommand(
      opts: { mode: string; port?: number; pid?: number; intervalSec: number; verbose: boolean; brief: boolean; json: boolean },
      io: { write(text: string): void; signal: AbortSignal },
    ): Promise<number>;
  };
  const controller = new AbortController();
  let stoppedBy: string | null = null;
  const offSignals = onSignals((signal) => {
    stoppedBy = signal === 'SIGINT' ? 'Ctrl-C' : signal;
    controller.abort();
  });
  // PortQry's watch mode ends on Esc; q too. Raw mode only while watching on a terminal.
  const watching = local.mode !== 'local';
  const stdin = process.stdin;
  const onKey = (data: Buffer) => {
    const key = data.toString();
    if (key === '\u001b' || key === 'q' || key === 'Q') {
      stoppedBy = key === 'q' || key === 'Q' ? 'q' : 'Esc';
      controller.abort();
    } else if (key === '\u0003') {
      stoppedBy = 'Ctrl-C';
      controller.abort();
    }
  };
  if (watching && tty && stdin.isTTY) {
    stdin.setRawMode(true);
    stdin.on('data', onKey);
    stdin.resume();
  }
  try {
    const code = await mod.runLocalCommand(
      {
        mode: local.mode,
        ...(local.port !== undefined ? { port: local.port } : {}),
        ...(local.pid !== undefined ? { pid: local.pid } : {}),
        intervalSec: args.watchInterval ?? 60,
        verbose: args.verbose,
        brief: args.brief,
        json: args.json,
      },
      { write: (t) => out.write(t), signal: controller.signal },
    );
    log?.close(stoppedBy ? `Watching stopped by ${stoppedBy}.` : undefined);
    return stoppedBy === 'Ctrl-C' ? EXIT.interrupted : code;
  } finally {
    offSignals();
    if (watching && tty && stdin.isTTY) {
      stdin.off('data', onKey);
      stdin.setRawMode(false);
      stdin.pause();
    }
    log?.close();
  }
}
