/** PortQry's "Port Statistics" block in text. */
import type { PortStatistics } from './port-statistics.js';

export function formatStatistics(stats: PortStatistics): string[] {
  return [
    `TCP mappings: ${stats.tcp}`,
    `UDP mappings: ${stats.udp}`,
    '',
    // PortQry's wording, "a" even before a vowel: scripts match on it.
    ...stats.tcpStates.map((s) => `TCP ports in a ${s.state} state: ${s.count} = ${s.percent.toFixed(2)}%`),
  ];
}
