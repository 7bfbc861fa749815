/**
 * One TCP or UDP probe of one port: open, classify, run the protocol query or read the banner,
 * close. Returns a verdict; never throws for anything the network does.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import type { ProtocolModule, QueryAnswer, QueryOptions } from '../protocols/types.js';
import { classifyErrno, silenceVerdict, type Verdict } from './classify.js';
import { TcpQueryChannel, UdpQueryChannel } from './query-channel.js';
import { readBanner, runModule } from './run-query.js';
import { SourcePortInUseError } from './errors.js';
import { connectOnce, type ConnectResult } from './tcp-connect.js';
import type { Gate } from './gate.js';

export interface ProbeContext {
  host: string;
  address: string;
  family: 4 | 6;
  loopback: boolean;
  sourcePort: number;
  signal: AbortSignal;
  /**
   * Cancel hooks of in-flight sockets, called on abort. One shared set instead of a listener per
   * probe on the AbortSignal: EventTarget listeners cost O(n) to remove, which dominated full scans.
   */
  cancels: Set<() => void>;
  query: QueryOptions & { enabled: boolean };
  /** Whole-conversation bound for a protocol query over TCP, ms. */
  tcpQueryTimeoutMs: number;
  bannerWaitMs: number;
  /**
   * Loopback only: how many TCP connects may be outstanding. A loopback connect is decided inside
   * the syscall, so a thousand at once only line their callbacks up, and each one's round trip
   * then counts the wait for the others (~100 ms instead of ~1 ms). Held for the connect alone,
   * not for a banner or a query after it.
   */
  connectGate?: Gate;
}

export interface ProbeOutcome extends Verdict {
  rttMs: number | null;
  tries: number;
  query?: QueryAnswer;
}

async function connectTcp(ctx: ProbeContext, port: number, timeoutMs: number): Promise<ConnectResult> {
  const gate = ctx.connectGate;
  if (!gate) return connectTcpNow(ctx, port, timeoutMs);
  await gate.enter();
  try {
    if (ctx.signal.aborted) return { kind: 'aborted' };
    return await connectTcpNow(ctx, port, timeoutMs);
  } finally {
    gate.leave();
  }
}

function connectTcpNow(ctx: ProbeContext, port: number, timeoutMs: number): Promise<ConnectResult> {
  return new Promise((resolve) => {
    const cancel = connectOnce(
      { address: ctx.address, family: ctx.family, port, localPort: ctx.sourcePort, timeoutMs, guardSelfConnect: ctx.loopback },
      (r) => {
        ctx.cancels.delete(cancel);
        resolve(r);
      },
    );
    ctx.cancels.add(cancel);
  });
}

export async function probeTcp(
  ctx: ProbeContext,
  port: number,
  module: ProtocolModule | undefined,
  tries: number,
  timeoutMs: number,
): Promise<ProbeOutcome | null> {
  let attempt = 0;
  let selfConnects = 0;
  while (attempt < tries) {
    attempt++;
    const r = await connectTcp(ctx, port, timeoutMs);
    if (r.kind === 'aborted') return null;
    if (r.kind === 'timeout') continue;
    if (r.kind === 'error') {
      if (r.code === 'SELF_CONNECT' && selfConnects++ < 3) {
        attempt--;
        continue;
      }
      if (r.code === 'EADDRINUSE' && ctx.sourcePort) throw new SourcePortInUseError(ctx.sourcePort);
      const verdict =
        r.code === 'SELF_CONNECT'
          ? { state: 'NOT LISTENING' as const, reason: 'reset' as const, reasonText: 'nothing listens (the probe could only connect to itself)' }
          : classifyErrno(r.code, 'tcp', ctx.address) ?? { state: 'FILTERED' as const, reason: 'error' as const, reasonText: `connect failed: ${r.code}` };
      return { ...verdict, rttMs: round(r.rttMs), tries: attempt };
    }
    const outcome: ProbeOutcome = {
      state: 'LISTENING',
      reason: 'connected',
      reasonText: `TCP connection accepted by ${ctx.address}`,
      rttMs: round(r.rttMs),
      tries: attempt,
    };
    if (ctx.query.enabled && (module || ctx.bannerWaitMs > 0)) {
      const channel = new TcpQueryChannel(r.socket, ctx.host, ctx.address, port, ctx.query, ctx.signal, performance.now() + ctx.tcpQueryTimeoutMs);
      const cancel = () => channel.cancel();
      ctx.cancels.add(cancel);
      try {
        const answer = module ? await runModule(module, channel) : await readBanner(channel, ctx.bannerWaitMs);
        if (answer) {
          outcome.query = answer;
          if (module && answer.listening) {
            outcome.reason = 'protocol-reply';
            outcome.reasonText = `TCP connection accepted and ${module.title} answered`;
          }
        }
      } finally {
        ctx.cancels.delete(cancel);
        channel.close();
      }
    }
    r.socket.destroy();
    return outcome;
  }
  return { ...silenceVerdict('tcp', tries, 'a TCP connect'), rttMs: null, tries };
}

type UdpOpen = { kind: 'open'; socket: UdpSocket; sideSocket: UdpSocket | null } | { kind: 'error'; code: string } | { kind: 'self' };

function bindUdp(socket: UdpSocket, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ port, exclusive: false }, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

/**
 * A connected UDP socket (so ICMP errors reach it). With `anyPort`, a second socket bound to the
 * same local port (SO_REUSEADDR) receives the replies a server sends from another port: the
 * kernel delivers a datagram to the connected socket only when it comes from the connected port.
 */
