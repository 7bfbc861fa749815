/**
 * The loop both sweep workers run (tcp-sweep-worker.ts, udp-sweep-worker.ts): keep
 * `job.concurrency` tries in flight, retry per policy, enforce deadlines with one interval,
 * pause on the main thread's word, and report each port once into transferred batches. The
 * workers supply only how one try starts and how an abandoned one is closed.
 *
 * Retry policy: a loopback probe that met itself is tried again up to 3 times; silence is tried
 * again until `job.tries`; anything else is the port's outcome.
 */
import { setPriority } from 'node:os';
import type { MessagePort } from 'node:worker_threads';
import { BatchBuilder, postBatch, SWEEP_SELF_CONNECT, SWEEP_SILENT, type SweepJob } from './sweep-batch.js';

/** One port in flight. Slots are reused: a try writes its fields, nothing is allocated per port. */
export interface SweepSlot {
  port: number;
  started: number;
  tryNo: number;
  selfHits: number;
}

export interface SweepProbe<S extends SweepSlot> {
  newSlot(): S;
  /** Reset what the worker keeps per port (beyond the shared fields). */
  resetPort?(slot: S): void;
  /** Begin one try; its outcome comes back through SweepLoop.outcome, never from inside start. */
  start(slot: S): void;
  /** The deadline passed: close the try in flight. False when none is in flight. */
  abandon(slot: S): boolean;
  /** Take an outcome before the retry policy (TCP's loopback confirmation); true when taken. */
  intercept?(slot: S, status: number): boolean;
}

/** Niceness of the sweep threads (the main thread keeps 0). */
export const SWEEP_THREAD_NICENESS = 10;

/**
 * Run this thread below the main thread. The main thread turns the sweeps' outcomes into
 * verdicts and, in the terminal UI, draws the frames and answers keys; on a small machine the
 * sweep threads, always ready to run, took its CPU: frames took 25-35 ms instead of 12-15 and a
 * key waited 50 ms for its frame (npm run bench ui). Below it they use what it leaves, and scans
 * got faster too: the main thread no longer falls behind their batches. Linux only: there
 * setpriority(2) on "process 0" names the calling thread; elsewhere it would slow all of portq.
 */
function lowerThreadPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(0, SWEEP_THREAD_NICENESS);
  } catch {
    // Not allowed here: the sweep runs at the normal priority.
  }
}

export class SweepLoop<S extends SweepSlot> {
  private next = 0;
  private inFlight = 0;
  private paused = false;
  private finished = false;
  private readonly free: S[] = [];
  private readonly busy = new Set<S>();
  private readonly batch: BatchBuilder;
  private readonly deadlines: NodeJS.Timeout;

  constructor(
    private readonly job: SweepJob,
    parent: MessagePort,
    private readonly probe: SweepProbe<S>,
    deadlineTickMs: number,
  ) {
    lowerThreadPriority();
    this.batch = new BatchBuilder((b, final) => postBatch(parent, b, final));
    // The sockets in flight are few (the concurrency), so scanning them is cheap.
    this.deadlines = setInterval(() => this.checkDeadlines(), deadlineTickMs);
    parent.on('message', (m: { pause?: boolean }) => {
      this.paused = !!m.pause;
      if (!this.paused) this.launch();
    });
  }

  /** A try's outcome: SWEEP_OPEN, SWEEP_SILENT, SWEEP_SELF_CONNECT or a negative errno. */
  outcome(slot: S, status: number, rttMs: number): void {
    if (this.probe.intercept?.(slot, status)) return;
    if (status === SWEEP_SELF_CONNECT && slot.selfHits < 3) {
      slot.selfHits++;
      return this.probe.start(slot);
    }
    if (status === SWEEP_SILENT && slot.tryNo < this.job.tries) {
      slot.tryNo++;
      return this.probe.start(slot);
    }
    this.batch.record(slot.port, status, status === SWEEP_SILENT ? 0 : rttMs, slot.tryNo, performance.now());
    this.busy.delete(slot);
    this.free.push(slot);
    this.inFlight--;
    this.launch();
  }

  launch(): void {
    const job = this.job;
    while (!this.paused && this.inFlight < job.concurrency && this.next < job.ports.length) {
      this.inFlight++;
      const slot = this.free.pop() ?? this.probe.newSlot();
      slot.port = job.ports[this.next++]!;
      slot.tryNo = 1;
      slot.selfHits = 0;
      this.probe.resetPort?.(slot);
      this.busy.add(slot);
      this.probe.start(slot);
    }
    if (this.inFlight === 0 && this.next >= job.ports.length && !this.finished) {
      this.finished = true;
      clearInterval(this.deadlines);
      this.batch.flush(true);
    }
  }

  private checkDeadlines(): void {
    const now = performance.now();
    const expired: { slot: S; started: number }[] = [];
    for (const slot of this.busy) if (now - slot.started >= this.job.timeoutMs) expired.push({ slot, started: slot.started });
    if (expired.length === 0) return;
    // Timers run before this turn's I/O: an answer or ICMP error that came in time may be waiting
    // there, the more so as this thread runs below the main thread and can be kept off the CPU.
    // Silence is decided after it, for the tries it did not end (a slot may already carry
    // another try or port: `started` tells).
    setImmediate(() => {
      for (const { slot, started } of expired) {
        if (this.busy.has(slot) && slot.started === started && this.probe.abandon(slot)) this.outcome(slot, SWEEP_SILENT, 0);
      }
    });
  }
}
