/**
 * The engine's side of the protocol hook: QueryChannel implementations over a connected TCP socket
 * and a connected UDP socket. Every read is bounded in time (one deadline for the whole query) and
 * in size (MAX_REPLY_BYTES), so a server that trickles, never closes or floods cannot hold a probe
 * past its timeout or grow memory. Every byte is recorded for the detail view.
 */
import { isIP, type Socket as TcpSocket } from 'node:net';
import { normaliseHost } from './target.js';
import type { Socket as UdpSocket } from 'node:dgram';
import type { TLSSocket, PeerCertificate } from 'node:tls';
import type { Exchange, Framer, QueryChannel, QueryOptions, TlsSummary } from '../protocols/types.js';
import type { Transport } from './types.js';

/** No reply a query reads may exceed this; LDAP root DSEs and RPC dumps are a few tens of kB. */
export const MAX_REPLY_BYTES = 1024 * 1024;

export class QueryTimeoutError extends Error {
  readonly code = 'QUERY_TIMEOUT';
  constructor(what: string) {
    super(`timed out waiting for ${what}`);
  }
}
export class QueryOverflowError extends Error {
  readonly code = 'QUERY_OVERFLOW';
  constructor() {
    super(`reply larger than ${MAX_REPLY_BYTES} bytes; stopped reading`);
  }
}
export class PeerClosedError extends Error {
  readonly code = 'PEER_CLOSED';
  constructor() {
    super('the server closed the connection');
  }
}
/** An ICMP error surfaced on a connected UDP socket (ECONNREFUSED = port unreachable...). */
export class SocketError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

interface Waiter {
  resolve: () => void;
}

/** Shared bookkeeping: deadline, exchange log, notes, abort. */
abstract class ChannelBase {
  readonly exchanges: Exchange[] = [];
  readonly notes: string[] = [];
  protected readonly started = performance.now();
  protected failure: Error | null = null;
  private waiter: Waiter | null = null;

  constructor(
    readonly transport: Transport,
    readonly host: string,
    readonly address: string,
    readonly port: number,
    readonly options: QueryOptions,
    readonly signal: AbortSignal,
    /** performance.now() after which every read fails. */
    protected readonly deadline: number,
  ) {}

  protected record(direction: 'sent' | 'received', bytes: Uint8Array, label?: string): void {
    const entry: Exchange = { direction, bytes: Uint8Array.from(bytes), atMs: Math.round(performance.now() - this.started) };
    if (label) entry.label = label;
    this.exchanges.push(entry);
  }

  note(message: string): void {
    this.notes.push(message);
  }

  protected wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.resolve();
  }

  /** The scan was aborted: wake any read so the probe ends now. */
  cancel(): void {
    this.fail(new QueryTimeoutError('a reply (aborted)'));
  }

  protected fail(err: Error): void {
    if (!this.failure) this.failure = err;
    this.wake();
  }

  /** Wait for `ready()` to return non-null, for new data, or for the bound to expire. */
  protected async waitFor<T>(ready: () => T | null, timeoutMs: number | undefined, what: string): Promise<T> {
    const limit = Math.min(this.deadline, timeoutMs === undefined ? Infinity : performance.now() + timeoutMs);
    for (;;) {
      const value = ready();
      if (value !== null) return value;
      if (this.failure) throw this.failure;
      if (this.signal.aborted) throw new QueryTimeoutError(`${what} (aborted)`);
      const left = limit - performance.now();
      if (left <= 0) throw new QueryTimeoutError(what);
      await new Promise<void>((resolve) => {
        const waiter: Waiter = {
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        const timer = setTimeout(
          () =>
            // Timers run before this turn's I/O: let a reply that came in time be read first
            // (a busy thread, a UI frame, can hold both back past the deadline).
            setImmediate(() => {
              if (this.waiter !== waiter) return;
              this.waiter = null;
              resolve();
            }),
          left,
        );
        this.waiter = waiter;
      });
    }
  }
}

