/**
 * Terminal UI benchmark: a full 65,535-port loopback TCP scan shown in the UI (rendering to an
 * in-memory TTY) against the same scan with no UI (a bare ScanSession), each side in its own
 * process running the compiled code (bench/ui-bench-child.mjs). While the UI scan runs, a key is
 * pressed every 100 ms and the time until the frame showing its effect is written is recorded,
 * counted from when the key was due, so event-loop lag counts too.
 *
 * Targets (issue 6): UI wall time at most 1.25x headless; key-to-frame p95 <= 50 ms; peak RSS of
 * the UI process <= 150 MB. Reported at 80x24 (the size the UI must be usable at) with the scan
 * on the UI thread (the default), plus 120x40 and the scan on a worker thread for comparison.
 *
 *   npm run build && node --import tsx bench/ui-bench.ts
 *   benchUi()        what `npm run bench` calls
 *
 * PORTQ_BENCH_RUNS=N (default 3) runs each case N times, interleaved, and reports medians.
 */
import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./ui-bench-child.mjs', import.meta.url));
const PORTS = Number(process.env.PORTQ_BENCH_PORTS ?? 65535);
const WARM_UP_MS = 1000;

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

interface ChildReport {
  mode: 'headless' | 'ui';
  wallMs: number;
  results: number;
  maxRssMb: number;
  latenciesMs?: number[];
  latencyAtMs?: number[];
  frameMs?: number[];
  lagP95Ms?: number;
  writes?: number;
  bytes?: number;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const median = (values: number[]) => percentile(values, 50);
const round = (n: number, digits = 0) => Number(n.toFixed(digits));

async function child(args: string[], env: Record<string, string> = {}): Promise<ChildReport> {
  const { stdout } = await run(process.execPath, [CHILD, ...args], {
    maxBuffer: 16 * 1024 * 1024,
    env: { ...notCi(process.env), ...env },
  });
  const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildReport;
  if (report.results !== PORTS) throw new Error(`${args.join(' ')}: ${report.results} results, not ${PORTS}`);
  return report;
}

/** Ink draws only the last frame when it thinks it runs in CI (is-in-ci): the benchmark must see them all. */
function notCi(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && k !== 'CONTINUOUS_INTEGRATION' && !k.startsWith('CI_')) out[k] = v;
  out.CI = '0';
  return out;
}

interface Case {
  label: string;
  args: string[];
  env?: Record<string, string>;
  runs: ChildReport[];
}

export async function benchUi(): Promise<BenchRow[]> {
  const runs = Math.max(1, Number(process.env.PORTQ_BENCH_RUNS ?? 3));
  const load = loadavg()[0]!;
  const headless: ChildReport[] = [];
  const cases: Case[] = [
    { label: '80x24', args: ['ui', '80x24'], runs: [] },
    { label: '120x40', args: ['ui', '120x40'], runs: [] },
    { label: '80x24, scan on a worker thread', args: ['ui', '80x24'], env: { PORTQ_BENCH_THREAD: 'worker' }, runs: [] },
  ];
  for (let i = 0; i < runs; i++) {
    headless.push(await child(['headless']));
    for (const c of cases) c.runs.push(await child(c.args, c.env));
  }
  const headlessWall = median(headless.map((r) => r.wallMs));
  const rows: BenchRow[] = [
    { name: `ui: ${PORTS}-port loopback scan, headless ScanSession (median of ${runs})`, value: Math.round(headlessWall), unit: 'ms' },
    { name: 'ui: headless peak RSS', value: Math.round(median(headless.map((r) => r.maxRssMb))), unit: 'MB' },
  ];
  cases.forEach((c, i) => {
    const main = i === 0;
    const wall = median(c.runs.map((r) => r.wallMs));
    const latencies = c.runs.flatMap((r) => r.latenciesMs ?? []);
    // Keys pressed in the UI's first second meet code V8 has not optimized yet.
    const warm = c.runs.flatMap((r) => (r.latenciesMs ?? []).filter((_, k) => (r.latencyAtMs?.[k] ?? 0) >= WARM_UP_MS));
    const frames = c.runs.flatMap((r) => r.frameMs ?? []);
    const t = (target: string) => (main ? { target } : {});
    rows.push(
      { name: `ui [${c.label}]: scan in the UI`, value: Math.round(wall), unit: 'ms' },
      { name: `ui [${c.label}]: UI wall / headless wall`, value: round(wall / headlessWall, 2), unit: 'x', ...t('<= 1.25') },
      { name: `ui [${c.label}]: key-to-frame p50`, value: round(percentile(latencies, 50), 1), unit: 'ms' },
      { name: `ui [${c.label}]: key-to-frame p95 (${latencies.length} keys)`, value: round(percentile(latencies, 95), 1), unit: 'ms', ...t('<= 50') },
      { name: `ui [${c.label}]: key-to-frame p95 after the first second (${warm.length} keys)`, value: round(percentile(warm, 95), 1), unit: 'ms' },
      { name: `ui [${c.label}]: Ink frame render p50`, value: round(percentile(frames, 50), 1), unit: 'ms' },
      { name: `ui [${c.label}]: peak RSS`, value: Math.round(median(c.runs.map((r) => r.maxRssMb))), unit: 'MB', ...t('<= 150') },
    );
  });
  rows.push({ name: 'ui: load average (1 min) at start, 2 cores shared', value: round(load, 2), unit: '' });
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const row of await benchUi()) console.log(`${row.name.padEnd(62)} ${String(row.value).padStart(9)} ${row.unit}${row.target ? `  (target ${row.target})` : ''}`);
}
