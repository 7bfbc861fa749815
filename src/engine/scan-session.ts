/**
 * The probe queue. A ScanSession resolves the target, runs probes with bounded concurrency, streams
 * a result for each port as soon as it is known, and can re-query any ports at any time (the
 * terminal UI's `r` and `R`). It prints nothing: faces subscribe to its events.
 *
 * UDP and ICMP rate limits: a Linux target answers about one closed UDP port a second
 * (FACTS.md). Silent UDP ports of a non-loopback target are therefore held back; if the target
 * sends ICMP at all, they are re-probed once after the limiter has refilled, and if that turns any
 * of them into NOT LISTENING, the rest are re-probed one at a time at the limiter's pace (with a
 * 'pacing' event and ETA) so that every verdict is exact.
 */
import { getSystemErrorName } from 'node:util';
import { moduleForService } from '../protocols/registry.js';
import type { ProtocolModule } from '../protocols/types.js';
import { autoConcurrency } from './concurrency.js';
import { checkSourcePort, probeTcp, probeUdp, type ProbeContext, type ProbeOutcome } from './probes.js';
import { classifyErrno, silenceVerdict, type Verdict } from './classify.js';
import { Gate } from './gate.js';
import { sweepPorts, SWEEP_MIN_PORTS, type SweepHandle } from './sweep.js';
import { SWEEP_OPEN, SWEEP_SELF_CONNECT, SWEEP_SILENT, type SweepBatch } from './sweep-batch.js';
import type { ScanOptions } from './scan-options.js';
import { isLoopback, resolveTarget } from './target.js';
import {
  probeId,
  type PacingInfo,
  type ProbeKey,
  type ProbeResult,
  type Transport,
  type ResolvedTarget,
  type ScanEvent,
  type ScanListener,
  type ScanProgress,
} from './types.js';

/** Linux's per-destination ICMP error rate (icmp_ratelimit 1000 ms; IPv6 100 ms) plus a margin. */
/** A number per (protocol, port) for the session's own sets: TCP 0-65535, UDP 65536 and up. */
function portIndex(key: ProbeKey): number {
  return key.protocol === 'udp' ? 65536 + key.port : key.port;
}

const PACED_GAP_MS = { 4: 1050, 6: 110 } as const;
const PROGRESS_EVERY_MS = 100;
/**
 * A loopback connect completes inside the syscall, so sockets in flight add no speed, only epoll
 * load and memory: 64-128 per sweep thread was fastest on a 2-core machine, 512 up to 25% slower.
 */
const LOOPBACK_SWEEP_CONCURRENCY = 256;
/** TCP connects outstanding at once on this thread against loopback (see ProbeContext.connectGate). */
const LOOPBACK_CONNECTS = 64;

export class ScanSession {
  private readonly listeners = new Set<ScanListener>();
  private readonly queue: ProbeKey[] = [];
  private queueHead = 0;
  /** Ports queued or in flight, by portIndex: numbers, not 'tcp/80' strings, 65535 of them. */
  private readonly queued = new Set<number>();
  private readonly resultMap = new Map<string, ProbeResult>();
  /** Ports with a result, by portIndex, when results are not kept but discovered ports are followed. */
  private readonly published = new Set<number>();
  /** Silent UDP ports waiting for the rate-limit check (non-loopback targets only). */
  private held: ProbeKey[] = [];
  private readonly controller = new AbortController();
  private inFlight = 0;
  private paused = false;
  private seq = 0;
  private done = 0;
  private total = 0;
  private startedAt = 0;
  private lastProgressAt = 0;
  private readonly rateSamples: { t: number; done: number }[] = [];
  private resolvedTarget: ResolvedTarget | null = null;
  private ctx: ProbeContext | null = null;
  private concurrency = 1;
  /** The target has sent at least one ICMP error (so silence may be rate limiting). */
  private icmpSeen = false;
  private drainWaiters: (() => void)[] = [];
  private resumeWaiters: (() => void)[] = [];
  private running: Promise<void> | null = null;
  /** Worker-thread sweeps in progress (TCP, UDP), and how many of their ports are still out. */
  private readonly sweeps = new Set<SweepHandle>();
  private sweepPending = 0;

  private fatal: unknown = null;

  constructor(readonly options: ScanOptions) {}

  get target(): ResolvedTarget | null {
    return this.resolvedTarget;
  }
  get results(): ReadonlyMap<string, ProbeResult> {
    return this.resultMap;
  }
  get progress(): ScanProgress {
    return this.snapshotProgress(performance.now());
  }
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  subscribe(listener: ScanListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: ScanEvent): void {
    for (const l of this.listeners) l(event);
  }

