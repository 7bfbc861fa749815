/**
 * A small real-socket QueryChannel for the services interop tests, so protocol modules can be
 * driven against the lab's servers before (and independently of) the engine's own channel.
 * Bounded like the engine's: every receive has a deadline, and a reply larger than `maxBytes`
 * rejects. UDP uses a connected socket (as the engine does) unless `anyReplyPort` is set, for
 * protocols whose server answers from a fresh port (TFTP, RFC 1350 4: the server's new TID).
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, type Socket as TcpSocket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { Exchange, Framer, QueryChannel, QueryOptions, TlsSummary } from '../../src/protocols/types.js';
import type { Transport } from '../../src/engine/types.js';

export interface SocketChannel extends QueryChannel {
  exchanges: Exchange[];
  notes: string[];
  close(): void;
}

class TimeoutError extends Error {
  readonly code = 'QUERY_TIMEOUT';
  override readonly name = 'QueryTimeoutError';
}

export async function openSocketChannel(opts: {
  transport: Transport;
  address: string;
  port: number;
  host?: string;
  timeoutMs?: number;
  options?: Partial<QueryOptions>;
  anyReplyPort?: boolean;
  maxBytes?: number;
}): Promise<SocketChannel> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 3000;
  const maxBytes = opts.maxBytes ?? 1 << 20;
  const exchanges: Exchange[] = [];
  const notes: string[] = [];
  const controller = new AbortController();
  const record = (direction: Exchange['direction'], bytes: Uint8Array, label?: string) => {
    const e: Exchange = { direction, bytes: Buffer.from(bytes), atMs: Date.now() - started };
    if (label) e.label = label;
    exchanges.push(e);
  };

  // Incoming data (TCP bytes or UDP datagrams) and whoever waits for it.
  let buffered = Buffer.alloc(0);
  const datagrams: Buffer[] = [];
  let failure: Error | null = null;
  let closed = false;
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const waitFor = <T>(check: () => T | null, ms: number, onTimeout: () => T): Promise<T> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        wake = null;
        try {
          resolve(onTimeout());
        } catch (err) {
          reject(err);
        }
      }, ms);
      const attempt = () => {
        try {
          const got = check();
          if (got !== null) {
            clearTimeout(timer);
            resolve(got);
            return;
          }
        } catch (err) {
          clearTimeout(timer);
          reject(err);
          return;
        }
        wake = attempt;
      };
      attempt();
    });

  let tcp: TcpSocket | TLSSocket | null = null;
  let udp: UdpSocket | null = null;
  const onTcpData = (chunk: Buffer) => {
    record('received', chunk);
    buffered = Buffer.concat([buffered, chunk]);
    if (buffered.length > maxBytes) failure = Object.assign(new Error('reply too large'), { code: 'QUERY_OVERFLOW' });
    poke();
  };

  if (opts.transport === 'tcp') {
    const sock = connect({ host: opts.address, port: opts.port });
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('connect timed out')), timeoutMs);
      sock.once('connect', () => { clearTimeout(t); resolve(); });
      sock.once('error', (err) => { clearTimeout(t); reject(err); });
    });
    sock.on('data', onTcpData);
    sock.on('error', (err) => { failure = err; poke(); });
    sock.on('close', () => { closed = true; poke(); });
    tcp = sock;
  } else {
    const sock = createSocket(opts.address.includes(':') ? 'udp6' : 'udp4');
    await new Promise<void>((resolve) => sock.bind(0, resolve));
    if (!opts.anyReplyPort) await new Promise<void>((resolve) => sock.connect(opts.port, opts.address, resolve));
    sock.on('message', (msg, rinfo) => {
      if (opts.anyReplyPort && rinfo.address !== opts.address) return;
      record('received', msg, opts.anyReplyPort ? `from port ${rinfo.port}` : undefined);
      datagrams.push(msg);
      poke();
    });
    sock.on('error', (err) => { failure = err; poke(); });
    udp = sock;
  }

  const channel: SocketChannel = {
    transport: opts.transport,
    host: opts.host ?? opts.address,
    address: opts.address,
    port: opts.port,
    options: { community: 'public', slowLink: false, rpcDump: false, ...opts.options },
    signal: controller.signal,
    exchanges,
    notes,
    async send(bytes, label) {
      record('sent', bytes, label);
      if (tcp) {
        await new Promise<void>((resolve, reject) => tcp!.write(bytes, (err) => (err ? reject(err) : resolve())));
      } else if (opts.anyReplyPort) {
        await new Promise<void>((resolve, reject) => udp!.send(bytes, opts.port, opts.address, (err) => (err ? reject(err) : resolve())));
      } else {
        await new Promise<void>((resolve, reject) => udp!.send(bytes, (err) => (err ? reject(err) : resolve())));
      }
    },
    receive(o?: { framer?: Framer; timeoutMs?: number }) {
      const ms = Math.min(o?.timeoutMs ?? timeoutMs, timeoutMs);
      return waitFor<Buffer>(
        () => {
          if (udp) {
            if (datagrams.length) return datagrams.shift()!;
            if (failure) throw failure;
            return null;
          }
          if (o?.framer) {
            const len = o.framer(buffered);
            if (len !== null) {
              const frame = buffered.subarray(0, len);
              buffered = buffered.subarray(len);
              return Buffer.from(frame);
            }
          } else if (buffered.length) {
            const out = buffered;
            buffered = Buffer.alloc(0);
            return out;
          }
          if (failure) throw failure;
          if (closed) throw Object.assign(new Error('connection closed by peer'), { code: 'QUERY_CLOSED' });
          return null;
        },
        ms,
        () => { throw new TimeoutError(`no reply within ${ms} ms`); },
      );
    },
    receiveAvailable(ms) {
      return waitFor<Buffer>(
        () => (closed || failure ? takeAll() : null),
        ms,
        () => takeAll(),
      );
    },
    async startTls(o) {
      if (!tcp) throw new Error('TLS needs TCP');
      const plain = tcp as TcpSocket;
      plain.removeListener('data', onTcpData);
      const secure = tlsConnect({
        socket: plain,
        servername: o?.servername ?? (/^[\d.:]+$/.test(channel.host) ? undefined : channel.host),
        ALPNProtocols: o?.alpn,
        rejectUnauthorized: false,
      });
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new TimeoutError('TLS handshake timed out')), timeoutMs);
        secure.once('secureConnect', () => { clearTimeout(t); resolve(); });
        secure.once('error', (err) => { clearTimeout(t); reject(err); });
      });
      secure.on('data', onTcpData);
      secure.on('error', (err) => { failure = err; poke(); });
      secure.on('close', () => { closed = true; poke(); });
      tcp = secure;
      const cert = secure.getPeerCertificate();
      const name = (x: Record<string, unknown> | undefined) =>
        x ? Object.entries(x).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`).join(', ') : '';
      return {
        protocol: secure.getProtocol(),
        cipher: secure.getCipher()?.name ?? null,
        subject: name(cert.subject as unknown as Record<string, unknown>),
        issuer: name(cert.issuer as unknown as Record<string, unknown>),
        subjectAltNames: cert.subjectaltname ? cert.subjectaltname.split(', ') : [],
        validFrom: cert.valid_from ?? '',
        validTo: cert.valid_to ?? '',
        fingerprint256: cert.fingerprint256 ?? '',
        selfSigned: name(cert.subject as unknown as Record<string, unknown>) === name(cert.issuer as unknown as Record<string, unknown>),
        authorized: secure.authorized,
        authorizationError: secure.authorizationError ? String(secure.authorizationError) : null,
      } satisfies TlsSummary;
    },
    note(message) {
      notes.push(message);
    },
    close() {
      controller.abort();
      tcp?.destroy();
      udp?.close();
    },
  };
  function takeAll(): Buffer {
    const out = buffered;
    buffered = Buffer.alloc(0);
    return out;
  }
  return channel;
}
