/**
 * Parser for `ps -axww -o pid=,uid=,user=,lstart=,command=` on macOS (run with LC_ALL=C so that
 * lstart is in the C locale). Lines: `  123   501 alice    Mon Jun  9 10:11:12 2025     /usr/bin/foo -x`.
 * lstart is ctime(3)'s layout in local time; command is the full argument list, spaces and all.
 */
import type { SkippedLine } from './local-error.js';

export interface PsProcess {
  pid: number;
  uid: number;
  user: string;
  /** ISO 8601, null when lstart did not parse. */
  startTime: string | null;
  commandLine: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LINE = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+[A-Z][a-z]{2} ([A-Z][a-z]{2})\s+(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})\s+(.*)$/;

export function parsePs(text: string): { processes: PsProcess[]; skipped: SkippedLine[] } {
  const processes: PsProcess[] = [];
  const skipped: SkippedLine[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim().length === 0) return;
    const m = LINE.exec(line);
    if (!m) {
      skipped.push({ line: index + 1, text: line, reason: 'not pid uid user lstart command' });
      return;
    }
    const month = MONTHS.indexOf(m[4]!);
    const date = new Date(Number(m[9]), month, Number(m[5]), Number(m[6]), Number(m[7]), Number(m[8]));
    processes.push({
      pid: Number(m[1]),
      uid: Number(m[2]),
      user: m[3]!,
      startTime: month < 0 || Number.isNaN(date.getTime()) ? null : date.toISOString(),
      commandLine: m[10]!.trimEnd(),
    });
  });
  return { processes, skipped };
}
