/**
 * Worker thread for large UDP scans without a protocol query: per port, a connected UDP socket
 * sends an empty datagram and waits for a reply, an ICMP error (port unreachable arrives as
 * ECONNREFUSED on the connected socket) or silence. Same lean loop as tcp-sweep-worker.ts: one
 * libuv UDP handle per try, no other per-port allocation, one interval for the deadlines.
 *
 * Ports whose service has a protocol module are not swept: an empty datagram proves nothing to
 * a DNS or SNMP server. Ports that reply here are probed again on the main thread, which keeps
 * the reply's bytes (and, on loopback, proves the reply was not one of our own probes).
 */
import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { createSocket, type Socket } from 'node:dgram';
import { BatchBuilder, errnoOf, postBatch, SWEEP_OPEN, SWEEP_SELF_CONNECT, SWEEP_SILENT, type SweepJob } from './sweep-batch.js';

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

interface Slot {
  handle: UdpHandle | null;
  socket: Socket | null;
  port: number;
  started: number;
  tryNo: number;
  selfHits: number;
}

function run(job: SweepJob): void {
  const parent = parentPort!;
  const batch = new BatchBuilder((bt, final) => postBatch(parent, bt, final));
  let next = 0;
  let inFlight = 0;
  let paused = false;
  let finished = false;
  const free: Slot[] = [];
  const busy = new Set<Slot>();

  const stopTry = (slot: Slot) => {
    slot.handle?.close();
    slot.socket?.close();
    slot.handle = null;
    slot.socket = null;
  };

  const onOutcome = (slot: Slot, status: number, rttMs: number) => {
    stopTry(slot);
    if (status === SWEEP_SELF_CONNECT && slot.selfHits < 3) {
      slot.selfHits++;
      return start(slot);
    }
    if (status === SWEEP_SILENT && slot.tryNo < job.tries) {
      slot.tryNo++;
      return start(slot);
    }
    const now = performance.now();
    batch.record(slot.port, status, status === SWEEP_SILENT ? 0 : rttMs, slot.tryNo, now);
    busy.delete(slot);
    free.push(slot);
    inFlight--;
    launch();
  };

  // The raw path: libuv reports a datagram (nread >= 0) or the ICMP error (nread < 0).
  function onRawMessage(this: UdpHandle, nread: number) {
    const slot = this.slot!;
    if (slot.handle !== this) return;
    onOutcome(slot, nread >= 0 ? SWEEP_OPEN : nread, performance.now() - slot.started);
  }

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
    const outcome = (status: number) => slot.socket === socket && onOutcome(slot, status, performance.now() - slot.started);
    socket.on('message', () => outcome(SWEEP_OPEN));
    socket.on('error', (e: NodeJS.ErrnoException) => outcome(errnoOf(e.code ?? 'EIO')));
    socket.connect(slot.port, job.address, () => {
      if (job.loopback && socket.address().port === slot.port) return outcome(SWEEP_SELF_CONNECT);
      socket.send(EMPTY[0]!);
    });
  };

  const start = (slot: Slot) => {
    slot.started = performance.now();
    if (!binding) return startPortable(slot);
    const err = startRaw(binding, slot);
    // Report on a later turn like every other outcome, so launch() never re-enters itself.
    if (err !== 0) queueMicrotask(() => onOutcome(slot, err, 0));
  };

  const launch = () => {
    while (!paused && inFlight < job.concurrency && next < job.ports.length) {
      inFlight++;
      const slot = free.pop() ?? { handle: null, socket: null, port: 0, started: 0, tryNo: 1, selfHits: 0 };
      slot.port = job.ports[next++]!;
      slot.tryNo = 1;
      slot.selfHits = 0;
      busy.add(slot);
      start(slot);
    }
    if (inFlight === 0 && next >= job.ports.length && !finished) {
      finished = true;
      clearInterval(deadlines);
      batch.flush(true);
    }
  };

  const deadlines = setInterval(
    () => {
      const now = performance.now();
      for (const slot of busy) {
        if ((slot.handle || slot.socket) && now - slot.started >= job.timeoutMs) onOutcome(slot, SWEEP_SILENT, 0);
      }
    },
    Math.max(10, Math.min(100, job.timeoutMs / 8)),
  );

  parent.on('message', (m: { pause?: boolean }) => {
    paused = !!m.pause;
    if (!paused) launch();
  });
  launch();
}

if (parentPort && (workerData as Partial<SweepJob> | null)?.kind === 'udp-sweep') run(workerData as SweepJob);
