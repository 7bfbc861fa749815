/**
 * The scan's results as the UI keeps them: one column (a typed array) per field, indexed by row
 * id, instead of one object per port. A 65,535-port scan kept as ProbeResult objects in maps costs
 * ~400 bytes a port (the object, its numbers and reason text, id strings, map and sort entries);
 * here a port costs ~50 bytes, and the strings every port repeats ("TCP reset (RST) from
 * 127.0.0.1", the target, the service names) are stored once.
 *
 * Row ids are small integers: the probe's place in the scan's probe list, so the id is also the
 * scan order; ports the scan adds on its own (RPC endpoints it discovered) get the next ids.
 * Results that carry a protocol answer keep their whole object (there are few of them); the rest
 * are rebuilt on demand, which the table does only for the ~20 rows it shows.
 */
import type { PortState, ProbeKey, ProbeResult, Reason, Transport } from '../../engine/types.js';

const STATES: readonly PortState[] = ['LISTENING', 'NOT LISTENING', 'FILTERED', 'LISTENING OR FILTERED'];
const STATE_CODE = new Map(STATES.map((s, i) => [s, i + 1]));
const REASONS: readonly Reason[] = [
  'connected',
  'replied',
  'protocol-reply',
  'reset',
  'port-unreachable',
  'admin-prohibited',
  'host-unreachable',
  'net-unreachable',
  'protocol-unreachable',
  'no-response',
  'error',
];
const REASON_CODE = new Map(REASONS.map((r, i) => [r, i]));
const NO_STRING = 0;
/** Rebuilt rows kept for the next frame (the table shows a few dozen; Detail one). */
const REBUILT_CACHE = 512;

/** Strings stored once each, referred to by number (0 is null). */
class StringPool {
  private readonly codes = new Map<string, number>();
  private readonly strings: (string | null)[] = [null];

  code(s: string | null): number {
    if (s === null) return NO_STRING;
    let c = this.codes.get(s);
    if (c === undefined) {
      c = this.strings.length;
      this.strings.push(s);
      this.codes.set(s, c);
    }
    return c;
  }

  string(code: number): string | null {
    return this.strings[code] ?? null;
  }
}

function grow<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(a: T, size: number): T {
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  return next;
}

export class ResultColumns {
  private capacity = 0;
  /** Ids handed out so far. */
  private count = 0;
  /** protocol/port -> id + 1 (0: no id yet); port * 2 + (udp ? 1 : 0). */
  private readonly idOfKey = new Int32Array(65536 * 2);
  private ports = new Uint16Array(0);
  private udp = new Uint8Array(0);
  /** 0: no result yet, else 1 + index in STATES. */
  private states = new Uint8Array(0);
  private reasons = new Uint8Array(0);
  private tries = new Uint16Array(0);
  /** NaN: no round trip. */
  private rtts = new Float64Array(0);
  private seqs = new Float64Array(0);
  private finishedAts = new Float64Array(0);
  private reasonTexts = new Uint32Array(0);
  private services = new Uint32Array(0);
  private targets = new Uint32Array(0);
  private addresses = new Uint32Array(0);
  private readonly pool = new StringPool();
  /** Results with a protocol answer, kept whole. */
  private readonly whole = new Map<number, ProbeResult>();
  private readonly rebuilt = new Map<number, ProbeResult>();

  constructor(probes: readonly ProbeKey[] = []) {
    this.growTo(Math.max(16, probes.length));
    for (const k of probes) this.idOf(k);
  }

  /** The row id of a probe, handing out the next one for a probe not seen before. */
  idOf(key: ProbeKey): number {
    const slot = key.port * 2 + (key.protocol === 'udp' ? 1 : 0);
    const known = this.idOfKey[slot]!;
    if (known !== 0) return known - 1;
    if (this.count === this.capacity) this.growTo(this.capacity * 2);
    const id = this.count++;
    this.idOfKey[slot] = id + 1;
    this.ports[id] = key.port;
    this.udp[id] = key.protocol === 'udp' ? 1 : 0;
    return id;
  }

  keyOf(id: number): ProbeKey {
    return { protocol: this.protocolOf(id), port: this.ports[id]! };
  }

  protocolOf(id: number): Transport {
    return this.udp[id] ? 'udp' : 'tcp';
  }

  portOf(id: number): number {
    return this.ports[id]!;
  }

  has(id: number): boolean {
    return id < this.count && this.states[id] !== 0;
  }

  stateOf(id: number): PortState | undefined {
    const code = this.states[id];
    return code ? STATES[code - 1] : undefined;
  }

  /** Round trip in ms, null when nothing answered. */
  rttOf(id: number): number | null {
    const v = this.rtts[id]!;
    return Number.isNaN(v) ? null : v;
  }

  seqOf(id: number): number {
    return this.seqs[id]!;
  }

  serviceOf(id: number): string | null {
    return this.pool.string(this.services[id]!);
  }

  /** Store a result; returns its row id. */
  set(result: ProbeResult): number {
    const id = this.idOf(result);
    this.states[id] = STATE_CODE.get(result.state)!;
    this.reasons[id] = REASON_CODE.get(result.reason) ?? REASON_CODE.get('error')!;
    this.tries[id] = result.tries;
    this.rtts[id] = result.rttMs ?? Number.NaN;
    this.seqs[id] = result.seq;
    this.finishedAts[id] = result.finishedAt;
    this.reasonTexts[id] = this.pool.code(result.reasonText);
    this.services[id] = this.pool.code(result.service);
    this.targets[id] = this.pool.code(result.target);
    this.addresses[id] = this.pool.code(result.address);
    if (result.query !== undefined) this.whole.set(id, result);
    else this.whole.delete(id);
    this.rebuilt.delete(id);
    return id;
  }

  /** The result of a row as the engine gave it (rebuilt when it was stored as columns). */
  get(id: number): ProbeResult | undefined {
    if (!this.has(id)) return undefined;
    const whole = this.whole.get(id);
    if (whole) return whole;
    let r = this.rebuilt.get(id);
    if (r) return r;
    r = {
      protocol: this.protocolOf(id),
      port: this.ports[id]!,
      target: this.pool.string(this.targets[id]!) ?? '',
      address: this.pool.string(this.addresses[id]!) ?? '',
      service: this.serviceOf(id),
      state: this.stateOf(id)!,
      reason: REASONS[this.reasons[id]!]!,
      reasonText: this.pool.string(this.reasonTexts[id]!) ?? '',
      rttMs: this.rttOf(id),
      tries: this.tries[id]!,
      finishedAt: this.finishedAts[id]!,
      seq: this.seqs[id]!,
    };
    // The same object for the same row until it changes, so memoized views stay memoized.
    if (this.rebuilt.size >= REBUILT_CACHE) this.rebuilt.clear();
    this.rebuilt.set(id, r);
    return r;
  }

  private growTo(size: number): void {
    this.capacity = size;
    this.ports = grow(this.ports, size);
    this.udp = grow(this.udp, size);
    this.states = grow(this.states, size);
    this.reasons = grow(this.reasons, size);
    this.tries = grow(this.tries, size);
    this.rtts = grow(this.rtts, size);
    this.seqs = grow(this.seqs, size);
    this.finishedAts = grow(this.finishedAts, size);
    this.reasonTexts = grow(this.reasonTexts, size);
    this.services = grow(this.services, size);
    this.targets = grow(this.targets, size);
    this.addresses = grow(this.addresses, size);
  }
}
