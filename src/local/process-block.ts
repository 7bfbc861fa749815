/**
 * -v's per-process block, after PortQry's "Port and Module Information by Process":
 * `Process ID: 952 (svchost.exe)`, the service, then the process's own port table and statistics,
 * then `Loaded modules:` with paths.
 */
import { formatSystemDate } from '../report/log-file.js';
import { portStatistics } from './port-statistics.js';
import { formatPortTable } from './port-table.js';
import { formatStatistics } from './statistics-text.js';
import type { LocalProcess, LocalSocket } from './types.js';

export const BLOCK_RULE = '==============================================';

export function formatProcessBlock(process: LocalProcess, sockets: readonly LocalSocket[]): string[] {
  const lines = [BLOCK_RULE, `Process ID: ${process.pid} (${process.name})`, ''];
  lines.push(`Service Name: ${process.services.length > 0 ? process.services.join(', ') : '(none)'}`);
  lines.push(`User: ${process.user ?? '(not shown)'}`);
  lines.push(`Start Time: ${process.startTime === null ? '(not shown)' : formatSystemDate(new Date(process.startTime))}`);
  lines.push(`Command Line: ${process.commandLine ?? '(not shown)'}`);
  if (process.executable !== null) lines.push(`Executable: ${process.executable}`);
  if (process.note !== null) lines.push(`Note: ${process.note}`);
  lines.push('');
  if (sockets.length > 0) {
    lines.push(...formatPortTable(sockets.map((socket) => ({ socket }))), '', 'Port Statistics', '');
    lines.push(...formatStatistics(portStatistics(sockets)), '');
  } else {
    lines.push('No TCP or UDP ports.', '');
  }
  if (process.modules === null) {
    lines.push('Loaded modules: (not shown)');
  } else {
    lines.push('Loaded modules:');
    for (const m of process.modules) lines.push(m.baseAddress === null ? ` ${m.path}` : ` ${m.path} (${m.baseAddress})`);
  }
  return lines;
}
