/**
 * The terminal UI itself (run-tui.ts loads it). It owns the terminal while it runs: the alternate
 * screen is entered, and restored on every way out (q, Ctrl-C, SIGTERM/SIGINT/SIGHUP, an error,
 * process exit), with the cursor shown again; an error's message is printed on the normal screen
 * afterwards, and so is anything else that was written to the terminal meanwhile.
 */
import { render } from 'ink';
import { ScanSession } from '../engine/scan-session.js';
import { bigEnoughToSweep } from '../engine/sweep.js';
import type { ScanOptions } from '../engine/scan-options.js';
import { PortqError } from '../engine/errors.js';
import { PRESETS } from '../engine/presets.js';
import { App } from './app.js';
import { detectTheme } from './format/theme.js';
import { LocalStore } from './state/local-store.js';
import type { LocalSource } from './state/local-source.js';
import { localWatcherSource } from './state/local-watcher-source.js';
import { draftFromOptions } from './state/query-draft.js';
import { openForm } from './state/query-form.js';
import type { ScanSourceFactory } from './state/scan-source.js';
import { ScanStore } from './state/scan-store.js';
import { WorkerScanSource } from './state/worker-scan-source.js';
import { initialUiState } from './state/ui-state.js';
import { TerminalOutput } from './terminal-output.js';
import { TerminalScreen } from './terminal-screen.js';
import { StrayOutput } from './stray-output.js';
import { TuiController } from './tui-controller.js';

export interface TuiLaunch {
  scan: ScanOptions;
  startView: 'scan' | 'local';
  /** -i: open on the new-query form (PortQry's interactive mode); nothing runs until it is submitted. */
  interactive: boolean;
  /** A preset name (`ad`, `dns`...) or a title for the header. */
  title?: string;
}

/** Everything runTui takes from the process, replaceable for tests and the benchmark. */
export interface TuiDeps {
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
  createSession?: ScanSourceFactory;
  /** null: no Local view data on this system. */
  localSource?: LocalSource | null;
  exportDir?: string;
  /** Install signal and uncaught-error handlers (default true; in-process tests turn it off). */
  handleProcess?: boolean;
  /** Hold other writes to stdout and stderr while the UI runs (default: as handleProcess). */
  holdOutput?: boolean;
  /**
   * Where the scan runs. 'inline' (default): on the UI thread, which costs least on a small
   * machine (bench/ui-bench.ts measures both on 2 cores: less memory, shorter wall time, key
   * latency no worse). 'worker': on a thread of its own, so frames never wait behind socket
   * callbacks; worth it with cores to spare. PORTQ_SCAN_THREAD=worker chooses it too.
   */
  scanThread?: 'worker' | 'inline';
  /** Ink's frame rate cap. */
  maxFps?: number;
  /** Called after every frame with the milliseconds Ink took to produce it (the benchmark). */
  onFrame?: (renderMs: number) => void;
  /** Called once the UI is up (benchmark and tests drive it from here). */
  onReady?: (controller: TuiController) => void;
}

function defaultSessionFactory(thread: 'worker' | 'inline'): ScanSourceFactory {
  return thread === 'worker' ? (o) => new WorkerScanSource(o) : (o) => new ScanSession(o);
}

/** At most this long with a blank screen while the scan gets going. */
const FIRST_FRAME_WAIT_MS = 50;

/** Resolves once the scan is past looking up its target (its sweeps start at once then), or after `ms`. */
function scanUnderway(store: ScanStore, ms: number): Promise<void> {
  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let off = () => {};
    const done = () => {
      clearTimeout(timer);
      off();
      resolve();
    };
    if (store.getSnapshot().phase !== 'resolving') return done();
    timer = setTimeout(done, ms);
    off = store.subscribe(() => {
      if (store.getSnapshot().phase !== 'resolving') done();
    });
  });
}

const SIGNAL_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

type Outcome = { code: number } | { error: unknown };

