/**
 * A scripted QueryChannel for unit tests of protocol modules: replies are queued byte arrays,
 * sends are recorded. Real-server proof lives in test/interop (the lab).
 */
import type { Framer, QueryChannel, QueryOptions, TlsSummary } from '../../src/protocols/types.js';
import type { Transport } from '../../src/engine/types.js';

export interface FakeChannel extends QueryChannel {
  sent: Buffer[];
  notes: string[];
}

export function fakeChannel(opts: {
  transport: Transport;
  port: number;
  replies: (Uint8Array | ((request: Buffer) => Uint8Array | null))[];
  options?: Partial<QueryOptions>;
  host?: string;
}): FakeChannel {
  const queue = [...opts.replies];
  let buffered = Buffer.alloc(0);
  const sent: Buffer[] = [];
  const notes: string[] = [];
  const pull = () => {
    const next = queue.shift();
    if (next === undefined) return null;
    if (typeof next === 'function') return next(sent[sent.length - 1] ?? Buffer.alloc(0));
    return next;
  };
  return {
    transport: opts.transport,
    host: opts.host ?? '127.0.0.1',
    address: '127.0.0.1',
    port: opts.port,
    options: { community: 'public', slowLink: false, rpcDump: false, ...opts.options },
    signal: new AbortController().signal,
    sent,
    notes,
    async send(bytes) {
      sent.push(Buffer.from(bytes));
    },
    async receive(o?: { framer?: Framer }) {
      for (;;) {
        if (opts.transport === 'udp' || !o?.framer) {
          if (buffered.length && opts.transport === 'tcp') {
            const out = buffered;
            buffered = Buffer.alloc(0);
            return out;
          }
          const next = pull();
          if (next === null) throw Object.assign(new Error('timed out waiting for a reply'), { code: 'QUERY_TIMEOUT' });
          return Buffer.from(next);
        }
        const len = o.framer(buffered);
        if (len !== null) {
          const frame = buffered.subarray(0, len);
          buffered = buffered.subarray(len);
          return Buffer.from(frame);
        }
        const next = pull();
        if (next === null) throw Object.assign(new Error('timed out waiting for a reply'), { code: 'QUERY_TIMEOUT' });
        buffered = Buffer.concat([buffered, Buffer.from(next)]);
      }
    },
    async receiveAvailable() {
      if (buffered.length) {
        const out = buffered;
        buffered = Buffer.alloc(0);
        return out;
      }
      const next = pull();
      return next === null ? Buffer.alloc(0) : Buffer.from(next);
    },
    async startTls(): Promise<TlsSummary> {
      throw new Error('fake channel has no TLS');
    },
    note(message) {
      notes.push(message);
    },
  };
}
