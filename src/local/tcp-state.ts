/**
 * TCP state names: every source spells them its own way; portq prints PortQry's spelling
 * (Windows' MIB_TCP_STATE with spaces: `TIME WAIT`, `CLOSE WAIT`).
 */
import type { TcpState } from './types.js';

/**
 * Linux's numbering, printed in hex in the `st` column of /proc/net/tcp{,6}
 * (include/net/tcp_states.h). NEW_SYN_RECV (0x0C) is a request socket, a half-open
 * connection: SYN RECEIVED to the user. BOUND_INACTIVE (0x0D, Linux 6.10) is a bound socket.
 */
const LINUX_KERNEL_STATES: Readonly<Record<number, TcpState>> = {
  0x01: 'ESTABLISHED',
  0x02: 'SYN SENT',
  0x03: 'SYN RECEIVED',
  0x04: 'FIN WAIT 1',
  0x05: 'FIN WAIT 2',
  0x06: 'TIME WAIT',
  0x07: 'CLOSED',
  0x08: 'CLOSE WAIT',
  0x09: 'LAST ACK',
  0x0a: 'LISTENING',
  0x0b: 'CLOSING',
  0x0c: 'SYN RECEIVED',
  0x0d: 'BOUND',
};

export function tcpStateFromKernel(code: number): TcpState {
  return LINUX_KERNEL_STATES[code] ?? 'UNKNOWN';
}

/**
 * Names as printed by ss (iproute2 misc/ss.c `sstate_name`), lsof on Linux (`TCP_*` without the
 * prefix), lsof on macOS/BSD (netinet/tcp_fsm.h `tcpstates[]`) and Windows netstat. Keys are upper
 * case with `-`, `_` and spaces removed so that `FIN-WAIT-1`, `FIN_WAIT1` and `FIN_WAIT_1` meet.
 */
const NAMED_STATES: Readonly<Record<string, TcpState>> = {
  LISTEN: 'LISTENING',
  LISTENING: 'LISTENING',
  ESTAB: 'ESTABLISHED',
  ESTABLISHED: 'ESTABLISHED',
  SYNSENT: 'SYN SENT',
  SYNRECV: 'SYN RECEIVED',
  SYNRECEIVED: 'SYN RECEIVED',
  SYNRCVD: 'SYN RECEIVED',
  FINWAIT1: 'FIN WAIT 1',
  FINWAIT2: 'FIN WAIT 2',
  CLOSEWAIT: 'CLOSE WAIT',
  CLOSING: 'CLOSING',
  LASTACK: 'LAST ACK',
  TIMEWAIT: 'TIME WAIT',
  CLOSE: 'CLOSED',
  CLOSED: 'CLOSED',
  UNCONN: 'CLOSED',
  DELETETCB: 'DELETE TCB',
  BOUND: 'BOUND',
};

export function tcpStateFromName(name: string): TcpState {
  return NAMED_STATES[name.toUpperCase().replace(/[-_ ]/g, '')] ?? 'UNKNOWN';
}

/** The order the statistics list states in: the four PortQry users look for first. */
export const TCP_STATE_ORDER: readonly TcpState[] = [
  'LISTENING',
  'ESTABLISHED',
  'TIME WAIT',
  'CLOSE WAIT',
  'SYN SENT',
  'SYN RECEIVED',
  'FIN WAIT 1',
  'FIN WAIT 2',
  'CLOSING',
  'LAST ACK',
  'CLOSED',
  'BOUND',
  'DELETE TCB',
  'UNKNOWN',
];