export async function startTui(launch: TuiLaunch, deps: TuiDeps = {}): Promise<number> {
  const stdout = deps.stdout ?? process.stdout;
  const stdin = deps.stdin ?? process.stdin;
  const stderr = deps.stderr ?? process.stderr;
  const theme = detectTheme(deps.env ?? process.env);
  const preset = launch.title && PRESETS[launch.title] ? launch.title : null;
  const draft = draftFromOptions(launch.scan, preset);
  const handleProcess = deps.handleProcess ?? true;
  // Hold other writes to the terminal while the UI owns it (see stray-output.ts).
  const stray = deps.holdOutput ?? handleProcess ? new StrayOutput() : null;
  const raw = stray?.start([...new Set([stdout, stderr])]).get(stdout);
  const output = new TerminalOutput(stdout, raw);
  const controller = new TuiController({
    baseOptions: launch.scan,
    initial: initialUiState({ draft, view: launch.startView, entry: launch.interactive ? { kind: 'form', form: openForm(draft) } : null }),
    createSession: deps.createSession ?? defaultSessionFactory(deps.scanThread ?? (process.env.PORTQ_SCAN_THREAD === 'worker' ? 'worker' : 'inline')),
    scanStore: new ScanStore(),
    localStore: new LocalStore(deps.localSource === undefined ? localWatcherSource() : deps.localSource),
    theme,
    size: { columns: output.columns, rows: output.rows },
    exportDir: deps.exportDir ?? process.cwd(),
  });
  output.onResized(() => controller.setSize({ columns: stdout.columns || 80, rows: stdout.rows || 24 }));

  const screen = new TerminalScreen(stdout, raw);
  let settle!: (o: Outcome) => void;
  const outcome = new Promise<Outcome>((resolve) => (settle = resolve));
  const onSignal = (signal: NodeJS.Signals) => settle({ code: SIGNAL_CODES[signal] ?? 1 });
  const onFatal = (error: unknown) => settle({ error });
  const signals = Object.keys(SIGNAL_CODES) as NodeJS.Signals[];
  if (handleProcess) {
    for (const s of signals) process.on(s, onSignal);
    process.on('uncaughtException', onFatal);
    process.on('unhandledRejection', onFatal);
    process.on('exit', screen.restoreSync);
  }

  screen.enter();
  let instance: ReturnType<typeof render> | null = null;
  try {
    // The first frame takes ~100 ms on cold code. A big scan starts before it, or the frame would
    // hold up its sweep threads by as much; a small one after it, or its round trips (timed on
    // this thread) would include the frame.
    const scanFirst = !launch.interactive && bigEnoughToSweep(launch.scan.probes);
    if (scanFirst) {
      controller.startScan(launch.scan, launch.title ?? null);
      await scanUnderway(controller.scanStore, FIRST_FRAME_WAIT_MS);
    }
    instance = render(<App controller={controller} />, {
      stdout: output as unknown as NodeJS.WriteStream,
      stdin,
      stderr,
      exitOnCtrlC: false,
      // Ink's console patch writes between frames, which TerminalOutput would take for a frame;
      // console output is held by StrayOutput instead.
      patchConsole: false,
      // Data re-renders are throttled by the app (100 ms); this cap only delays key frames.
      maxFps: deps.maxFps ?? 120,
      incrementalRendering: false,
      onRender: ({ renderTime }) => {
        controller.frameClock.lastFrameAt = performance.now();
        controller.frameClock.lastFrameMs = renderTime;
        deps.onFrame?.(renderTime);
      },
    });
    if (!launch.interactive && !scanFirst) controller.startScan(launch.scan, launch.title ?? null);
    instance.waitUntilExit().then(
      () => settle({ code: controller.state.exitCode ?? 0 }),
      (error: unknown) => settle({ error }),
    );
    deps.onReady?.(controller);
  } catch (error) {
    settle({ error });
  }

  const result = await outcome;
  controller.dispose();
  try {
    instance?.unmount();
  } catch {
    // Already unmounted by its own exit.
  }
  instance?.cleanup();
  output.dispose();
  screen.restore();
  const held = stray?.stop() ?? '';
  if (held !== '') stderr.write(held.endsWith('\n') ? held : `${held}\n`);
  if (handleProcess) {
    for (const s of signals) process.off(s, onSignal);
    process.off('uncaughtException', onFatal);
    process.off('unhandledRejection', onFatal);
    process.off('exit', screen.restoreSync);
  }
  if ('code' in result) return result.code;
  const err = result.error;
  const message = err instanceof Error ? err.message : String(err);
  stderr.write(`portq: the terminal UI stopped: ${message}\n`);
  if (err instanceof PortqError) return err.exitCode;
  if ((deps.env ?? process.env).PORTQ_DEBUG && err instanceof Error && err.stack) stderr.write(`${err.stack}\n`);
  return 70;
}
