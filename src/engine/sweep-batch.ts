/**
 * What sweep workers (tcp-sweep-worker.ts, udp-sweep-worker.ts) send the main thread: the outcome
 * of each port as typed arrays, 512 at a time or every 50 ms, transferred rather than copied.
 */
import { getSystemErrorMap } from 'node:util';

export interface SweepJob {
  /** Marks a sweep worker's data: the worker modules are also imported for their constants. */
  kind: 'tcp-sweep' | 'udp-sweep';
  address: string;
  family: 4 | 6;
  ports: number[];
  timeoutMs: number;
  tries: number;
  concurrency: number;
  loopback: boolean;
}

/** Outcome codes in SweepBatch.status: these, or a negative errno (getSystemErrorName). */
export const SWEEP_OPEN = 0; // TCP connected, UDP replied
export const SWEEP_SILENT = 1; // TCP connect timed out, UDP no answer
export const SWEEP_SELF_CONNECT = 2; // loopback: the socket met itself every time

export interface SweepBatch {
  count: number;
  ports: Uint16Array;
  status: Int32Array;
  rttMs: Float32Array;
  tries: Uint8Array;
}

const BATCH_SIZE = 512;
const FLUSH_EVERY_MS = 50;

export class BatchBuilder {
  private b = BatchBuilder.empty();
  private lastFlush = performance.now();

  constructor(private readonly send: (b: SweepBatch, final: boolean) => void) {}

  private static empty(): SweepBatch {
    return { count: 0, ports: new Uint16Array(BATCH_SIZE), status: new Int32Array(BATCH_SIZE), rttMs: new Float32Array(BATCH_SIZE), tries: new Uint8Array(BATCH_SIZE) };
  }

  record(port: number, status: number, rttMs: number, tries: number, now: number): void {
    const b = this.b;
    const i = b.count++;
    b.ports[i] = port;
    b.status[i] = status;
    b.rttMs[i] = rttMs;
    b.tries[i] = tries;
    if (b.count === BATCH_SIZE || now - this.lastFlush > FLUSH_EVERY_MS) this.flush(false, now);
  }

  flush(final: boolean, now = performance.now()): void {
    if (this.b.count > 0 || final) this.send(this.b, final);
    this.b = BatchBuilder.empty();
    this.lastFlush = now;
  }
}

let errnoByName: Map<string, number> | null = null;
/** 'ECONNREFUSED' back to libuv's number, for the portable (net/dgram) fallbacks. */
export function errnoOf(code: string): number {
  errnoByName ??= new Map([...getSystemErrorMap()].map(([n, [name]]) => [name, n]));
  return errnoByName.get(code) ?? errnoByName.get('EIO')!;
}

/** Post a batch to the main thread, handing over its buffers. */
export function postBatch(port: { postMessage(m: unknown, transfer: ArrayBuffer[]): void }, b: SweepBatch, final: boolean): void {
  port.postMessage({ batch: b, final }, [b.ports.buffer, b.status.buffer, b.rttMs.buffer, b.tries.buffer] as ArrayBuffer[]);
}
