/**
 * Reads what portq shows about a Linux process from /proc/<pid>/{stat,status,cmdline,exe,cgroup},
 * plus maps for -v (proc(5)). Results are cached by pid and start time, so a watch tick re-reads
 * only stat, and a reused pid is never mistaken for the old process.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import { parseBootTime, parseCgroupUnit, parseCmdline, parseMaps, parseProcStat, parseProcStatus } from './proc-pid-parser.js';
import type { LocalProcess } from './types.js';

/**
 * USER_HZ: the unit of /proc/<pid>/stat's start time. It is 100 on every architecture Linux
 * exports to user space (sysconf(_SC_CLK_TCK), which Node cannot call, reads the same constant).
 */
const CLOCK_TICKS_PER_SECOND = 100;

interface CachedProcess {
  startTicks: number;
  verbose: boolean;
  process: LocalProcess;
}

/** A file's text, or null when it cannot be read (gone, or not ours to read). */
export function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export class ProcProcessReader {
  private cache = new Map<number, CachedProcess>();
  private bootTime: number | null | undefined;

  constructor(private readonly root = '/proc') {}

  /** The process, or null when it no longer exists. */
  read(pid: number, verbose: boolean, userNames: ReadonlyMap<number, string>): LocalProcess | null {
    const dir = `${this.root}/${pid}`;
    const stat = parseProcStat(readText(`${dir}/stat`) ?? '');
    if (stat === null) return null;
    const cached = this.cache.get(pid);
    if (cached && cached.startTicks === stat.startTicks && (cached.verbose || !verbose)) return cached.process;
    const status = parseProcStatus(readText(`${dir}/status`) ?? '');
    const cmdlineText = readText(`${dir}/cmdline`);
    const commandLine = cmdlineText === null ? null : parseCmdline(cmdlineText);
    let executable: string | null = null;
    try {
      executable = readlinkSync(`${dir}/exe`);
    } catch {
      // Another user's process (or a kernel thread): fall back to argv[0] when it is a path.
      const argv0 = cmdlineText?.split('\0')[0] ?? '';
      executable = argv0.startsWith('/') ? argv0 : null;
    }
    const notes: string[] = [];
    const user = status.uid === null ? null : (userNames.get(status.uid) ?? `uid ${status.uid}`);
    if (this.bootTime === undefined) this.bootTime = parseBootTime(readText(`${this.root}/stat`) ?? '');
    const startTime =
      this.bootTime === null ? null : new Date((this.bootTime + stat.startTicks / CLOCK_TICKS_PER_SECOND) * 1000).toISOString();
    const unit = parseCgroupUnit(readText(`${dir}/cgroup`) ?? '');
    const services = unit === null ? [] : [unit];
    let modules: LocalProcess['modules'] = null;
    if (verbose) {
      const maps = readText(`${dir}/maps`);
      if (maps === null) notes.push(`loaded modules not readable (owned by ${user ?? 'another user'}); run as root to see them`);
      else modules = parseMaps(maps);
    }
    if (cmdlineText === null) notes.push('command line not readable');
    const process: LocalProcess = {
      pid,
      name: stat.name,
      user,
      uid: status.uid,
      commandLine,
      executable,
      services,
      startTime,
      modules,
      note: notes.length > 0 ? notes.join('; ') : null,
    };
    this.cache.set(pid, { startTicks: stat.startTicks, verbose, process });
    return process;
  }

  /** Drops cached processes not in `seen` (they exited, or are no longer of interest). */
  forgetOthers(seen: ReadonlyMap<number, LocalProcess>): void {
    for (const pid of this.cache.keys()) if (!seen.has(pid)) this.cache.delete(pid);
  }
}
