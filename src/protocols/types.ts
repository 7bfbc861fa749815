/**
 * The protocol hook. A protocol module knows one service's conversation: which service names
 * select it, how to build its request and how to read the reply. It never opens a socket or sets a
 * timer: the engine hands it a QueryChannel that does the I/O (bounded in bytes and time) and
 * records every byte sent and received for the detail view.
 *
 * As in PortQry, the *service name* from the services database chooses the module, so a services
 * file that says `ldap 1389/tcp` sends the LDAP query to port 1389.
 */
import type { Transport } from '../engine/types.js';

/** One datagram or one chunk of a stream, in order, for the hex dump. */
export interface Exchange {
  direction: 'sent' | 'received';
  bytes: Uint8Array;
  /** Milliseconds since the query began. */
  atMs: number;
  /** What this exchange was, e.g. "DCE/RPC bind", "ept_lookup #2". */
  label?: string;
}

/** The certificate summary a TLS channel reports (LDAPS, HTTPS, STARTTLS). */
export interface TlsSummary {
  protocol: string | null;
  cipher: string | null;
  subject: string;
  issuer: string;
  subjectAltNames: string[];
  validFrom: string;
  validTo: string;
  fingerprint256: string;
  selfSigned: boolean;
  authorized: boolean;
  authorizationError: string | null;
}

/**
 * A stream framer: given the bytes buffered so far, return the length of the first complete
 * message, or null when more bytes are needed. Lets a module read whole PDUs out of partial TCP reads.
 */
export type Framer = (buffered: Buffer) => number | null;

export interface QueryOptions {
  /** SNMP community (-cn), default "public". */
  community: string;
  /** Slow link (-sl): modules may wait longer. */
  slowLink: boolean;
  /** Dump the RPC endpoint mapper even under -r (PortQry skips it there). */
  rpcDump: boolean;
}

/**
 * The I/O a module may do. TCP: a connected stream. UDP: a connected datagram socket.
 * Every call is bounded: `receive` rejects with QueryTimeoutError after the per-query time limit,
 * and a reply larger than the size bound rejects with QueryOverflowError instead of growing memory.
 */
export interface QueryChannel {
  readonly transport: Transport;
  /** What the user typed (-n): some protocols need the host name (TLS SNI, HTTP Host). */
  readonly host: string;
  readonly address: string;
  readonly port: number;
  readonly options: QueryOptions;
  readonly signal: AbortSignal;
  /** Send bytes (TCP: write to the stream; UDP: one datagram). */
  send(bytes: Uint8Array, label?: string): Promise<void>;
  /**
   * TCP: resolve with the next complete frame (per `framer`; without one, whatever arrived next).
   * Leftover bytes stay buffered for the next call.
   * UDP: resolve with the next datagram.
   * `timeoutMs` may shorten (never lengthen) the engine's bound.
   */
  receive(opts?: { framer?: Framer; timeoutMs?: number; label?: string }): Promise<Buffer>;
  /** TCP only: whatever arrives within `timeoutMs` (a banner), possibly empty. Never rejects on timeout. */
  receiveAvailable(timeoutMs: number, label?: string): Promise<Buffer>;
  /** TCP only: upgrade the stream to TLS (LDAPS, STARTTLS, HTTPS) and summarise the peer certificate. */
  startTls(opts?: { servername?: string; alpn?: string[] }): Promise<TlsSummary>;
  /** Note a step for the log and the detail view (e.g. "Using ephemeral source port"). */
  note(message: string): void;
}

/** What a module hands back; the engine adds the recorded exchanges. */
export interface QueryAnswer {
  /** Module name, e.g. "dns", "ldap", "rpc-epm". */
  protocol: string;
  /** True when the reply proves a live service (decides LISTENING for UDP). */
  listening: boolean;
  /** One line for tables: "NOERROR, 1 answer, authoritative". */
  summary: string;
  /** Parsed fields for --json and the detail tree (plain JSON-able values only). */
  fields: Record<string, unknown>;
  /** PortQry-style text block printed under the port's verdict line. */
  text: string;
  /** Notes recorded through channel.note(). */
  notes: string[];
  /** Every byte sent and received, in order. */
  exchanges: Exchange[];
  /** Set when the conversation failed after the port was found open (timeout, decode error...). */
  error?: string;
  /**
   * Further ports this answer revealed, for the engine to probe when asked (the endpoint mapper's
   * dynamic RPC ports under the AD preset or --rpc-ports).
   */
  discovered?: { protocol: Transport; port: number; why: string }[];
}

/** What a module's `run` returns; the engine fills protocol, notes and exchanges. */
export type ModuleResult = Omit<QueryAnswer, 'protocol' | 'notes' | 'exchanges'>;

export interface ProtocolModule {
  /** Short stable name used in JSON and --query: "dns", "ldap", "netbios-ns". */
  name: string;
  /** Title for text output: "DNS", "LDAP", "NetBIOS name service". */
  title: string;
  /** Service names (as in the services database, lower case) that select this module. */
  services: readonly string[];
  /** Transports this module can speak. */
  transports: readonly Transport[];
  /**
   * Run the conversation. Throw a DecodeError (src/protocols/decode-error.ts) for a reply that
   * is not this protocol; the engine turns any throw into QueryAnswer.error.
   */
  run(channel: QueryChannel): Promise<ModuleResult>;
  /**
   * PortQry skips some queries under -r (the RPC dump). Return false to skip in a range scan
   * unless the user asked for it.
   */
  runInRange?: (options: QueryOptions) => boolean;
  /**
   * UDP: the server answers from another port (TFTP replies from a fresh transfer ID, RFC 1350 4).
   * The engine then also accepts datagrams from the target's address on any port.
   */
  udpReplyFromAnyPort?: boolean;
}
