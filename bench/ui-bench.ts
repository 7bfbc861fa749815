/**
 * Terminal UI benchmark: a full 65,535-port loopback TCP scan shown in the UI (rendering to an
 * in-memory TTY) against the same scan with no UI (a bare ScanSession), each in its own process.
 * While the UI scan runs, a key is pressed every 100 ms and the time until the frame showing its
 * effect is written is recorded (measured from when the key was due, so event-loop lag counts).
 *
 * Targets (issue 6): UI wall time at most 1.25x headless; key-to-frame p95 <= 50 ms; the UI
 * process's peak RSS <= 150 MB.
 *
 *   node --import tsx bench/ui-bench.ts          prints the rows
 *   benchUi()                                    what `npm run bench` calls
 *
 * PORTQ_BENCH_RUNS=N repeats each side N times (default 2, alternating) and keeps the fastest.
 */
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PORTS = Number(process.env.PORTQ_BENCH_PORTS ?? 65535);

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

interface ChildReport {
  mode: 'headless' | 'ui';
  /** Event-loop delay of the UI thread during the scan. */
  lagP50Ms?: number;
  lagP95Ms?: number;
  lagMaxMs?: number;
  wallMs: number;
  results: number;
  maxRssMb: number;
  latenciesMs?: number[];
  frames?: number;
  bytes?: number;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

// Both sides run the compiled code (`npm run bench` builds first), as `portq` does: under tsx the
// scan thread would compile the engine again before it could start.
const DIST = new URL('../dist/', import.meta.url);
type Dist<T> = Promise<T>;
const fromDist = <T>(path: string): Dist<T> => import(new URL(path, DIST).href) as Dist<T>;

async function options() {
  const { defaultScanOptions } = await fromDist<typeof import('../src/engine/scan-options.js')>('engine/scan-options.js');
  const { loadServices } = await fromDist<typeof import('../src/engine/services.js')>('engine/services.js');
  const probes = Array.from({ length: PORTS }, (_, i) => ({ protocol: 'tcp' as const, port: i + 1 }));
  return defaultScanOptions('127.0.0.1', probes, loadServices());
}

async function childHeadless(): Promise<ChildReport> {
  const { ScanSession } = await fromDist<typeof import('../src/engine/scan-session.js')>('engine/scan-session.js');
  const session = new ScanSession(await options());
  let results = 0;
  session.subscribe((e) => {
    if (e.type === 'result') results++;
  });
  const t0 = performance.now();
  await session.run();
  const wallMs = performance.now() - t0;
  return { mode: 'headless', wallMs, results, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function childUi(): Promise<ChildReport> {
  const { runTui } = await fromDist<typeof import('../src/ui/run-tui.js')>('ui/run-tui.js');
  // Load the UI's modules (Ink, React, the scan thread's code) before the clock starts: loading
  // is a fixed cost of starting portq, not of showing a scan.
  process.env.NODE_ENV ??= 'production';
  await fromDist('ui/tui-main.js');
  const { FakeTtyIn, FakeTtyOut } = await import('../test/ui/helpers/fake-terminal.js');
  const out = new FakeTtyOut(120, 40);
  const err = new FakeTtyOut(120, 40);
  const inp = new FakeTtyIn();
  const scan = await options();
  const latencies: number[] = [];
  // The first table row is screen line 3 (two header lines, the column titles); j moves the
  // selection marker to line 4, k back.
  let pending: { due: number; line: number } | null = null;
  let selectedLine = 3;
  out.onWrite = () => {
    if (pending && process.env.PORTQ_BENCH_DEBUG) process.stderr.write(`write +${(performance.now() - pending.due).toFixed(1)} marker ${out.screen.charAt(pending.line, 0)}\n`);
    if (pending && out.screen.charAt(pending.line, 0) === '›') {
      latencies.push(performance.now() - pending.due);
      selectedLine = pending.line;
      pending = null;
    }
  };
  const lag = monitorEventLoopDelay({ resolution: 5 });
  let wallMs = 0;
  let results = 0;
  let timer: NodeJS.Timeout | null = null;
  let presses = 0;
  const t0 = performance.now();
  lag.enable();
  const exit = runTui(
    { scan, startView: 'scan', interactive: false },
    {
      stdout: out as unknown as NodeJS.WriteStream,
      stderr: err as unknown as NodeJS.WriteStream,
      stdin: inp as unknown as NodeJS.ReadStream,
      localSource: null,
      handleProcess: false,
      onReady: (controller) => {
        if (process.env.PORTQ_BENCH_DEBUG) {
          const orig = controller.onKey.bind(controller);
          controller.onKey = (i, k) => {
            if (pending) process.stderr.write(`key ${i} +${(performance.now() - pending.due).toFixed(1)}\n`);
            orig(i, k);
            if (pending) process.stderr.write(`handled +${(performance.now() - pending.due).toFixed(1)}\n`);
          };
        }
        const store = controller.scanStore;
        const off = store.subscribe(() => {
          const snap = store.getSnapshot();
          if (snap.phase === 'done' || snap.phase === 'failed') {
            off();
            wallMs = performance.now() - t0;
            lag.disable();
            results = snap.rowIds.length;
            if (process.env.PORTQ_BENCH_DEBUG) process.stderr.write(`${out.screen.text()}\nerror ${snap.error}\npresses ${presses} pending ${JSON.stringify(pending)}\n`);
            if (timer) clearTimeout(timer);
            setImmediate(() => inp.press('q'));
          }
        });
        const schedule = () => {
          const due = performance.now() + 100;
          timer = setTimeout(() => {
            // Press only once rows are on screen and the previous key has shown.
            if (!pending && out.screen.charAt(selectedLine, 0) === '›') {
              const down = selectedLine === 3;
              pending = { due, line: down ? 4 : 3 };
              if (process.env.PORTQ_BENCH_DEBUG) process.stderr.write(`press +${(performance.now() - due).toFixed(1)}\n`);
              inp.press(down ? 'j' : 'k');
              presses++;
            }
            schedule();
          }, 100);
        };
        schedule();
      },
    },
  );
  const code = await exit;
  if (code !== 0) throw new Error(`UI exited ${code}: ${err.screen.text()}`);
  return { mode: 'ui', lagP50Ms: lag.percentile(50) / 1e6, lagP95Ms: lag.percentile(95) / 1e6, lagMaxMs: lag.max / 1e6, wallMs, results, maxRssMb: process.resourceUsage().maxRSS / 1024, latenciesMs: latencies, frames: out.writes, bytes: out.bytes };
}

async function inChild(mode: 'headless' | 'ui'): Promise<ChildReport> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), `--child=${mode}`], {
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, CI: '' },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildReport;
}

