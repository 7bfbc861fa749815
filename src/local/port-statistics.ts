/**
 * PortQry's "Port Statistics": how many TCP and UDP ports are mapped, and how the TCP ones split
 * by state, each with its share of the TCP total (`TCP ports in a LISTENING state: 51 = 68.92%`).
 */
import { TCP_STATE_ORDER } from './tcp-state.js';
import type { LocalSocket, TcpState } from './types.js';

export interface StateCount {
  state: TcpState;
  count: number;
  /** Share of the TCP mappings, 0-100, two decimals. */
  percent: number;
}

export interface PortStatistics {
  tcp: number;
  udp: number;
  /** The four states PortQry users read first always; any other only when present. */
  tcpStates: StateCount[];
}

const ALWAYS_LISTED: readonly TcpState[] = ['LISTENING', 'ESTABLISHED', 'TIME WAIT', 'CLOSE WAIT'];

export function portStatistics(sockets: readonly LocalSocket[]): PortStatistics {
  const counts = new Map<TcpState, number>();
  let tcp = 0;
  let udp = 0;
  for (const s of sockets) {
    if (s.protocol === 'udp') {
      udp++;
      continue;
    }
    tcp++;
    const state = s.state ?? 'UNKNOWN';
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  const tcpStates = TCP_STATE_ORDER.filter((state) => ALWAYS_LISTED.includes(state) || (counts.get(state) ?? 0) > 0).map(
    (state) => {
      const count = counts.get(state) ?? 0;
      return { state, count, percent: tcp === 0 ? 0 : Math.round((count / tcp) * 10000) / 100 };
    },
  );
  return { tcp, udp, tcpStates };
}
