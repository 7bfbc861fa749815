/**
 * From what the kernel told a socket to PortQry's verdict and a reason (FACTS.md's table of what
 * Node reports for each answer a target can give).
 */
import type { PortState, Reason, Transport } from './types.js';

export interface Verdict {
  state: PortState;
  reason: Reason;
  reasonText: string;
}

/** Classify a socket error code; null when the code is not an answer from the network. */
export function classifyErrno(code: string, transport: Transport, from: string): Verdict | null {
  switch (code) {
    case 'ECONNREFUSED':
      return transport === 'tcp'
        ? { state: 'NOT LISTENING', reason: 'reset', reasonText: `TCP reset (RST) from ${from}` }
        : { state: 'NOT LISTENING', reason: 'port-unreachable', reasonText: `ICMP port unreachable from ${from}` };
    case 'EACCES':
    case 'EPERM':
      // IPv6 admin-prohibited (ICMPv6 1/1) surfaces as EACCES; a local firewall as EPERM.
      return { state: 'FILTERED', reason: 'admin-prohibited', reasonText: code === 'EPERM' ? 'blocked by a local firewall rule (EPERM)' : `ICMP administratively prohibited from ${from}` };
    case 'EHOSTUNREACH':
      // IPv4 admin-prohibited (3/13) and host unreachable both map to EHOSTUNREACH.
      return { state: 'FILTERED', reason: 'host-unreachable', reasonText: `ICMP host unreachable or administratively prohibited for ${from}` };
    case 'ENETUNREACH':
      return { state: 'FILTERED', reason: 'net-unreachable', reasonText: `network unreachable: no route to ${from}` };
    case 'ENOPROTOOPT':
      return { state: 'FILTERED', reason: 'protocol-unreachable', reasonText: `ICMP protocol unreachable from ${from}` };
    default:
      return null;
  }
}

export function silenceVerdict(transport: Transport, tries: number, what: string): Verdict {
  const times = tries === 1 ? 'once' : `${tries} times`;
  return transport === 'tcp'
    ? { state: 'FILTERED', reason: 'no-response', reasonText: `no answer to a TCP connect, tried ${times}` }
    : { state: 'LISTENING OR FILTERED', reason: 'no-response', reasonText: `no answer to ${what}, sent ${times}` };
}
