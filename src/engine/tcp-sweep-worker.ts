/**
 * Worker thread for large TCP scans: connect to its share of the ports and report only the
 * outcome of each (connected, errno, timeout). A loopback connect costs a syscall that does the
 * whole handshake in the kernel; one JavaScript thread spent as long there as nmap needed for the
 * whole scan, so big scans split the ports across threads (see tcp-sweep.ts).
 *
 * The loop (sweep-loop.ts) is lean on purpose: one libuv TCP handle and one connect request per
 * try, nothing else allocated per port (no closures, no result objects, no Error, no per-port
 * timer), and outcomes travel to the main thread as typed arrays. Every allocation here was paid
 * 65535 times.
 */
import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { connectOnce, tcpWrapBinding, type ConnectResult, type TcpHandle, type TcpWrapBinding } from './tcp-connect.js';
import { errnoOf, SWEEP_OPEN, SWEEP_SELF_CONNECT, SWEEP_SILENT, type SweepJob } from './sweep-batch.js';
import { SweepLoop, type SweepProbe, type SweepSlot } from './sweep-loop.js';

// As in bin/portq.js: keep V8's young generation from doubling while the scan allocates fast.
// Set again here because, measured, a worker's start undoes it: bin/portq.js alone peaked at
// 112 MB on a full scan, both at 99 MB (npm run bench).
setFlagsFromString('--semi-space-growth-factor=1');

interface Slot extends SweepSlot {
  handle: TcpHandle | null;
  req: object | null;
  /** On loopback an open port is connected twice before it counts (see intercept). */
  confirmed: boolean;
}

function run(job: SweepJob): void {
  const b = tcpWrapBinding;

  // The raw path: libuv calls oncomplete with `this` = the request, (status, handle, req, ...).
  function onRawConnect(this: { slot: Slot }, status: number) {
    const slot = this.slot;
    if (slot.req !== this) return; // a request we gave up on (timeout) reporting its cancel
    const handle = slot.handle!;
    slot.handle = slot.req = null;
    const rttMs = performance.now() - slot.started;
    const self = status === 0 && job.loopback && isSelfConnect(handle);
    handle.close();
    loop.outcome(slot, self ? SWEEP_SELF_CONNECT : status, rttMs);
  }

  const startRaw = (tcp: TcpWrapBinding, slot: Slot) => {
    const handle = new tcp.TCP(tcp.constants.SOCKET);
    const req = new tcp.TCPConnectWrap() as { slot: Slot; oncomplete: unknown; address: string; port: number };
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
      queueMicrotask(() => loop.outcome(slot, err, 0));
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
        loop.outcome(slot, r.kind === 'connected' ? SWEEP_OPEN : r.kind === 'timeout' ? SWEEP_SILENT : r.code === 'SELF_CONNECT' ? SWEEP_SELF_CONNECT : errnoOf(r.code), r.kind === 'timeout' ? 0 : r.rttMs);
      },
    );
  };

  const probe: SweepProbe<Slot> = {
    newSlot: () => ({ handle: null, req: null, port: 0, started: 0, tryNo: 1, selfHits: 0, confirmed: false }),
    resetPort: (slot) => {
      slot.confirmed = !job.loopback;
    },
    start: (slot) => {
      slot.started = performance.now();
      if (b) startRaw(b, slot);
      else startPortable(slot);
    },
    abandon: (slot) => {
      if (!slot.req) return false;
      slot.handle?.close();
      slot.handle = slot.req = null;
      return true;
    },
    /**
     * On loopback, two of our own probes can connect to each other (A's ephemeral source port is
     * B's target and the other way round: a TCP simultaneous open), which looks like two open
     * ports. A real listener accepts a second connect too; a crossed pair does not recur.
     */
    intercept: (slot, status) => {
      if (status !== SWEEP_OPEN || slot.confirmed) return false;
      slot.confirmed = true;
      probe.start(slot);
      return true;
    },
  };
  const loop = new SweepLoop(job, parentPort!, probe, Math.max(10, Math.min(250, job.timeoutMs / 4)));
  loop.launch();
}

function isSelfConnect(handle: TcpHandle): boolean {
  const local: Record<string, unknown> = {};
  const peer: Record<string, unknown> = {};
  if (handle.getsockname(local) !== 0 || handle.getpeername(peer) !== 0) return false;
  return local.port === peer.port && local.address === peer.address;
}

if (parentPort && (workerData as Partial<SweepJob> | null)?.kind === 'tcp-sweep') run(workerData as SweepJob);
