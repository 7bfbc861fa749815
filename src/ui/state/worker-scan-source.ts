/**
 * A ScanSource whose ScanSession runs on a worker thread (scan-worker.ts), so the UI thread stays
 * responsive however busy the scan is. It mirrors the session's state from the batched events.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ScanOptions } from '../../engine/scan-options.js';
import { PortqError } from '../../engine/errors.js';
import type { ProbeKey, ResolvedTarget, ScanEvent, ScanProgress } from '../../engine/types.js';
import type { FromWorker, ScanWorkerData, ToWorker } from '../scan-worker.js';
import type { ScanSource } from './scan-source.js';

/**
 * The worker's file: compiled JavaScript beside this module's parent, or, when running from the
 * TypeScript sources (tests, benchmarks under tsx), the .ts file with tsx loaded in the thread too.
 */
function withoutLoaders(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if ((a === '--import' || a === '--loader' || a === '--experimental-loader') && /tsx/.test(args[i + 1] ?? '')) i++;
    else if (!/^--(import|loader|experimental-loader)=.*tsx/.test(a)) out.push(a);
  }
  return out;
}

function startWorker(workerData: ScanWorkerData): Worker {
  const js = new URL('../scan-worker.js', import.meta.url);
  // Compiled code needs no loader: a TypeScript loader the parent was started with (tsx) would
  // only slow the thread's start by seconds.
  if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData, execArgv: withoutLoaders(process.execArgv) });
  // Node 20 does not carry tsx's loader hooks into worker threads: load the source through tsx's API.
  const ts = new URL('../scan-worker.ts', import.meta.url).href;
  const code = `import('tsx/esm/api').then((api) => api.tsImport(${JSON.stringify(ts)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(code, { eval: true, workerData });
}

export class WorkerScanSource implements ScanSource {
  private readonly listeners = new Set<(e: ScanEvent) => void>();
  private worker: Worker | null = null;
  private resolvedTarget: ResolvedTarget | null = null;
  private latestProgress: ScanProgress;
  /** The thread is gone (exited, or closed by the UI). */
  private closed = false;

  constructor(
    private readonly options: ScanOptions,
    private readonly batchMs = 50,
  ) {
    this.latestProgress = { done: 0, total: options.probes.length, ratePerSec: 0, etaMs: null, inFlight: 0 };
  }

  get target(): ResolvedTarget | null {
    return this.resolvedTarget;
  }
  get progress(): ScanProgress {
    return this.latestProgress;
  }

  subscribe(listener: (e: ScanEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  run(): Promise<void> {
    const { services, ...rest } = this.options;
    const data: ScanWorkerData = { options: rest, services: { entries: [...services.entries], source: services.source }, batchMs: this.batchMs };
    return new Promise<void>((resolve, reject) => {
      const worker = startWorker(data);
      this.worker = worker;
      // The UI decides when the process ends, not a worker still closing sockets.
      worker.unref();
      worker.on('message', (m: FromWorker) => {
        switch (m.type) {
          case 'events':
            for (const e of m.events) this.apply(e);
            return;
          case 'run-done':
            // The thread stays for re-queries until close().
            resolve();
            return;
          case 'run-failed':
            reject(m.exitCode === null ? Object.assign(new Error(m.message), { name: m.name }) : new PortqError(m.message, m.exitCode));
            return;
        }
      });
      worker.on('error', (err) => {
        this.closed = true;
        reject(err);
      });
      worker.on('exit', (code) => {
        const unexpected = !this.closed;
        this.closed = true;
        // After run-done this rejection is ignored (the promise has settled).
        if (unexpected) reject(new Error(`the scan thread stopped (exit code ${code})`));
      });
    });
  }

  requery(keys: ProbeKey[]): void {
    this.send({ type: 'requery', keys });
  }
  pause(): void {
    this.send({ type: 'pause' });
  }
  resume(): void {
    this.send({ type: 'resume' });
  }
  abort(): void {
    this.send({ type: 'abort' });
  }

  private send(m: ToWorker): void {
    if (!this.closed) this.worker?.postMessage(m);
  }

  /** Stop the thread (the UI is closing or a new scan replaces this one). */
  close(): void {
    this.closed = true;
    void this.worker?.terminate();
    this.worker = null;
  }

  private apply(e: ScanEvent): void {
    if (e.type === 'resolved') this.resolvedTarget = e.target;
    else if (e.type === 'progress') this.latestProgress = e.progress;
    for (const l of [...this.listeners]) l(e);
  }
}