  /** Resolve, probe every port in options.probes, hold and pace UDP as needed, emit 'done'. */
  async run(): Promise<void> {
    const o = this.options;
    this.startedAt = performance.now();
    const target = await resolveTarget(o.host, { reverseLookup: o.reverseLookup, ...(o.family ? { family: o.family } : {}) });
    this.resolvedTarget = target;
    this.emit({ type: 'resolved', target });
    if (o.sourcePort) await checkSourcePort(o.sourcePort, target.family);
    this.concurrency = o.concurrency === 'auto' ? autoConcurrency() : Math.max(1, o.concurrency);
    this.ctx = {
      host: o.host,
      address: target.address,
      family: target.family,
      loopback: isLoopback(target.address),
      sourcePort: o.sourcePort,
      signal: this.controller.signal,
      cancels: new Set(),
      query: o.query,
      tcpQueryTimeoutMs: Math.max(3000, o.timeoutMs.tcp * 2),
      bannerWaitMs: o.bannerWaitMs,
      ...(isLoopback(target.address) ? { connectGate: new Gate(LOOPBACK_CONNECTS) } : {}),
    };
    this.emit({ type: 'started', total: o.probes.length, concurrency: this.concurrency });
    this.enqueue(o.probes, false, false); // settle() sweeps first, then pumps what is left
    await this.settle();
  }

