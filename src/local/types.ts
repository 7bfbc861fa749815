/**
 * The local mode's vocabulary: sockets on this machine, the processes that hold them, a snapshot of
 * both, and the difference between two snapshots. Every collector (Linux /proc, ss, lsof, netstat)
 * produces these shapes; every face (PortQry text, brief, JSON, the terminal UI) reads only these.
 */

export type SocketProtocol = 'tcp' | 'udp';
export type IpFamily = 4 | 6;

/**
 * TCP states spelled as PortQry prints them (Windows' MIB_TCP_STATE names with spaces:
 * `TIME WAIT`, `CLOSE WAIT`, `FIN WAIT 1`...). `BOUND` is Windows' bound-but-idle socket;
 * `UNKNOWN` is a state the source printed that portq does not know (a localized netstat, say).
 */
export type TcpState =
  | 'LISTENING'
  | 'SYN SENT'
  | 'SYN RECEIVED'
  | 'ESTABLISHED'
  | 'FIN WAIT 1'
  | 'FIN WAIT 2'
  | 'CLOSE WAIT'
  | 'CLOSING'
  | 'LAST ACK'
  | 'TIME WAIT'
  | 'CLOSED'
  | 'DELETE TCB'
  | 'BOUND'
  | 'UNKNOWN';

/** Where a snapshot's socket table came from. */
export type SnapshotSource = 'proc' | 'ss' | 'lsof' | 'netstat';

/**
 * Why no process is shown for a socket. Stable identifiers for scripts; `LocalSocket.ownerNote`
 * carries the sentence with its hint.
 * - no-permission: another user's process holds it and this user may not inspect it
 * - kernel-held: no process holds it any more (TIME WAIT and other orphaned connection ends)
 * - not-in-namespace: no process visible here holds it (another PID namespace, a container's
 *   host, or a kernel socket)
 * - exited: the owner went away while the snapshot was being taken
 * - not-reported: the source tool did not name an owner and gave no reason
 */
export type OwnerUnknownReason = 'no-permission' | 'kernel-held' | 'not-in-namespace' | 'exited' | 'not-reported';

/** What every socket table says of a socket, whichever tool printed it. */
export interface SocketFields {
  protocol: SocketProtocol;
  family: IpFamily;
  /** `0.0.0.0` / `::` for a wildcard bind. IPv6 in RFC 5952 form. */
  localAddress: string;
  localPort: number;
  /** null when there is no peer (a listener, an unconnected UDP socket, a `*` remote). */
  remoteAddress: string | null;
  remotePort: number | null;
  /** TCP state; null for UDP, which has none (PortQry and netstat print nothing there). */
  state: TcpState | null;
  /** Kernel socket inode (Linux), null elsewhere or for a kernel-held TIME WAIT end. */
  inode: number | null;
  /** Uid that created the socket, when the source reports it (Linux /proc, ss -e). */
  uid: number | null;
}

/** One TCP or UDP socket (an endpoint pair on this machine) with the processes that hold it. */
export interface LocalSocket extends SocketFields {
  /**
   * Stable identity across snapshots: protocol, family and both endpoints, plus an owner suffix
   * only when two sockets share all four (SO_REUSEPORT listeners). The state is not part of it,
   * so a state change keeps the key.
   */
  key: string;
  /** The owning process: the lowest of `pids`, null when not visible (see ownerNote). */
  pid: number | null;
  /** Every process holding the socket (a pre-forked server's workers share its listener). */
  pids: number[];
  processName: string | null;
  user: string | null;
  commandLine: string | null;
  /** Set exactly when pid is null: why, with a hint ("owned by uid 0 (root); run as root ..."). */
  ownerNote: string | null;
  ownerUnknown: OwnerUnknownReason | null;
}

/** A module (shared object, DLL) mapped into a process. */
export interface LoadedModule {
  path: string;
  /** Lowest address the module is mapped at, `0x...`, when the source reports it. */
  baseAddress: string | null;
}

export interface LocalProcess {
  pid: number;
  /** Short name (comm on Linux, image name on Windows). */
  name: string;
  user: string | null;
  uid: number | null;
  /** Arguments joined with spaces; null when not readable. */
  commandLine: string | null;
  /** The executable's path when known (the brief view's "path"). */
  executable: string | null;
  /** systemd unit (Linux) or Windows service names hosted by the process; empty when none. */
  services: string[];
  /** ISO 8601 start time, null when unknown. */
  startTime: string | null;
  /** Loaded modules, only collected for verbose output; null when not collected or unreadable. */
  modules: LoadedModule[] | null;
  /** Why some details are missing, if any are ("command line not readable: ..."). */
  note: string | null;
}

export interface SnapshotFilter {
  /** Keep sockets whose local port is this (TCP and UDP). */
  port?: number;
  /** Keep sockets held by this process. */
  pid?: number;
}

export interface LocalSnapshot {
  /** Epoch milliseconds. */
  takenAt: number;
  hostname: string;
  platform: NodeJS.Platform;
  source: SnapshotSource;
  /** True when the snapshot could see every process's sockets (root on Linux). */
  privileged: boolean;
  filter: SnapshotFilter | null;
  /** Sorted by protocol, family, local port, local address, remote endpoint. */
  sockets: LocalSocket[];
  /** The processes that own at least one listed socket (and the watched pid), sorted by pid. */
  processes: LocalProcess[];
  /**
   * With a pid filter: whether that process exists. A watched pid that exits is reported, and
   * watching goes on.
   */
  watchedPidAlive: boolean | null;
  /** Things the user should know about this snapshot (a fallback source was used...). */
  warnings: string[];
}

export interface SocketChange {
  before: LocalSocket;
  after: LocalSocket;
  /** What changed: the TCP state and/or the owning process. */
  fields: ('state' | 'owner')[];
}

/** What happened between two snapshots, by socket key. */
export interface LocalDiff {
  added: LocalSocket[];
  removed: LocalSocket[];
  changed: SocketChange[];
}
