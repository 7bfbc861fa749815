/**
 * The -l log file. Written synchronously line by line, so that whatever was printed is on disk
 * even if the process is killed, and closed with PortQry's footer on every way out (normal end,
 * Ctrl-C, SIGTERM): PortQry's users lost their logs on Ctrl-C.
 */
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { EXIT, PortqError } from '../engine/errors.js';

export const LOG_FOOTER = '========= end of log file =========';

export class LogFile {
  private fd: number | null;

  private constructor(fd: number, readonly path: string) {
    this.fd = fd;
  }

  /** Open (truncate) and write the header. */
  static create(path: string, commandLine: string, version: string, now = new Date()): LogFile {
    let fd: number;
    try {
      fd = openSync(path, 'w');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      throw new PortqError(`-l: cannot write the log file ${path} (${code}); choose a path you can write to.`, EXIT.cantCreate);
    }
    const log = new LogFile(fd, path);
    log.write(
      [
        `portq Version ${version} Log File (PortQry Version 2.0 format)`,
        '',
        `System Date: ${formatSystemDate(now)}`,
        '',
        'Command run:',
        ` ${commandLine}`,
        '',
        'Local computer name:',
        '',
        ` ${hostname()}`,
        '',
      ].join('\n') + '\n',
    );
    return log;
  }

  static exists(path: string): boolean {
    return existsSync(path);
  }

  write(text: string): void {
    if (this.fd === null) return;
    writeSync(this.fd, text);
  }

  /** Write the footer and close; safe to call more than once (signal handler and normal end). */
  close(note?: string): void {
    if (this.fd === null) return;
    if (note) this.write(`\n${note}\n`);
    this.write(`\n${LOG_FOOTER}\n`);
    closeSync(this.fd);
    this.fd = null;
  }
}

/** PortQry stamps "System Date: Mon Nov 23 14:24:17 2026". */
export function formatSystemDate(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getDay()]} ${months[d.getMonth()]} ${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${d.getFullYear()}`;
}