export class TcpQueryChannel extends ChannelBase implements QueryChannel {
  private buffered: Buffer = Buffer.alloc(0);
  private total = 0;
  private ended = false;
  private stream: TcpSocket | TLSSocket;
  private readonly onData = (chunk: Buffer) => this.accept(chunk);
  private readonly onEnd = () => {
    this.ended = true;
    this.wake();
  };
  private readonly onError = (err: NodeJS.ErrnoException) => this.fail(new SocketError(err.code ?? 'EIO', err.message));

  constructor(
    private readonly socket: TcpSocket,
    host: string,
    address: string,
    port: number,
    options: QueryOptions,
    signal: AbortSignal,
    deadline: number,
  ) {
    super('tcp', host, address, port, options, signal, deadline);
    this.stream = socket;
    this.attach(socket);
  }

  private attach(stream: TcpSocket | TLSSocket): void {
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.on('close', this.onEnd);
    stream.on('error', this.onError);
  }

  private detach(stream: TcpSocket | TLSSocket): void {
    stream.off('data', this.onData);
    stream.off('end', this.onEnd);
    stream.off('close', this.onEnd);
    stream.off('error', this.onError);
  }

  private accept(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.total > MAX_REPLY_BYTES) {
      this.stream.destroy();
      this.fail(new QueryOverflowError());
      return;
    }
    this.record('received', chunk);
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    this.wake();
  }

  async send(bytes: Uint8Array, label?: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.record('sent', bytes, label);
    await new Promise<void>((resolve, reject) => {
      this.stream.write(bytes, (err) => (err ? reject(new SocketError((err as NodeJS.ErrnoException).code ?? 'EIO', err.message)) : resolve()));
    });
  }

  async receive(opts: { framer?: Framer; timeoutMs?: number; label?: string } = {}): Promise<Buffer> {
    const { framer } = opts;
    return this.waitFor(
      () => {
        if (framer) {
          const len = this.buffered.length ? framer(this.buffered) : null;
          if (len !== null && len > 0 && len <= this.buffered.length) return this.take(len);
        } else if (this.buffered.length) {
          return this.take(this.buffered.length);
        }
        if (this.ended) throw this.failure ?? new PeerClosedError();
        return null;
      },
      opts.timeoutMs,
      opts.label ?? 'a reply',
    );
  }

  async receiveAvailable(timeoutMs: number): Promise<Buffer> {
    try {
      await this.waitFor(() => (this.buffered.length || this.ended ? true : null), timeoutMs, 'data');
    } catch (err) {
      if (!(err instanceof QueryTimeoutError)) throw err;
    }
    // Give a banner that arrives in several segments a moment to complete.
    if (this.buffered.length && !this.ended) {
      try {
        await this.waitFor(() => (this.ended ? true : null), Math.min(50, timeoutMs), 'more data');
      } catch (err) {
        if (!(err instanceof QueryTimeoutError)) throw err;
      }
    }
    return this.take(this.buffered.length);
  }

  private take(len: number): Buffer {
    const out = this.buffered.subarray(0, len);
    this.buffered = this.buffered.subarray(len);
    return Buffer.from(out);
  }

  async startTls(opts: { servername?: string; alpn?: string[] } = {}): Promise<TlsSummary> {
    // Loaded here, not up front: OpenSSL's binding is 3 MB that a scan without TLS never needs.
    // Before detach: no byte may arrive while the socket has no reader.
    const { connect: tlsConnect } = await import('node:tls');
    this.detach(this.socket);
    const servername = opts.servername ?? (isIP(normaliseHost(this.host)) ? undefined : this.host); // SNI takes names only (RFC 6066 3)
    const tls = tlsConnect({
      socket: this.socket,
      rejectUnauthorized: false,
      ...(servername ? { servername } : {}),
      ...(opts.alpn ? { ALPNProtocols: opts.alpn } : {}),
    });
    this.stream = tls;
    this.buffered = Buffer.alloc(0);
    this.ended = false;
    let secure = false;
    tls.once('secureConnect', () => {
      secure = true;
      this.wake();
    });
    tls.on('error', this.onError);
    await this.waitFor(() => (secure ? true : null), undefined, 'the TLS handshake');
    tls.off('error', this.onError);
    this.attach(tls);
    return summariseTls(tls);
  }

  /** Stop listening; the engine destroys the socket. */
  close(): void {
    this.detach(this.stream);
    this.stream.destroy();
  }
}