async function openUdp(ctx: ProbeContext, port: number, anyPort: boolean): Promise<UdpOpen> {
  const type = ctx.family === 6 ? 'udp6' : 'udp4';
  const shareable = ctx.sourcePort > 0 || anyPort;
  const socket = createSocket({ type, reuseAddr: shareable });
  let side: UdpSocket | null = null;
  try {
    if (shareable) await bindUdp(socket, ctx.sourcePort);
    if (anyPort) {
      side = createSocket({ type, reuseAddr: true });
      await bindUdp(side, socket.address().port);
    }
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(port, ctx.address, () => {
        socket.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    socket.close();
    side?.close();
    return { kind: 'error', code: (err as NodeJS.ErrnoException).code ?? 'EIO' };
  }
  // Loopback self-connect: our own datagram would come back as a "reply".
  if (ctx.loopback && socket.address().port === port) {
    socket.close();
    side?.close();
    return { kind: 'self' };
  }
  return { kind: 'open', socket, sideSocket: side };
}

/**
 * UDP: the module's request when a module knows the service (an answer proves LISTENING), else an
 * empty datagram. ICMP errors arrive on the connected socket.
 */
export async function probeUdp(
  ctx: ProbeContext,
  port: number,
  module: ProtocolModule | undefined,
  tries: number,
  waitMs: number,
): Promise<ProbeOutcome | null> {
  let attempt = 0;
  let selfHits = 0;
  let lastAnswer: QueryAnswer | undefined;
  const what = module ? `the ${module.title} query` : 'an empty datagram';
  while (attempt < tries) {
    attempt++;
    if (ctx.signal.aborted) return null;
    const opened = await openUdp(ctx, port, !!module?.udpReplyFromAnyPort);
    if (opened.kind === 'self') {
      if (selfHits++ < 3) attempt--;
      continue;
    }
    if (opened.kind === 'error') {
      if (opened.code === 'EADDRINUSE' && ctx.sourcePort) throw new SourcePortInUseError(ctx.sourcePort);
      const v = classifyErrno(opened.code, 'udp', ctx.address) ?? { state: 'FILTERED' as const, reason: 'error' as const, reasonText: `cannot send: ${opened.code}` };
      return { ...v, rttMs: null, tries: attempt };
    }
    const socket = opened.socket;
    const started = performance.now();
    const deadline = started + (module ? waitMs * 2 : waitMs);
    const channel = new UdpQueryChannel(socket, ctx.host, ctx.address, port, ctx.query, ctx.signal, deadline, opened.sideSocket);
    const cancel = () => channel.cancel();
    ctx.cancels.add(cancel);
    let answer: QueryAnswer | undefined;
    try {
      if (module) {
        answer = await runModule(module, channel);
      } else {
        await channel.send(new Uint8Array(0), 'empty datagram').then(
          () => channel.receive({ label: 'a reply' }),
          () => undefined,
        ).catch(() => undefined);
      }
    } finally {
      ctx.cancels.delete(cancel);
      channel.close();
      socket.close();
      opened.sideSocket?.close();
    }
    if (ctx.signal.aborted) return null;
    const rttMs = round(performance.now() - started);
    if (channel.icmpCode && !channel.gotReply) {
      const v = classifyErrno(channel.icmpCode, 'udp', ctx.address) ?? { state: 'FILTERED' as const, reason: 'error' as const, reasonText: `socket error ${channel.icmpCode}` };
      // Keep the request bytes for the detail view, not the module's "query failed" noise.
      const query = answer ? { ...answer, listening: false, summary: `no reply: ${v.reasonText}`, text: '', fields: {} } : undefined;
      if (query) delete query.error;
      return { ...v, rttMs, tries: attempt, ...(query ? { query } : {}) };
    }
    if (channel.gotReply) {
      const proven = !!answer?.listening;
      const out: ProbeOutcome = {
        state: 'LISTENING',
        reason: proven ? 'protocol-reply' : 'replied',
        reasonText: proven ? `${module!.title} answered from ${ctx.address}` : `a UDP reply came from ${ctx.address}`,
        rttMs: firstReplyMs(channel) ?? rttMs,
        tries: attempt,
      };
      if (answer) out.query = answer;
      else out.query = { protocol: 'raw', listening: true, summary: `${channel.exchanges.filter((e) => e.direction === 'received').length} datagram(s)`, fields: {}, text: '', notes: [], exchanges: channel.exchanges };
      return out;
    }
    lastAnswer = answer;
  }
  const silent: ProbeOutcome = { ...silenceVerdict('udp', tries, what), rttMs: null, tries };
  // Keep what was sent for the detail view; the module's timeout message adds nothing.
  if (lastAnswer) silent.query = { ...lastAnswer, listening: false, summary: 'no reply', text: '', fields: {}, error: undefined };
  return silent;
}

function firstReplyMs(channel: UdpQueryChannel): number | null {
  const first = channel.exchanges.find((e) => e.direction === 'received');
  return first ? first.atMs : null;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** PortQry checks -sp up front: a port another socket holds is an error before any probe. */
export async function checkSourcePort(port: number, family: 4 | 6): Promise<void> {
  const { createServer } = await import('node:net');
  const host = family === 6 ? '::' : '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' || err.code === 'EACCES' ? reject(new SourcePortInUseError(port)) : resolve()));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
  await new Promise<void>((resolve, reject) => {
    const sock = createSocket(family === 6 ? 'udp6' : 'udp4');
    sock.once('error', (err: NodeJS.ErrnoException) => {
      sock.close();
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') reject(new SourcePortInUseError(port));
      else resolve();
    });
    sock.bind({ port, address: host, exclusive: true }, () => sock.close(() => resolve()));
  });
}
