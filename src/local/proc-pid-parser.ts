/**
 * Parsers for the per-process files under /proc/<pid> (proc(5)) and for /proc/stat's boot time.
 * Each takes the file's text and returns null (or an empty result) when the text does not have the
 * documented shape, so a process that exits mid-read just loses its details.
 */
import type { LoadedModule } from './types.js';

export interface ProcStat {
  /** comm, without the parentheses. */
  name: string;
  ppid: number;
  /** Field 22: start time in clock ticks after boot. */
  startTicks: number;
}

/**
 * /proc/<pid>/stat: `pid (comm) state ppid ...`. comm may hold spaces and parentheses, so the
 * fields start after the *last* `)` (proc(5)).
 */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const rest = text.slice(close + 2).trim().split(' ');
  // rest[0] is field 3 (state), so field N is rest[N - 3].
  const ppid = Number(rest[1]);
  const startTicks = Number(rest[19]);
  if (!Number.isInteger(ppid) || !Number.isFinite(startTicks) || rest.length < 20) return null;
  return { name: text.slice(open + 1, close), ppid, startTicks };
}

export interface ProcStatus {
  name: string | null;
  /** Effective uid (the second number of `Uid:`), the one ps shows as USER. */
  uid: number | null;
}

/** /proc/<pid>/status: `Key:\tvalue` lines. */
export function parseProcStatus(text: string): ProcStatus {
  let name: string | null = null;
  let uid: number | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('Name:')) name = line.slice(5).trim();
    else if (line.startsWith('Uid:')) {
      const ids = line.slice(4).trim().split(/\s+/).map(Number);
      if (ids.length >= 2 && Number.isInteger(ids[1])) uid = ids[1]!;
    }
  }
  return { name, uid };
}

/**
 * /proc/<pid>/cmdline: arguments separated (and ended) by NUL. Empty for kernel threads and
 * zombies: null then.
 */
export function parseCmdline(text: string): string | null {
  const args = text.split('\0');
  if (args.length > 0 && args[args.length - 1] === '') args.pop();
  if (args.length === 0) return null;
  return args.join(' ');
}

/**
 * /proc/<pid>/maps: `start-end perms offset dev inode pathname`. A module is a file-backed
 * mapping (inode not 0, path starting with `/`); device files and shared memory are left out. Each
 * path is listed once, in address order, with its lowest address (the sorted maps make that the
 * first line seen).
 */
export function parseMaps(text: string): LoadedModule[] {
  const modules: LoadedModule[] = [];
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    const match = /^([0-9a-f]+)-[0-9a-f]+\s+\S+\s+\S+\s+\S+\s+(\d+)\s+(\/.*)$/.exec(line);
    if (!match || match[2] === '0') continue;
    const path = match[3]!.trimEnd();
    if (path.startsWith('/dev/') || path.startsWith('/memfd:') || path.startsWith('/SYSV')) continue;
    if (seen.has(path)) continue;
    seen.add(path);
    modules.push({ path, baseAddress: `0x${match[1]}` });
  }
  return modules;
}

const UNIT_SUFFIX = /\.(service|scope|socket|mount|swap)$/;

/**
 * /proc/<pid>/cgroup: `hierarchy-ID:controllers:path` lines. The systemd unit is the last path
 * segment named like a unit (`/system.slice/ssh.service` gives `ssh.service`), read from the
 * unified hierarchy (`0::`) or else systemd's own v1 hierarchy (`name=systemd`). null outside
 * systemd (a container, another init).
 */
export function parseCgroupUnit(text: string): string | null {
  const lines = text.split('\n');
  const line = lines.find((l) => l.startsWith('0::')) ?? lines.find((l) => l.includes(':name=systemd:'));
  if (line === undefined) return null;
  const path = line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1);
  const units = path.split('/').filter((segment) => UNIT_SUFFIX.test(segment));
  return units.length > 0 ? units[units.length - 1]! : null;
}

/** /proc/stat's `btime`: boot time in seconds since the epoch, null when absent. */
export function parseBootTime(text: string): number | null {
  const match = /^btime (\d+)$/m.exec(text);
  return match ? Number(match[1]) : null;
}
