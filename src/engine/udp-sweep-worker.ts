/**
 * Worker thread for large UDP scans without a protocol query: per port, a connected UDP socket
 * sends an empty datagram and waits for a reply, an ICMP error (port unreachable arrives as
 * ECONNREFUSED on the connected socket) or silence. The shared loop (sweep-loop.ts) drives it:
 * one libuv UDP handle per try, no other per-port allocation.
 *
 * Ports whose service has a protocol module are not swept: an empty datagram proves nothing to
 * a DNS or SNMP server. Ports that reply here are probed again on the main thread, which keeps
 * the reply's bytes (and, on loopback, proves the reply was not one of our own probes).
 */
import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { createSocket, type Socket } from 'node:dgram';
import { errnoOf, SWEEP_OPEN, SWEEP_SELF_CONNECT, type SweepJob } from './sweep-batch.js';
import { SweepLoop, type SweepSlot } from './sweep-loop.js';

setFlagsFromString('--semi-space-growth-factor=1'); // see tcp-sweep-worker.ts

interface UdpHandle {
  bind(address: string, port: number, flags: number): number;
  bind6(address: string, port: number, flags: number): number;
  connect(address: string, port: number): number;
  connect6(address: string, port: number): number;
  send(req: object, list: Buffer[], count: number, hasCallback: boolean): number;
  recvStart(): number;
  getsockname(out: Record<string, unknown>): number;
  close(cb?: () => void): void;
  onmessage: ((nread: number) => void) | null;
  onerror: ((nread: number) => void) | null;
  slot?: Slot;
}
interface UdpWrapBinding {
  UDP: new () => UdpHandle;
  SendWrap: new () => object;
}

const binding: UdpWrapBinding | null = (() => {
  try {
    const b = (process as unknown as { binding(name: string): UdpWrapBinding }).binding('udp_wrap');
    return typeof b?.UDP === 'function' && typeof b.SendWrap === 'function' ? b : null;
  } catch {
    return null;
  }
})();

const EMPTY = [Buffer.alloc(0)];

interface Slot extends SweepSlot {
  handle: UdpHandle | null;
  socket: Socket | null;
}

function run(job: SweepJob): void {
  /** Close the try in flight; false when there was none. */
  const stopTry = (slot: Slot): boolean => {
    if (!slot.handle && !slot.socket) return false;
    slot.handle?.close();
    slot.socket?.close();
    slot.handle = null;
    slot.socket = null;
    return true;
  };
  const finishTry = (slot: Slot, status: number) => {
    stopTry(slot);
    loop.outcome(slot, status, performance.now() - slot.started);
  };

  // The raw path: libuv reports a datagram (nread >= 0) or the ICMP error (nread < 0).
  function onRawMessage(this: UdpHandle, nread: number) {
    const slot = this.slot!;
    if (slot.handle !== this) return;
    finishTry(slot, nread >= 0 ? SWEEP_OPEN : nread);
  }

  /** 0 when the datagram is on its way, else the outcome to report (an errno or SELF_CONNECT). */
  const startRaw = (b: UdpWrapBinding, slot: Slot): number => {
    const handle = new b.UDP();
    handle.slot = slot;
    handle.onmessage = onRawMessage;
    handle.onerror = onRawMessage;
    slot.handle = handle;
    let err = job.family === 6 ? handle.bind6('::', 0, 0) : handle.bind('0.0.0.0', 0, 0);
    if (err === 0) err = job.family === 6 ? handle.connect6(job.address, slot.port) : handle.connect(job.address, slot.port);
    if (err === 0 && job.loopback) {
      // Bound to the very port we probe: our own datagram would come back as a "reply".
      const local: Record<string, unknown> = {};
      if (handle.getsockname(local) === 0 && local.port === slot.port) return SWEEP_SELF_CONNECT;
    }
    if (err === 0) err = handle.recvStart();
    if (err === 0) {
      const sent = handle.send(new b.SendWrap(), EMPTY, 1, false);
      if (sent < 0) err = sent;
    }
    return err;
  };

  // Without the udp_wrap binding (a future Node): the same through dgram.
  const startPortable = (slot: Slot) => {
    const socket = createSocket(job.family === 6 ? 'udp6' : 'udp4');
    slot.socket = socket;
    const outcome = (status: number) => slot.socket === socket && finishTry(slot, status);
    socket.on('message', () => outcome(SWEEP_OPEN));
    socket.on('error', (e: NodeJS.ErrnoException) => outcome(errnoOf(e.code ?? 'EIO')));
    socket.connect(slot.port, job.address, () => {
      if (job.loopback && socket.address().port === slot.port) return outcome(SWEEP_SELF_CONNECT);
      socket.send(EMPTY[0]!);
    });
  };

  const loop = new SweepLoop<Slot>(
    job,
    parentPort!,
    {
      newSlot: () => ({ handle: null, socket: null, port: 0, started: 0, tryNo: 1, selfHits: 0 }),
      start: (slot) => {
        slot.started = performance.now();
        if (!binding) return startPortable(slot);
        const status = startRaw(binding, slot);
        // Report on a later turn like every other outcome, so launch() never re-enters itself.
        if (status !== 0) queueMicrotask(() => finishTry(slot, status));
      },
      abandon: stopTry,
    },
    Math.max(10, Math.min(100, job.timeoutMs / 8)),
  );
  loop.launch();
}

if (parentPort && (workerData as Partial<SweepJob> | null)?.kind === 'udp-sweep') run(workerData as SweepJob);
