/**
 * A socket as one source reported it, before owners are resolved into processes: the common
 * output of every socket-table parser (/proc/net/*, ss, lsof, netstat).
 */
import type { SocketFields } from './types.js';

/** A process a tool named as holding the socket (ss `users:`, lsof `p`, netstat PID). */
export interface ReportedOwner {
  pid: number;
  /** Command name as the tool printed it, null when it printed none (netstat). */
  name: string | null;
  /** The file descriptor number, when reported. */
  fd: number | null;
}

export interface SocketRecord extends SocketFields {
  /** Owners the source named; empty when it named none (or, for /proc, before the fd scan). */
  owners: ReportedOwner[];
}
