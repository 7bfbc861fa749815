/**
 * Worker thread for large TCP scans: connect to its share of the ports and report only the
 * outcome of each (connected, errno, timeout). A loopback connect costs a syscall that does the
 * whole handshake in the kernel; one JavaScript thread spent as long there as nmap needed for the
 * whole scan, so big scans split the ports across threads (see tcp-sweep.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { connectOnce, type ConnectResult } from './tcp-connect.js';

export interface SweepJob {
  address: string;
  family: 4 | 6;
  ports: number[];
  timeoutMs: number;
  tries: number;
  concurrency: number;
  loopback: boolean;
}

export interface SweepBatch {
  ports: number[];
  /** 'connected' | errno name | 'timeout' per port. */
  codes: string[];
  rttMs: number[];
  tries: number[];
}

function run(job: SweepJob): void {
  const port = parentPort!;
  let next = 0;
  let inFlight = 0;
  let paused = false;
  let batch: SweepBatch = { ports: [], codes: [], rttMs: [], tries: [] };
  let lastFlush = performance.now();

  const flush = (final: boolean) => {
    if (batch.ports.length || final) port.postMessage({ batch, final });
    batch = { ports: [], codes: [], rttMs: [], tries: [] };
    lastFlush = performance.now();
  };

  const record = (p: number, code: string, rttMs: number, tries: number) => {
    batch.ports.push(p);
    batch.codes.push(code);
    batch.rttMs.push(rttMs);
    batch.tries.push(tries);
    if (batch.ports.length >= 512 || performance.now() - lastFlush > 50) flush(false);
  };

  /**
   * `confirmed`: on loopback, two of our own probes can connect to each other (A's ephemeral source
   * port is B's target and the other way round: a TCP simultaneous open), which looks like two
   * open ports. A real listener accepts a second connect too; a crossed pair does not recur.
   */
  const attempt = (p: number, tryNo: number, selfHits: number, confirmed = !job.loopback) => {
    connectOnce(
      { address: job.address, family: job.family, port: p, localPort: 0, timeoutMs: job.timeoutMs, guardSelfConnect: job.loopback },
      (r: ConnectResult) => {
        if (r.kind === 'connected') {
          r.socket.destroy();
          if (!confirmed) return attempt(p, tryNo, selfHits, true);
          record(p, 'connected', r.rttMs, tryNo);
        } else if (r.kind === 'error') {
          if (r.code === 'SELF_CONNECT' && selfHits < 3) return attempt(p, tryNo, selfHits + 1, confirmed);
          record(p, r.code, r.rttMs, tryNo);
        } else if (r.kind === 'timeout') {
          if (tryNo < job.tries) return attempt(p, tryNo + 1, selfHits, confirmed);
          record(p, 'timeout', 0, tryNo);
        } else return;
        inFlight--;
        launch();
      },
    );
  };

  const launch = () => {
    while (!paused && inFlight < job.concurrency && next < job.ports.length) {
      inFlight++;
      attempt(job.ports[next++]!, 1, 0);
    }
    if (inFlight === 0 && next >= job.ports.length) flush(true);
  };

  port.on('message', (m: { pause?: boolean }) => {
    paused = !!m.pause;
    if (!paused) launch();
  });
  launch();
}

if (parentPort && workerData) run(workerData as SweepJob);
