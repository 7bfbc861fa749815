// One side of bench/ui-bench.ts, run as its own process on the compiled code, without a
// TypeScript loader (it would add ~35 MB to the peak RSS being measured).
//   node bench/ui-bench-child.mjs headless|ui [COLUMNSxROWS]
// Prints one JSON line.
import { EventEmitter } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';

// As bin/portq.js does: the young generation kept at its starting size.
setFlagsFromString('--semi-space-growth-factor=1');

const mode = process.argv[2];
const [columns, rows] = (process.argv[3] ?? '80x24').split('x').map(Number);
const PORTS = Number(process.env.PORTQ_BENCH_PORTS ?? 65535);
process.env.NODE_ENV ??= 'production';
const dist = new URL('../dist/', import.meta.url);
const load = (path) => import(new URL(path, dist).href);

const { defaultScanOptions } = await load('engine/scan-options.js');
const { loadServices } = await load('engine/services.js');
const probes = Array.from({ length: PORTS }, (_, i) => ({ protocol: 'tcp', port: i + 1 }));
const options = defaultScanOptions('127.0.0.1', probes, loadServices());

/** A TTY-like output that only counts, and finds the row the selection marker was drawn on. */
class CountingTty extends EventEmitter {
  isTTY = true;
  columns = columns;
  rows = rows;
  writes = 0;
  bytes = 0;
  onWrite = null;
  write(chunk, encoding, cb) {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    this.writes++;
    this.bytes += text.length;
    this.onWrite?.(text);
    const callback = typeof encoding === 'function' ? encoding : cb;
    if (typeof callback === 'function') process.nextTick(callback);
    return true;
  }
}

class KeyTty extends EventEmitter {
  isTTY = true;
  queue = [];
  setRawMode() { return this; }
  setEncoding() { return this; }
  resume() { return this; }
  pause() { return this; }
  ref() { return this; }
  unref() { return this; }
  read() { return this.queue.shift() ?? null; }
  press(data) { this.queue.push(data); this.emit('readable'); }
}

async function headless() {
  const { ScanSession } = await load('engine/scan-session.js');
  const session = new ScanSession(options);
  let results = 0;
  session.subscribe((e) => { if (e.type === 'result') results++; });
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const t0 = performance.now();
  await session.run();
  const wallMs = performance.now() - t0;
  lag.disable();
  // The engine's own event-loop delay: what a UI on the same thread waits at least.
  return { mode, wallMs, results, maxRssMb: process.resourceUsage().maxRSS / 1024, lagP50Ms: lag.percentile(50) / 1e6, lagP95Ms: lag.percentile(95) / 1e6 };
}

async function ui() {
  const { runTui } = await load('ui/run-tui.js');
  // Load the UI's modules before the clock starts: a fixed cost of starting portq, not of a scan.
  await load('ui/tui-main.js');
  const out = new CountingTty();
  const err = new CountingTty();
  const inp = new KeyTty();
  const latencies = [];
  /** When each measured key was due, ms after the UI started (the first second is JIT warm-up). */
  const latencyAt = [];
  const frameMs = [];
  // The first table row is screen row 4 at 80x24 and up (CUP is 1-based); j moves the marker to 5.
  const firstRow = 4;
  let selectedRow = null;
  let pending = null;
  // TerminalOutput writes each changed line as CSI row;1H text: the marker row shows in the stream.
  out.onWrite = (text) => {
    for (const m of text.matchAll(/\x1b\[(\d+);1H›/g)) {
      const row = Number(m[1]);
      selectedRow = row;
      if (pending && row === pending.row) {
        latencies.push(performance.now() - pending.due);
        latencyAt.push(pending.due - t0);
        pending = null;
      }
    }
  };
  const lag = monitorEventLoopDelay({ resolution: 5 });
  let wallMs = 0;
  let results = 0;
  let timer = null;
  const t0 = performance.now();
  lag.enable();
  const code = await runTui(
    { scan: options, startView: 'scan', interactive: false },
    {
      stdout: out,
      stderr: err,
      stdin: inp,
      localSource: null,
      handleProcess: false,
      scanThread: process.env.PORTQ_BENCH_THREAD ?? 'inline',
      onFrame: (ms) => frameMs.push(ms),
      onReady: (controller) => {
        const store = controller.scanStore;
        const off = store.subscribe(() => {
          const snap = store.getSnapshot();
          if (snap.phase === 'done' || snap.phase === 'failed') {
            off();
            wallMs = performance.now() - t0;
            lag.disable();
            results = snap.rowIds.length;
            clearTimeout(timer);
            setImmediate(() => inp.press('q'));
          }
        });
        // A key every 100 ms; latency counts from when it was due, so event-loop lag counts too.
        const schedule = () => {
          const due = performance.now() + 100;
          timer = setTimeout(() => {
            if (!pending && (selectedRow === firstRow || selectedRow === firstRow + 1)) {
              const down = selectedRow === firstRow;
              pending = { due, row: down ? firstRow + 1 : firstRow };
              inp.press(down ? 'j' : 'k');
            }
            schedule();
          }, 100);
        };
        schedule();
      },
    },
  );
  if (code !== 0) throw new Error(`UI exited ${code}`);
  return {
    mode,
    size: `${columns}x${rows}`,
    wallMs,
    results,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    latenciesMs: latencies,
    latencyAtMs: latencyAt,
    frameMs,
    lagP50Ms: lag.percentile(50) / 1e6,
    lagP95Ms: lag.percentile(95) / 1e6,
    writes: out.writes,
    bytes: out.bytes,
  };
}

const report = mode === 'ui' ? await ui() : await headless();
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exit(0);
