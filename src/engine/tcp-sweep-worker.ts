/**
 * Worker thread for large TCP scans: connect to its share of the ports and report only the
 * outcome of each (connected, errno, timeout). A loopback connect costs a syscall that does the
 * whole handshake in the kernel; one JavaScript thread spent as long there as nmap needed for the
 * whole scan, so big scans split the ports across threads (see tcp-sweep.ts).
 *
 * The loop is lean on purpose: one libuv TCP handle and one connect request per try, nothing
 * else allocated per port (no closures, no result objects, no Error, no per-port timer: one
 * interval checks the deadlines of the few sockets in flight), and outcomes travel to the main
 * thread as typed arrays. Every allocation here was paid 65535 times.
 */
import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { connectOnce, tcpWrapBinding, type ConnectResult, type TcpHandle } from './tcp-connect.js';
import { BatchBuilder, errnoOf, postBatch, SWEEP_OPEN, SWEEP_SELF_CONNECT, SWEEP_SILENT, type SweepJob } from './sweep-batch.js';

// As in bin/portq.js: keep V8's young generation from doubling while the scan allocates fast.
// Set again here because, measured, a worker's start undoes it: bin/portq.js alone peaked at
// 112 MB on a full scan, both at 99 MB (npm run bench).
setFlagsFromString('--semi-space-growth-factor=1');

/** One probe in flight. Slots are reused: a try writes its fields, nothing is allocated. */
interface Slot {
  handle: TcpHandle | null;
  req: object | null;
  port: number;
  started: number;
  tryNo: number;
  selfHits: number;
  /** On loopback an open port is connected twice before it counts (see onConnected). */
  confirmed: boolean;
}

function run(job: SweepJob): void {
  const parent = parentPort!;
  const b = tcpWrapBinding;
  const batch = new BatchBuilder((bt, final) => postBatch(parent, bt, final));
  let next = 0;
  let inFlight = 0;
  let paused = false;
  let finished = false;
  const free: Slot[] = [];
  const busy = new Set<Slot>();

  const complete = (slot: Slot, status: number, rttMs: number, now: number) => {
    batch.record(slot.port, status, rttMs, slot.tryNo, now);
    busy.delete(slot);
    free.push(slot);
    inFlight--;
    launch();
  };

  /**
   * On loopback, two of our own probes can connect to each other (A's ephemeral source port is
   * B's target and the other way round: a TCP simultaneous open), which looks like two open
   * ports. A real listener accepts a second connect too; a crossed pair does not recur.
   */
  const onConnected = (slot: Slot, rttMs: number, now: number) => {
    if (!slot.confirmed) {
      slot.confirmed = true;
      return start(slot);
    }
    complete(slot, SWEEP_OPEN, rttMs, now);
  };

  const onOutcome = (slot: Slot, status: number, rttMs: number) => {
    const now = performance.now();
    if (status === SWEEP_OPEN) return onConnected(slot, rttMs, now);
    if (status === SWEEP_SELF_CONNECT && slot.selfHits < 3) {
      slot.selfHits++;
      return start(slot);
    }
    if (status === SWEEP_SILENT && slot.tryNo < job.tries) {
      slot.tryNo++;
      return start(slot);
    }
    complete(slot, status, status === SWEEP_SILENT ? 0 : rttMs, now);
  };

  // The raw path: libuv calls oncomplete with `this` = the request, (status, handle, req, ...).
  function onRawConnect(this: { slot: Slot }, status: number) {
    const slot = this.slot;
    if (slot.req !== this) return; // a request we gave up on (timeout) reporting its cancel
    const handle = slot.handle!;
    slot.handle = slot.req = null;
    const rttMs = performance.now() - slot.started;
    if (status === 0 && job.loopback && isSelfConnect(handle)) status = -0x7fff;
    handle.close();
    onOutcome(slot, status === -0x7fff ? SWEEP_SELF_CONNECT : status, rttMs);
  }

  const start = (slot: Slot) => {
    slot.started = performance.now();
    if (!b) return startPortable(slot);
    const handle = new b.TCP(b.constants.SOCKET);
    const req = new b.TCPConnectWrap() as { slot: Slot; oncomplete: unknown; address: string; port: number };
    req.slot = slot;
    req.oncomplete = onRawConnect;
    req.address = job.address;
    req.port = slot.port;
    slot.handle = handle;
    slot.req = req;
    const err = job.family === 6 ? handle.connect6(req, job.address, slot.port) : handle.connect(req, job.address, slot.port);
    if (err < 0) {
      slot.handle = slot.req = null;
      handle.close();
      // Report on a later turn like every other outcome, so launch() never re-enters itself.
      queueMicrotask(() => onOutcome(slot, err, 0));
    }
  };

  // Without the tcp_wrap binding (a future Node): the same outcomes through net.Socket.
  const startPortable = (slot: Slot) => {
    const req = {};
    slot.req = req;
    connectOnce(
      { address: job.address, family: job.family, port: slot.port, localPort: 0, timeoutMs: job.timeoutMs, guardSelfConnect: job.loopback },
      (r: ConnectResult) => {
        if (slot.req !== req) return;
        slot.req = null;
        if (r.kind === 'connected') r.socket.destroy();
        if (r.kind === 'aborted') return;
        onOutcome(slot, r.kind === 'connected' ? SWEEP_OPEN : r.kind === 'timeout' ? SWEEP_SILENT : r.code === 'SELF_CONNECT' ? SWEEP_SELF_CONNECT : errnoOf(r.code), r.kind === 'timeout' ? 0 : r.rttMs);
      },
    );
  };

  const launch = () => {
    while (!paused && inFlight < job.concurrency && next < job.ports.length) {
      inFlight++;
      const slot = free.pop() ?? { handle: null, req: null, port: 0, started: 0, tryNo: 1, selfHits: 0, confirmed: false };
      slot.port = job.ports[next++]!;
      slot.tryNo = 1;
      slot.selfHits = 0;
      slot.confirmed = !job.loopback;
      busy.add(slot);
      start(slot);
    }
    if (inFlight === 0 && next >= job.ports.length && !finished) {
      finished = true;
      clearInterval(deadlines);
      batch.flush(true);
    }
  };

  // Deadlines: the sockets in flight are few (the concurrency), so scanning them is cheap.
  const deadlines = setInterval(
    () => {
      const now = performance.now();
      for (const slot of busy) {
        if (!slot.req || now - slot.started < job.timeoutMs) continue;
        const handle = slot.handle;
        slot.handle = slot.req = null;
        handle?.close();
        onOutcome(slot, SWEEP_SILENT, 0);
      }
    },
    Math.max(10, Math.min(250, job.timeoutMs / 4)),
  );

  parent.on('message', (m: { pause?: boolean }) => {
    paused = !!m.pause;
    if (!paused) launch();
  });
  launch();
}

function isSelfConnect(handle: TcpHandle): boolean {
  const local: Record<string, unknown> = {};
  const peer: Record<string, unknown> = {};
  if (handle.getsockname(local) !== 0 || handle.getpeername(peer) !== 0) return false;
  return local.port === peer.port && local.address === peer.address;
}

if (parentPort && (workerData as Partial<SweepJob> | null)?.kind === 'tcp-sweep') run(workerData as SweepJob);
