/**
 * Large TCP scans on worker threads. The main thread keeps the queue, the verdicts and the
 * protocol queries; the workers only connect and report. Used for state-only sweeps of many ports
 * (see ScanSession): open ports found here are probed again on the main thread when a protocol
 * query or banner read is due.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { SweepBatch, SweepJob } from './tcp-sweep-worker.js';

/** Below this many ports a sweep is not worth the threads' start-up (~30 ms each). */
export const SWEEP_MIN_PORTS = 4096;

export interface SweepHandle {
  done: Promise<void>;
  pause(paused: boolean): void;
  abort(): void;
}

function workerUrl(): URL {
  // Running the sources under tsx (the tests): workers cannot load .ts, so use the build
  // (npm test builds first).
  return import.meta.url.endsWith('.ts')
    ? new URL('../../dist/engine/tcp-sweep-worker.js', import.meta.url)
    : new URL('./tcp-sweep-worker.js', import.meta.url);
}

export function sweepTcp(
  job: Omit<SweepJob, 'kind'>,
  onBatch: (b: SweepBatch) => void,
): SweepHandle {
  const threads = Math.max(1, Math.min(availableParallelism(), 4, Math.ceil(job.ports.length / SWEEP_MIN_PORTS)));
  const url = workerUrl();
  const workers: Worker[] = [];
  const finished: Promise<void>[] = [];
  for (let t = 0; t < threads; t++) {
    // Interleave the ports so every thread sees the same mix of open and closed.
    const ports = job.ports.filter((_, i) => i % threads === t);
    const worker = new Worker(url, {
      workerData: { ...job, kind: 'tcp-sweep', ports, concurrency: Math.max(1, Math.floor(job.concurrency / threads)) } satisfies SweepJob,
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