/** Build the certificate summary the LDAPS/HTTPS/STARTTLS modules report. */
export function summariseTls(tls: TLSSocket): TlsSummary {
  const cert = tls.getPeerCertificate(false) as PeerCertificate | Record<string, never>;
  const name = (o: Record<string, string | string[]> | undefined) =>
    o ? Object.entries(o).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`).join(', ') : '';
  const subject = 'subject' in cert ? name(cert.subject as unknown as Record<string, string>) : '';
  const issuer = 'issuer' in cert ? name(cert.issuer as unknown as Record<string, string>) : '';
  const cipher = tls.getCipher();
  return {
    protocol: tls.getProtocol() ?? null,
    cipher: cipher?.name ?? null,
    subject,
    issuer,
    subjectAltNames: 'subjectaltname' in cert && cert.subjectaltname ? String(cert.subjectaltname).split(/,\s*/) : [],
    validFrom: 'valid_from' in cert ? String(cert.valid_from) : '',
    validTo: 'valid_to' in cert ? String(cert.valid_to) : '',
    fingerprint256: 'fingerprint256' in cert ? String(cert.fingerprint256) : '',
    selfSigned: subject !== '' && subject === issuer,
    authorized: tls.authorized,
    authorizationError: tls.authorizationError ? String(tls.authorizationError) : null,
  };
}

export class UdpQueryChannel extends ChannelBase implements QueryChannel {
  private readonly queue: Buffer[] = [];
  /** Any datagram arrived from the port (proves a listener even if the module cannot parse it). */
  gotReply = false;
  /** The ICMP error code seen (ECONNREFUSED, EHOSTUNREACH...), if any. */
  icmpCode: string | null = null;
  private readonly onMessage = (msg: Buffer) => {
    this.gotReply = true;
    this.record('received', msg);
    if (this.queue.length < 64) this.queue.push(msg);
    this.wake();
  };
  private readonly onError = (err: NodeJS.ErrnoException) => this.icmp(err.code ?? 'EIO', err.message);
  /** Replies from the target's address on another port (see ProtocolModule.udpReplyFromAnyPort). */
  private readonly onSideMessage = (msg: Buffer, from: { address: string }) => {
    if (from.address === this.address || from.address === `::ffff:${this.address}`) this.onMessage(msg);
  };

  constructor(
    private readonly socket: UdpSocket,
    host: string,
    address: string,
    port: number,
    options: QueryOptions,
    signal: AbortSignal,
    deadline: number,
    private readonly sideSocket: UdpSocket | null = null,
  ) {
    super('udp', host, address, port, options, signal, deadline);
    socket.on('message', this.onMessage);
    socket.on('error', this.onError);
    sideSocket?.on('message', this.onSideMessage);
    sideSocket?.on('error', () => {});
  }

  private icmp(code: string, message: string): void {
    if (!this.icmpCode) this.icmpCode = code;
    this.fail(new SocketError(code, message));
  }

  async send(bytes: Uint8Array, label?: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.record('sent', bytes, label);
    await new Promise<void>((resolve, reject) => {
      // A pending ICMP error can surface in send's callback instead of 'error' (FACTS.md).
      this.socket.send(bytes, (err) => {
        if (err) {
          const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
          this.icmp(code, err.message);
          reject(this.failure);
        } else resolve();
      });
    });
  }

  async receive(opts: { timeoutMs?: number; label?: string } = {}): Promise<Buffer> {
    return this.waitFor(() => this.queue.shift() ?? null, opts.timeoutMs, opts.label ?? 'a reply');
  }

  async receiveAvailable(timeoutMs: number): Promise<Buffer> {
    try {
      return await this.receive({ timeoutMs });
    } catch (err) {
      if (err instanceof QueryTimeoutError) return Buffer.alloc(0);
      throw err;
    }
  }

  async startTls(): Promise<TlsSummary> {
    throw new Error('TLS is not available over UDP');
  }

  close(): void {
    this.socket.off('message', this.onMessage);
    this.socket.off('error', this.onError);
    this.sideSocket?.off('message', this.onSideMessage);
  }
}