export async function benchUi(): Promise<BenchRow[]> {
  const runs = Math.max(1, Number(process.env.PORTQ_BENCH_RUNS ?? 2));
  const headless: ChildReport[] = [];
  const ui: ChildReport[] = [];
  const load = loadavg()[0]!;
  for (let i = 0; i < runs; i++) {
    headless.push(await inChild('headless'));
    ui.push(await inChild('ui'));
  }
  const best = (xs: ChildReport[]) => xs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a));
  const h = best(headless);
  const u = best(ui);
  const latencies = ui.flatMap((r) => r.latenciesMs ?? []);
  for (const r of [...headless, ...ui]) if (r.results !== PORTS) throw new Error(`${r.mode} run saw ${r.results} results, not ${PORTS}`);
  return [
    { name: 'ui: 65535-port loopback scan, headless ScanSession', value: Math.round(h.wallMs), unit: 'ms' },
    { name: 'ui: 65535-port loopback scan in the terminal UI', value: Math.round(u.wallMs), unit: 'ms' },
    { name: 'ui: UI wall / headless wall', value: Number((u.wallMs / h.wallMs).toFixed(3)), unit: 'x', target: '<= 1.25' },
    { name: 'ui: key-to-frame latency p50 during the scan', value: Number(percentile(latencies, 50).toFixed(1)), unit: 'ms' },
    { name: 'ui: key-to-frame latency p95 during the scan', value: Number(percentile(latencies, 95).toFixed(1)), unit: 'ms', target: '<= 50' },
    { name: 'ui: key presses measured', value: latencies.length, unit: 'keys' },
    { name: 'ui: peak RSS of the UI process', value: Math.round(Math.max(...ui.map((r) => r.maxRssMb))), unit: 'MB', target: '<= 150' },
    { name: 'ui: peak RSS of the headless process', value: Math.round(Math.max(...headless.map((r) => r.maxRssMb))), unit: 'MB' },
    { name: 'ui: screen writes during the UI scan', value: u.frames ?? 0, unit: 'writes' },
    { name: 'ui: bytes written to the terminal', value: u.bytes ?? 0, unit: 'bytes' },
    { name: 'ui: load average (1 min) at start', value: Number(load.toFixed(2)), unit: '' },
  ];
}

const child = process.argv.find((a) => a.startsWith('--child='))?.slice('--child='.length);
if (child === 'headless' || child === 'ui') {
  const report = child === 'ui' ? await childUi() : await childHeadless();
  process.stdout.write(`${JSON.stringify(report)}\n`);
  process.exit(0);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const row of await benchUi()) console.log(`${row.name.padEnd(56)} ${String(row.value).padStart(10)} ${row.unit}${row.target ? `  (target ${row.target})` : ''}`);
}
