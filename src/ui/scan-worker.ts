/**
 * The scan engine on its own thread while the UI runs. A 65,535-port scan keeps the event loop
 * that runs it busy (tens of ms per turn at high concurrency); on a thread of its own, key presses
 * and frames never wait behind socket callbacks. Events go to the UI thread in batches every
 * 50 ms: results coalesced by probe, progress and pacing as their latest value, phase changes at
 * once (after the results before them).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ScanSession } from '../engine/scan-session.js';
import { ServicesDb, type ServiceEntry } from '../engine/services.js';
import type { ScanOptions } from '../engine/scan-options.js';
import { probeId, type ProbeKey, type ProbeResult, type ScanEvent } from '../engine/types.js';

export interface ScanWorkerData {
  options: Omit<ScanOptions, 'services'>;
  services: { entries: ServiceEntry[]; source: string };
  batchMs: number;
}

export type ToWorker = { type: 'requery'; keys: ProbeKey[] } | { type: 'pause' } | { type: 'resume' } | { type: 'abort' };

export type FromWorker =
  | { type: 'events'; events: ScanEvent[] }
  | { type: 'run-failed'; message: string; name: string; exitCode: number | null }
  | { type: 'run-done' };

const port = parentPort;
if (port) {
  const data = workerData as ScanWorkerData;
  const options: ScanOptions = { ...data.options, services: new ServicesDb(data.services.entries, data.services.source) };
  const session = new ScanSession(options);
  let results = new Map<string, ProbeResult>();
  let latest: ScanEvent[] = [];
  let timer: NodeJS.Timeout | null = null;

  const flush = (extra: ScanEvent[] = []) => {
    if (timer) clearTimeout(timer);
    timer = null;
    const events: ScanEvent[] = [...[...results.values()].map((result): ScanEvent => ({ type: 'result', result })), ...latest, ...extra];
    results = new Map();
    latest = [];
    if (events.length > 0) port.postMessage({ type: 'events', events } satisfies FromWorker);
  };
  const later = () => {
    timer ??= setTimeout(() => flush(), data.batchMs);
  };

  session.subscribe((e) => {
    switch (e.type) {
      case 'probe-started':
        return;
      case 'result':
        results.set(probeId(e.result), e.result);
        later();
        return;
      case 'progress':
      case 'pacing':
        latest = [...latest.filter((x) => x.type !== e.type), e];
        later();
        return;
      case 'warning':
        latest.push(e);
        later();
        return;
      default:
        // resolved, started, paused, resumed, done: the UI shows these at once.
        flush([e]);
    }
  });

  port.on('message', (m: ToWorker) => {
    switch (m.type) {
      case 'requery':
        session.requery(m.keys);
        return;
      case 'pause':
        session.pause();
        return;
      case 'resume':
        session.resume();
        return;
      case 'abort':
        session.abort();
        return;
    }
  });

  session.run().then(
    () => {
      flush();
      port.postMessage({ type: 'run-done' } satisfies FromWorker);
    },
    (err: unknown) => {
      flush();
      const e = err instanceof Error ? err : new Error(String(err));
      const code = (e as { exitCode?: unknown }).exitCode;
      const exitCode = typeof code === 'number' ? code : null;
      port.postMessage({ type: 'run-failed', message: e.message, name: e.name, exitCode } satisfies FromWorker);
    },
  );
}