  /** Probe these ports again (during or after a run). Results replace the old ones (higher seq). */
  requery(keys: ProbeKey[]): void {
    if (!this.ctx || this.controller.signal.aborted || keys.length === 0) return;
    const wasIdle = this.running === null;
    this.enqueue(keys, true, !wasIdle);
    if (wasIdle) void this.settle().catch((err) => this.emit({ type: 'warning', message: String(err) }));
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.sweeps.forEach((sw) => sw.pause(true));
    this.emit({ type: 'paused' });
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.sweeps.forEach((sw) => sw.pause(false));
    this.emit({ type: 'resumed' });
    const waiters = this.resumeWaiters.splice(0);
    waiters.forEach((w) => w());
    this.pump();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Stop everything: in-flight sockets close, nothing more is sent, 'done' says aborted. */
  abort(): void {
    if (this.controller.signal.aborted) return;
    this.controller.abort();
    for (const cancel of [...(this.ctx?.cancels ?? [])]) cancel();
    this.sweeps.forEach((sw) => sw.abort());
    this.queue.length = 0;
    this.queueHead = 0;
    this.queued.clear();
    this.held = [];
    this.resume();
    this.checkDrained();
  }

  /** Drain the queue, then the rate-limit check; one at a time however many requeries arrive. */
  private settle(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        do {
          this.startSweeps();
          this.pump();
          await this.drained();
          if (this.fatal) throw this.fatal;
          if (this.held.length && !this.controller.signal.aborted) await this.resolveHeld();
        } while (this.pending() > 0 && !this.controller.signal.aborted);
        this.emitProgress(true);
        this.emit({ type: 'done', aborted: this.controller.signal.aborted, elapsedMs: Math.round(performance.now() - this.startedAt) });
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private pending(): number {
    return this.queue.length - this.queueHead;
  }

  /**
   * `pumpNow` false when settle() follows at once: it hands big sets to the sweep threads before
   * pumping, or the main thread would first start `concurrency` probes of its own.
   */
  private enqueue(keys: ProbeKey[], front: boolean, pumpNow = true): void {
    const fresh: ProbeKey[] = front ? [] : this.queue;
    let added = 0;
    for (const k of keys) {
      const i = portIndex(k);
      if (this.queued.has(i)) continue;
      this.queued.add(i);
      fresh.push(k);
      added++;
    }
    this.total += added;
    if (front && added) {
      // In front of what is still waiting, without a spread (65535 arguments overflow the stack).
      const waiting = this.queue.splice(this.queueHead);
      for (const k of fresh) this.queue.push(k);
      for (const k of waiting) this.queue.push(k);
    }
    if (pumpNow) this.pump();
  }

  private pump(): void {
    if (!this.ctx) return;
    while (!this.paused && this.inFlight < this.concurrency && this.queueHead < this.queue.length && !this.controller.signal.aborted) {
      const key = this.queue[this.queueHead++]!;
      if (this.queueHead > 4096 && this.queueHead * 2 > this.queue.length) {
        this.queue.splice(0, this.queueHead);
        this.queueHead = 0;
      }
      this.inFlight++;
      this.emit({ type: 'probe-started', key });
      void this.probe(key, false).then(
        (result) => this.finish(key, result),
        (err) => {
          // Only SourcePortInUseError and bugs land here: stop the scan and report it.
          this.fatal ??= err;
          this.abort();
          this.finish(key, null);
        },
      );
    }
  }

  private finish(key: ProbeKey, result: ProbeResult | null): void {
    this.inFlight--;
    this.queued.delete(portIndex(key));
    if (result) {
      if (result.protocol === 'udp' && result.reason === 'no-response' && !this.ctx!.loopback) {
        this.held.push(key);
        this.parked.set(probeId(key), result);
      } else {
        this.publish(result);
      }
    }
    this.pump();
    this.checkDrained();
  }

  private readonly parked = new Map<string, ProbeResult>();

  private publish(result: ProbeResult): void {
    if (this.options.keepResults) this.resultMap.set(probeId(result), result);
    else if (this.options.followDiscovered) this.published.add(portIndex(result));
    this.done++;
    this.emit({ type: 'result', result });
    this.emitProgress(false);
    if (this.options.followDiscovered && result.query?.discovered?.length) {
      const fresh = result.query.discovered
        .map((d) => ({ protocol: d.protocol, port: d.port }))
        .filter((k) => !this.resultMap.has(probeId(k)) && !this.published.has(portIndex(k)) && !this.queued.has(portIndex(k)));
      if (fresh.length) this.enqueue(fresh, false);
    }
  }

  private isDrained(): boolean {
    const aborted = this.controller.signal.aborted;
    return this.inFlight === 0 && (this.sweepPending === 0 || aborted) && (this.pending() === 0 || aborted);
  }

  private checkDrained(): void {
    if (this.isDrained()) {
      const waiters = this.drainWaiters.splice(0);
      waiters.forEach((w) => w());
    }
  }

  private drained(): Promise<void> {
    if (this.isDrained()) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /**
   * Hand large sets of queued ports to worker threads (sweep.ts): every TCP port, and the UDP
   * ports that get an empty datagram (no protocol module). Their outcomes become verdicts here;
   * ports that answer and deserve a query, a banner read or their reply's bytes go back on the
   * queue. Not with -sp (one source port cannot be shared by many threads).
   */
  private startSweeps(): void {
    const o = this.options;
    if (this.sweeps.size || o.sourcePort || this.controller.signal.aborted) return;
    const sweepable = (k: ProbeKey) => k.protocol === 'tcp' || !o.query.enabled || !moduleForService(o.services.nameOf(k.port, 'udp'), 'udp');
    const ports = { tcp: [] as number[], udp: [] as number[] };
    const rest: ProbeKey[] = [];
    for (let i = this.queueHead; i < this.queue.length; i++) {
      const k = this.queue[i]!;
      if (sweepable(k)) ports[k.protocol].push(k.port);
      else rest.push(k);
    }
    const transports = (['tcp', 'udp'] as const).filter((t) => ports[t].length >= SWEEP_MIN_PORTS);
    if (transports.length === 0) return;
    for (const t of ['tcp', 'udp'] as const) {
      if (!transports.includes(t)) for (const port of ports[t]) rest.push({ protocol: t, port }); // too few to sweep
    }
    this.queue.length = 0;
    for (const k of rest) this.queue.push(k);
    this.queueHead = 0;
    const ctx = this.ctx!;
    for (const transport of transports) {
      this.sweepPending += ports[transport].length;
      const sweep = sweepPorts(
        {
          kind: transport === 'tcp' ? 'tcp-sweep' : 'udp-sweep',
          address: ctx.address,
          family: ctx.family,
          ports: ports[transport],
          timeoutMs: transport === 'tcp' ? o.timeoutMs.tcp : o.timeoutMs.udp * (o.query.slowLink ? 2 : 1),
          tries: o.tries[transport],
          concurrency: ctx.loopback ? Math.min(this.concurrency, LOOPBACK_SWEEP_CONCURRENCY) : this.concurrency,
          loopback: ctx.loopback,
        },
        (batch) => this.takeSweepBatch(transport, batch),
      );
      this.sweeps.add(sweep);
      if (this.paused) sweep.pause(true);
      sweep.done.then(
        () => {
          this.sweeps.delete(sweep);
          if (this.sweeps.size === 0) this.sweepPending = 0;
          this.checkDrained();
        },
        (err) => {
          this.fatal ??= err;
          this.sweeps.delete(sweep);
          this.abort();
        },
      );
    }
  }

  private takeSweepBatch(transport: Transport, b: SweepBatch): void {
    if (this.controller.signal.aborted) return;
    const ctx = this.ctx!;
    const o = this.options;
    const finishedAt = Date.now();
    for (let i = 0; i < b.count; i++) {
      const port = b.ports[i]!;
      const status = b.status[i]!;
      const key: ProbeKey = { protocol: transport, port };
      this.sweepPending--;
      this.queued.delete(portIndex(key));
      const service = o.services.nameOf(port, transport);
      const probeAgain =
        status === SWEEP_OPEN && (transport === 'udp' || (o.query.enabled && (o.bannerWaitMs > 0 || moduleForService(service, 'tcp') !== undefined)));
      if (probeAgain) {
        // It answered: probe it again here, where protocol modules run and replies are kept.
        this.total--; // enqueue counts it again
        this.enqueue([key], true);
        continue;
      }
      const verdict = this.sweepVerdict(transport, status, b.tries[i]!);
      if (transport === 'udp' && verdict.reason !== 'no-response') this.icmpSeen = true;
      const result: ProbeResult = {
        protocol: transport,
        port,
        target: o.host,
        address: ctx.address,
        service,
        state: verdict.state,
        reason: verdict.reason,
        reasonText: verdict.reasonText,
        rttMs: verdict.reason === 'no-response' ? null : Math.round(b.rttMs[i]! * 100) / 100,
        tries: b.tries[i]!,
        finishedAt,
        seq: ++this.seq,
      };
      if (transport === 'udp' && verdict.reason === 'no-response' && !ctx.loopback) {
        // Silent: maybe an ICMP rate limit, see resolveHeld.
        this.held.push(key);
        this.parked.set(probeId(key), result);
      } else {
        this.publish(result);
      }
    }
    this.checkDrained();
  }

  private sweepVerdict(transport: Transport, status: number, tries: number): Verdict {
    if (status === SWEEP_OPEN) return { state: 'LISTENING', reason: 'connected', reasonText: `TCP connection accepted by ${this.ctx!.address}` };
    // A UDP probe that met only itself (loopback) heard nothing from anyone else: silence.
    if (status === SWEEP_SILENT || (transport === 'udp' && status === SWEEP_SELF_CONNECT)) return silenceVerdict(transport, tries, 'an empty datagram');
    if (status === SWEEP_SELF_CONNECT) return { state: 'NOT LISTENING', reason: 'reset', reasonText: 'nothing listens (the probe could only connect to itself)' };
    const cache = this.verdictCache[transport];
    return cache.get(status) ?? this.cacheVerdict(transport, status);
  }

  /** Verdicts per errno: a sweep sees a handful of distinct ones, 65535 times. */
  private readonly verdictCache = { tcp: new Map<number, Verdict>(), udp: new Map<number, Verdict>() };
  private cacheVerdict(transport: Transport, errno: number): Verdict {
    const code = getSystemErrorName(errno);
    const v =
      classifyErrno(code, transport, this.ctx!.address) ??
      { state: 'FILTERED' as const, reason: 'error' as const, reasonText: transport === 'tcp' ? `connect failed: ${code}` : `cannot send: ${code}` };
    this.verdictCache[transport].set(errno, v);
    return v;
  }

  private async probe(key: ProbeKey, paced: boolean): Promise<ProbeResult | null> {
    const ctx = this.ctx!;
    const o = this.options;
    const service = o.services.nameOf(key.port, key.protocol);
    const entry = o.query.enabled ? moduleForService(service, key.protocol) : undefined;
    let module: ProtocolModule | undefined = entry ? await entry.load() : undefined;
    if (module && o.query.rangeMode && module.runInRange && !module.runInRange(o.query)) module = undefined;
    const slow = o.query.slowLink ? 2 : 1;
    const outcome: ProbeOutcome | null =
      key.protocol === 'tcp'
        ? await probeTcp(ctx, key.port, module, o.tries.tcp, o.timeoutMs.tcp)
        : await probeUdp(ctx, key.port, module, paced ? 1 : o.tries.udp, o.timeoutMs.udp * slow);
    if (!outcome) return null;
    if (key.protocol === 'udp' && outcome.reason !== 'no-response' && outcome.reason !== 'replied' && outcome.reason !== 'protocol-reply') {
      this.icmpSeen = true;
    }
    // Built field by field: rest/spread copies were a measurable cost at 65535 results.
    const result: ProbeResult = {
      protocol: key.protocol,
      port: key.port,
      target: o.host,
      address: ctx.address,
      service,
      state: outcome.state,
      reason: outcome.reason,
      reasonText: outcome.reasonText,
      rttMs: outcome.rttMs,
      tries: outcome.tries,
      finishedAt: Date.now(),
      seq: ++this.seq,
    };
    const query = outcome.query;
    if (query) result.query = query;
    return result;
  }

  /**
   * The rate-limit check for held (silent) UDP ports. Without ICMP from the target, silence is all
   * there is. Otherwise wait for the limiter to refill, re-probe the held ports in one burst: if
   * none turns NOT LISTENING, silence was real; if some do, the rest are paced.
   */
  private async resolveHeld(): Promise<void> {
    const ctx = this.ctx!;
    let keys = this.held;
    this.held = [];
    if (this.icmpSeen) {
      const gap = PACED_GAP_MS[ctx.family];
      await this.sleep(gap);
      const flipped = await this.reprobe(keys, Math.min(this.concurrency, 256));
      keys = keys.filter((k) => this.parked.has(probeId(k)));
      if (flipped > 0 && keys.length) {
        const started = performance.now();
        for (let i = 0; i < keys.length && !this.controller.signal.aborted; i++) {
          const left = keys.length - i;
          this.emitPacing({
            active: true,
            intervalMs: gap,
            pending: left,
            etaMs: left * gap,
            message: `ICMP rate limiting detected at ${ctx.address}: re-probing ${left} silent UDP port(s), one every ${gap} ms`,
          });
          const t0 = performance.now();
          await this.reprobe([keys[i]!], 1);
          await this.sleep(gap - (performance.now() - t0));
        }
        this.emitPacing({ active: false, intervalMs: gap, pending: 0, etaMs: 0, message: `pacing finished after ${Math.round((performance.now() - started) / 1000)} s` });
      }
    }
    // Whatever is still parked was silent every time: publish it as it was found.
    for (const k of keys) {
      const parked = this.parked.get(probeId(k));
      if (parked) {
        this.parked.delete(probeId(k));
        this.publish(parked);
      }
    }
  }

  /** Re-probe parked UDP ports; publish those that now answer. Returns how many changed. */
  private async reprobe(keys: ProbeKey[], parallel: number): Promise<number> {
    let changed = 0;
    let next = 0;
    const worker = async () => {
      while (next < keys.length && !this.controller.signal.aborted) {
        await this.whileUnpaused();
        const key = keys[next++]!;
        const id = probeId(key);
        const old = this.parked.get(id);
        const fresh = await this.probe(key, true);
        if (!fresh || !old) continue;
        if (fresh.reason !== 'no-response') {
          changed++;
          this.parked.delete(id);
          this.publish({ ...fresh, tries: old.tries + 1 });
        } else {
          this.parked.set(id, { ...old, tries: old.tries + 1, reasonText: `${old.reasonText}; silent again when re-probed below the ICMP rate limit` });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallel, keys.length) }, worker));
    return changed;
  }

  private emitPacing(pacing: PacingInfo): void {
    this.emit({ type: 'pacing', pacing });
  }

  private whileUnpaused(): Promise<void> {
    if (!this.paused) return Promise.resolve();
    return new Promise((resolve) => this.resumeWaiters.push(resolve));
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.controller.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const onAbort = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.controller.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      this.controller.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private snapshotProgress(now: number): ScanProgress {
    const samples = this.rateSamples;
    const oldest = samples[0];
    const rate = oldest && now > oldest.t ? ((this.done - oldest.done) * 1000) / (now - oldest.t) : 0;
    const left = this.total - this.done;
    return {
      done: this.done,
      total: this.total,
      ratePerSec: Math.round(rate),
      etaMs: rate > 0 ? Math.round((left / rate) * 1000) : left === 0 ? 0 : null,
      inFlight: this.inFlight,
    };
  }

  private emitProgress(force: boolean): void {
    const now = performance.now();
    if (!force && now - this.lastProgressAt < PROGRESS_EVERY_MS && this.done !== this.total) return;
    this.lastProgressAt = now;
    this.rateSamples.push({ t: now, done: this.done });
    while (this.rateSamples.length > 1 && now - this.rateSamples[0]!.t > 2000) this.rateSamples.shift();
    this.emit({ type: 'progress', progress: this.snapshotProgress(now) });
  }
}
