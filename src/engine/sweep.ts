/**
 * Large scans on worker threads. The main thread keeps the queue, the verdicts and the protocol
 * queries; the workers only connect (TCP) or send an empty datagram (UDP) and report each port's
 * outcome (see ScanSession.startSweeps). Ports that answer are probed again on the main thread
 * when a protocol query, a banner read or the reply's bytes are due.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { SweepBatch, SweepJob } from './sweep-batch.js';

/** Below this many ports a sweep is not worth the threads' start-up (~30 ms each). */
export const SWEEP_MIN_PORTS = 4096;

/**
 * Whether a scan of these probes is big enough to be swept on threads (at most: with protocol
 * queries on, UDP ports with a module stay on the main thread). For callers that plan around it.
 */
export function bigEnoughToSweep(probes: readonly { protocol: 'tcp' | 'udp' }[]): boolean {
  let tcp = 0;
  let udp = 0;
  for (const k of probes) k.protocol === 'tcp' ? tcp++ : udp++;
  return tcp >= SWEEP_MIN_PORTS || udp >= SWEEP_MIN_PORTS;
}

export interface SweepHandle {
  done: Promise<void>;
  pause(paused: boolean): void;
  abort(): void;
}

function workerUrl(kind: SweepJob['kind']): URL {
  const file = kind === 'tcp-sweep' ? 'tcp-sweep-worker.js' : 'udp-sweep-worker.js';
  // Running the sources under tsx (the tests): workers cannot load .ts, so use the build
  // (npm test builds first).
  return import.meta.url.endsWith('.ts') ? new URL(`../../dist/engine/${file}`, import.meta.url) : new URL(`./${file}`, import.meta.url);
}

export function sweepPorts(job: SweepJob, onBatch: (b: SweepBatch) => void): SweepHandle {
  const threads = Math.max(1, Math.min(availableParallelism(), 4, Math.ceil(job.ports.length / SWEEP_MIN_PORTS)));
  const url = workerUrl(job.kind);
  const workers: Worker[] = [];
  const finished: Promise<void>[] = [];
  for (let t = 0; t < threads; t++) {
    // Interleave the ports so every thread sees the same mix of open and closed.
    const ports = job.ports.filter((_, i) => i % threads === t);
    const worker = new Worker(url, {
      workerData: { ...job, ports, concurrency: Math.max(1, Math.floor(job.concurrency / threads)) } satisfies SweepJob,
    });
    workers.push(worker);
    finished.push(
      new Promise<void>((resolve, reject) => {
        worker.on('message', (m: { batch: SweepBatch; final: boolean }) => {
          onBatch(m.batch);
          if (m.final) void worker.terminate().then(() => resolve());
        });
        worker.on('error', reject);
        worker.on('exit', () => resolve());
      }),
    );
  }
  return {
    done: Promise.all(finished).then(() => undefined),
    pause: (paused) => workers.forEach((w) => w.postMessage({ pause: paused })),
    abort: () => workers.forEach((w) => void w.terminate()),
  };
}
