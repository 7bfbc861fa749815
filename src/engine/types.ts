/**
 * The engine's public vocabulary: what a probe is, what it finds, and the events a scan emits.
 * Every face (text, JSON lines, terminal UI) is built only on these types.
 */
import type { QueryAnswer } from '../protocols/types.js';

export type Transport = 'tcp' | 'udp';

/** PortQry's four verdicts, spelled as PortQry prints them (upper case). */
export type PortState = 'LISTENING' | 'NOT LISTENING' | 'FILTERED' | 'LISTENING OR FILTERED';

/**
 * Why a port got its state. Stable identifiers for scripts; `reasonText` gives the words.
 * - connected: TCP handshake completed
 * - replied: UDP datagram answered (no protocol known, or not a valid protocol reply)
 * - protocol-reply: the service answered its own protocol's query
 * - reset: TCP RST (closed port or firewall `reject with tcp reset`)
 * - port-unreachable: ICMP port unreachable (UDP)
 * - admin-prohibited: ICMP communication administratively prohibited (firewall reject)
 * - host-unreachable / net-unreachable / protocol-unreachable: other ICMP errors
 * - no-response: silence until the timeout, after every try
 */
export type Reason =
  | 'connected'
  | 'replied'
  | 'protocol-reply'
  | 'reset'
  | 'port-unreachable'
  | 'admin-prohibited'
  | 'host-unreachable'
  | 'net-unreachable'
  | 'protocol-unreachable'
  | 'no-response'
  | 'error';

/** One port of one transport: the unit the queue schedules and the UI shows as a row. */
export interface ProbeKey {
  protocol: Transport;
  port: number;
}

/** `tcp/135`: the key of a probe in maps, events and the UI. */
export function probeId(key: ProbeKey): string {
  return `${key.protocol}/${key.port}`;
}

export interface ProbeResult extends ProbeKey {
  /** What the user typed (-n). */
  target: string;
  /** The address actually probed. */
  address: string;
  /** Service name from the services database, or null (PortQry prints "unknown service"). */
  service: string | null;
  state: PortState;
  reason: Reason;
  /** One human sentence explaining the reason (e.g. "ICMP port unreachable from 10.0.0.2"). */
  reasonText: string;
  /** Round-trip time of the deciding exchange in milliseconds, null when nothing answered. */
  rttMs: number | null;
  /** Probes sent before the verdict (TCP connects or UDP datagrams). */
  tries: number;
  /** The protocol query's outcome when one ran (see src/protocols). */
  query?: QueryAnswer;
  /** Epoch milliseconds when the verdict was reached. */
  finishedAt: number;
  /** Monotonic per-session sequence number: a re-query produces a result with a higher one. */
  seq: number;
}

export interface ResolvedTarget {
  /** What the user typed. */
  target: string;
  /** The address the scan uses. */
  address: string;
  family: 4 | 6;
  /** Every address the name resolved to (first is used), empty for an IP literal. */
  allAddresses: string[];
  /** True when -n was a name that had to be resolved. */
  wasName: boolean;
  /** Reverse (PTR) name for an IP literal, null when not looked up or not found. */
  reverseName: string | null;
  reverseLookup: 'skipped' | 'resolved' | 'failed' | 'not-applicable';
}

export interface ScanProgress {
  done: number;
  total: number;
  /** Verdicts per second over the recent window. */
  ratePerSec: number;
  /** Estimated milliseconds to completion, null when unknown. */
  etaMs: number | null;
  inFlight: number;
}

/** ICMP rate limiting detected: the engine is slowing down to stay exact. */
export interface PacingInfo {
  active: boolean;
  /** Current gap between UDP probes to this host, in ms. */
  intervalMs: number;
  /** Ports still to re-probe at the paced rate. */
  pending: number;
  etaMs: number | null;
  message: string;
}

export type ScanEvent =
  | { type: 'resolved'; target: ResolvedTarget }
  | { type: 'started'; total: number; concurrency: number }
  | { type: 'probe-started'; key: ProbeKey }
  | { type: 'result'; result: ProbeResult }
  | { type: 'progress'; progress: ScanProgress }
  | { type: 'pacing'; pacing: PacingInfo }
  | { type: 'warning'; message: string }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'done'; aborted: boolean; elapsedMs: number };

export type ScanListener = (event: ScanEvent) => void;
