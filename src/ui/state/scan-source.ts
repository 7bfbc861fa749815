/**
 * What the UI needs from a scan: the engine's ScanSession satisfies this structurally, and tests
 * and the benchmark drive the UI with a fake that does too.
 */
import type { ScanOptions } from '../../engine/scan-options.js';
import type { ProbeKey, ResolvedTarget, ScanEvent, ScanProgress } from '../../engine/types.js';

export interface ScanSource {
  subscribe(listener: (event: ScanEvent) => void): () => void;
  /** Resolve the target, probe everything, emit 'done'. Rejects when the target does not resolve. */
  run(): Promise<void>;
  /** Probe these again (during or after the run): new 'result' events with higher `seq`. */
  requery(keys: ProbeKey[]): void;
  pause(): void;
  resume(): void;
  abort(): void;
  /** Release what the scan holds (a worker thread); called when the UI lets go of it. */
  close?(): void;
  readonly target: ResolvedTarget | null;
  readonly progress: ScanProgress;
}

export type ScanSourceFactory = (options: ScanOptions) => ScanSource;
