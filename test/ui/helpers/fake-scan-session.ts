/**
 * A scripted scan with the ScanSession interface, for UI tests and the UI benchmark. Verdicts come
 * from `verdict(key)`; `auto` emits them in batches on the event loop (like a real scan), otherwise
 * the test calls `emitResult` and `finish` itself.
 */
import type { ScanOptions } from '../../../src/engine/scan-options.js';
import {
  probeId,
  type PortState,
  type ProbeKey,
  type ProbeResult,
  type Reason,
  type ResolvedTarget,
  type ScanEvent,
  type ScanProgress,
} from '../../../src/engine/types.js';
import type { ScanSource, ScanSourceFactory } from '../../../src/ui/state/scan-source.js';

export interface FakeScript {
  /** Verdict per probe (default NOT LISTENING by reset). */
  verdict?: (key: ProbeKey, attempt: number) => Partial<ProbeResult> & { state: PortState };
  /** Emit every result automatically after run(), `batch` per macrotask. */
  auto?: { batch: number } | false;
  /** run() rejects with this (a name that does not resolve). */
  failWith?: Error;
  target?: Partial<ResolvedTarget>;
}

const REASONS: Record<PortState, Reason> = {
  LISTENING: 'connected',
  'NOT LISTENING': 'reset',
  FILTERED: 'no-response',
  'LISTENING OR FILTERED': 'no-response',
};

export class FakeScanSession implements ScanSource {
  readonly calls = { run: 0, requery: [] as ProbeKey[][], pause: 0, resume: 0, abort: 0 };
  private readonly listeners = new Set<(e: ScanEvent) => void>();
  private readonly map = new Map<string, ProbeResult>();
  private readonly attempts = new Map<string, number>();
  private seq = 0;
  private done = 0;
  private paused = false;
  private aborted = false;
  private finished = false;
  private resolveRun: (() => void) | null = null;
  private resolvedTarget: ResolvedTarget | null = null;
  private resumeWaiter: (() => void) | null = null;

  constructor(
    readonly options: ScanOptions,
    private readonly script: FakeScript = {},
  ) {}

  static factory(script: FakeScript = {}): ScanSourceFactory & { sessions: FakeScanSession[] } {
    const sessions: FakeScanSession[] = [];
    const f = ((options: ScanOptions) => {
      const s = new FakeScanSession(options, script);
      sessions.push(s);
      return s;
    }) as ScanSourceFactory & { sessions: FakeScanSession[] };
    f.sessions = sessions;
    return f;
  }

  get target(): ResolvedTarget | null {
    return this.resolvedTarget;
  }
  get results(): ReadonlyMap<string, ProbeResult> {
    return this.map;
  }
  get progress(): ScanProgress {
    return { done: this.done, total: this.options.probes.length, ratePerSec: 1000, etaMs: 0, inFlight: 0 };
  }

  subscribe(listener: (e: ScanEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: ScanEvent): void {
    for (const l of [...this.listeners]) l(e);
  }

  async run(): Promise<void> {
    this.calls.run++;
    if (this.script.failWith) throw this.script.failWith;
    this.resolvedTarget = {
      target: this.options.host,
      address: this.options.host,
      family: 4,
      allAddresses: [],
      wasName: false,
      reverseName: 'localhost',
      reverseLookup: 'resolved',
      ...this.script.target,
    };
    this.emit({ type: 'resolved', target: this.resolvedTarget });
    this.emit({ type: 'started', total: this.options.probes.length, concurrency: 64 });
    const finished = new Promise<void>((resolve) => (this.resolveRun = resolve));
    if (this.script.auto) void this.pumpAll(this.script.auto.batch);
    return finished;
  }

  /** Build and emit the result for `key` (what a probe finishing looks like). */
  emitResult(key: ProbeKey, override: Partial<ProbeResult> = {}): ProbeResult {
    const id = probeId(key);
    const attempt = (this.attempts.get(id) ?? 0) + 1;
    this.attempts.set(id, attempt);
    const v = { ...(this.script.verdict?.(key, attempt) ?? { state: 'NOT LISTENING' as PortState }), ...override };
    const state = v.state ?? 'NOT LISTENING';
    const result: ProbeResult = {
      protocol: key.protocol,
      port: key.port,
      target: this.options.host,
      address: this.options.host,
      service: this.options.services.nameOf(key.port, key.protocol),
      reason: REASONS[state],
      reasonText: `fake ${REASONS[state]}`,
      rttMs: state === 'FILTERED' ? null : 0.2,
      tries: 1,
      finishedAt: Date.now(),
      ...v,
      state,
      seq: ++this.seq,
    };
    if (!this.map.has(id)) this.done++;
    this.map.set(id, result);
    this.emit({ type: 'result', result });
    return result;
  }

  finish(aborted = false): void {
    if (this.finished) return;
    this.finished = true;
    this.emit({ type: 'done', aborted, elapsedMs: 1234 });
    this.resolveRun?.();
  }

  requery(keys: ProbeKey[]): void {
    this.calls.requery.push(keys);
    if (this.script.auto) setImmediate(() => keys.forEach((k) => this.emitResult(k)));
  }

  pause(): void {
    this.calls.pause++;
    if (this.paused) return;
    this.paused = true;
    this.emit({ type: 'paused' });
  }

  resume(): void {
    this.calls.resume++;
    if (!this.paused) return;
    this.paused = false;
    this.emit({ type: 'resumed' });
    this.resumeWaiter?.();
  }

  abort(): void {
    this.calls.abort++;
    this.aborted = true;
    this.resumeWaiter?.();
    this.finish(true);
  }

  private async pumpAll(batch: number): Promise<void> {
    const probes = this.options.probes;
    for (let i = 0; i < probes.length && !this.aborted; i += batch) {
      while (this.paused && !this.aborted) await new Promise<void>((r) => (this.resumeWaiter = r));
      for (let j = i; j < Math.min(i + batch, probes.length) && !this.aborted; j++) this.emitResult(probes[j]!);
      this.emit({ type: 'progress', progress: this.progress });
      await new Promise((r) => setImmediate(r));
    }
    if (!this.aborted) this.finish(false);
  }
}
