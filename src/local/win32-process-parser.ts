/**
 * Parser for the command lines and start times of Windows processes, which tasklist does not
 * give. The collector asks PowerShell for WMI's Win32_Process as CSV:
 *
 *   Get-CimInstance Win32_Process | Select-Object ProcessId, CommandLine, ExecutablePath,
 *     @{n='CreationDate';e={$_.CreationDate.ToUniversalTime().ToString('o')}} | ConvertTo-Csv -NoTypeInformation
 *
 *   "ProcessId","CommandLine","ExecutablePath","CreationDate"
 *   "952","C:\WINDOWS\system32\svchost.exe -k RPCSS -p","C:\WINDOWS\system32\svchost.exe","2025-06-09T07:01:02.1234567Z"
 *
 * Property names are not translated, so the header is read by name.
 */
import { parseCsv } from './csv-parser.js';

export interface Win32Process {
  pid: number;
  commandLine: string | null;
  executable: string | null;
  startTime: string | null;
}

export function parseWin32ProcessCsv(text: string): Map<number, Win32Process> {
  const rows = parseCsv(text.replace(/^#TYPE[^\n]*\n/, ''));
  const result = new Map<number, Win32Process>();
  const header = rows[0];
  if (header === undefined) return result;
  const column = (name: string) => header.indexOf(name);
  const [pidAt, commandAt, executableAt, startAt] = ['ProcessId', 'CommandLine', 'ExecutablePath', 'CreationDate'].map(column);
  if (pidAt === undefined || pidAt < 0) return result;
  const value = (row: string[], at: number | undefined) => {
    const text = at === undefined || at < 0 ? '' : (row[at] ?? '');
    return text === '' ? null : text;
  };
  for (const row of rows.slice(1)) {
    const pidText = row[pidAt] ?? '';
    if (!/^\d+$/.test(pidText)) continue;
    const start = value(row, startAt);
    const startDate = start === null ? null : new Date(start);
    result.set(Number(pidText), {
      pid: Number(pidText),
      commandLine: value(row, commandAt),
      executable: value(row, executableAt),
      startTime: startDate === null || Number.isNaN(startDate.getTime()) ? null : startDate.toISOString(),
    });
  }
  return result;
}
