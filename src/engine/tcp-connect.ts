/**
 * The TCP connect at the heart of a scan, made cheap. A net.Socket per port costs a stream, event
 * emitters and, for every refused port, an Error with a stack trace: a full 65535-port scan spent
 * most of its time there (3x slower than nmap). Instead this drives libuv's TCP handle directly
 * (the `tcp_wrap` binding that net.Socket itself is built on) and only wraps a handle in a
 * net.Socket when the port is open and a protocol query needs a stream. If a future Node removes
 * the binding, it falls back to net.Socket with the same results.
 */
import { Socket } from 'node:net';
import { getSystemErrorName } from 'node:util';
import { probeDeadlines } from './deadlines.js';

export type ConnectResult =
  | { kind: 'connected'; socket: Socket; rttMs: number }
  | { kind: 'error'; code: string; rttMs: number }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

export interface ConnectRequest {
  address: string;
  family: 4 | 6;
  port: number;
  localPort: number;
  timeoutMs: number;
  /** Loopback targets: refuse a socket the kernel connected to itself (FACTS.md). */
  guardSelfConnect: boolean;
}

export interface TcpHandle {
  connect(req: object, address: string, port: number): number;
  connect6(req: object, address: string, port: number): number;
  bind(address: string, port: number): number;
  bind6(address: string, port: number, flags: number): number;
  getsockname(out: Record<string, unknown>): number;
  getpeername(out: Record<string, unknown>): number;
  close(cb?: () => void): void;
}
export interface TcpWrapBinding {
  TCP: new (type: number) => TcpHandle;
  TCPConnectWrap: new () => { oncomplete: (status: number) => void; address: string; port: number };
  constants: { SOCKET: number };
}

/** libuv's TCP binding, or null where this Node no longer exposes it. */
export const tcpWrapBinding: TcpWrapBinding | null = (() => {
  try {
    const b = (process as unknown as { binding(name: string): TcpWrapBinding }).binding('tcp_wrap');
    return typeof b?.TCP === 'function' && typeof b.TCPConnectWrap === 'function' ? b : null;
  } catch {
    return null;
  }
})();

/** Connect once; `done` is called exactly once. Returns a cancel function (for abort). */
export function connectOnce(req: ConnectRequest, done: (r: ConnectResult) => void): () => void {
  return tcpWrapBinding ? connectRaw(tcpWrapBinding, req, done) : connectWithSocket(req, done);
}

function connectRaw(b: TcpWrapBinding, req: ConnectRequest, done: (r: ConnectResult) => void): () => void {
  const started = performance.now();
  const handle = new b.TCP(b.constants.SOCKET);
  let settled = false;
  const settle = (r: ConnectResult) => {
    if (settled) return;
    settled = true;
    probeDeadlines.cancel(timer);
    if (r.kind !== 'connected') handle.close();
    done(r);
  };
  const timer = probeDeadlines.add(req.timeoutMs, () => settle({ kind: 'timeout' }));
  const wrap = new b.TCPConnectWrap();
  wrap.address = req.address;
  wrap.port = req.port;
  wrap.oncomplete = (status: number) => {
    const rttMs = performance.now() - started;
    if (status < 0) return settle({ kind: 'error', code: getSystemErrorName(status), rttMs });
    if (req.guardSelfConnect && isSelfConnect(handle)) return settle({ kind: 'error', code: 'SELF_CONNECT', rttMs });
    settle({ kind: 'connected', socket: new Socket({ handle, readable: true, writable: true } as ConstructorParameters<typeof Socket>[0]), rttMs });
  };
  let err = 0;
  if (req.localPort) err = req.family === 6 ? handle.bind6('::', req.localPort, 0) : handle.bind('0.0.0.0', req.localPort);
  if (err === 0) err = req.family === 6 ? handle.connect6(wrap, req.address, req.port) : handle.connect(wrap, req.address, req.port);
  if (err < 0) {
    const code = getSystemErrorName(err);
    // Report on the next tick like every other outcome, so callers never re-enter.
    queueMicrotask(() => settle({ kind: 'error', code, rttMs: 0 }));
  }
  return () => settle({ kind: 'aborted' });
}

function isSelfConnect(handle: TcpHandle): boolean {
  const local: Record<string, unknown> = {};
  const peer: Record<string, unknown> = {};
  if (handle.getsockname(local) !== 0 || handle.getpeername(peer) !== 0) return false;
  return local.port === peer.port && local.address === peer.address;
}

function connectWithSocket(req: ConnectRequest, done: (r: ConnectResult) => void): () => void {
  const started = performance.now();
  const socket = new Socket();
  let settled = false;
  const settle = (r: ConnectResult) => {
    if (settled) return;
    settled = true;
    probeDeadlines.cancel(timer);
    socket.removeAllListeners('connect');
    socket.removeAllListeners('error');
    if (r.kind !== 'connected') socket.destroy();
    done(r);
  };
  const timer = probeDeadlines.add(req.timeoutMs, () => settle({ kind: 'timeout' }));
  socket.once('connect', () => {
    const rttMs = performance.now() - started;
    if (req.guardSelfConnect && socket.localPort === req.port && socket.localAddress === socket.remoteAddress) {
      settle({ kind: 'error', code: 'SELF_CONNECT', rttMs });
    } else settle({ kind: 'connected', socket, rttMs });
  });
  socket.once('error', (e: NodeJS.ErrnoException) => settle({ kind: 'error', code: e.code ?? 'EIO', rttMs: performance.now() - started }));
  socket.connect({ port: req.port, host: req.address, family: req.family, ...(req.localPort ? { localPort: req.localPort } : {}) });
  return () => settle({ kind: 'aborted' });
}
