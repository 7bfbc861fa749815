/**
 * Linux collector: reads the kernel's tables directly, no external command.
 *
 * - Sockets: /proc/net/{tcp,tcp6,udp,udp6} (of this network namespace, or of another process's
 *   through /proc/<pid>/net).
 * - Owners: every /proc/<pid>/fd/<n> link reading `socket:[<inode>]` (what ss -p and lsof do too).
 *   That scan is the expensive part, one readlink per open file on the machine, so the collector
 *   remembers where each inode was found: the next collect (a watch tick) reuses that while every
 *   socket in the table was seen before and every owner is still alive, and scans again when a
 *   new socket appears, an owner exits, or every `fullScanEvery` collects (to catch a socket
 *   handed to another process, or forked children sharing it). -wpid reads only that process's fds.
 * - Processes: see proc-process-reader.ts.
 */
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { endianness } from 'node:os';
import type { CollectedSocket, Collection, CollectRequest, LocalCollector } from './collector.js';
import { LocalError } from './local-error.js';
import { parsePasswd } from './passwd-parser.js';
import { parseProcNet } from './proc-net-parser.js';
import { parseProcStatus } from './proc-pid-parser.js';
import { ProcProcessReader, readText } from './proc-process-reader.js';
import type { ReportedOwner, SocketRecord } from './socket-record.js';
import { TimeSlicer } from './time-slice.js';
import type { IpFamily, LocalProcess, SocketProtocol } from './types.js';

const TABLES: readonly { file: string; protocol: SocketProtocol; family: IpFamily }[] = [
  { file: 'tcp', protocol: 'tcp', family: 4 },
  { file: 'tcp6', protocol: 'tcp', family: 6 },
  { file: 'udp', protocol: 'udp', family: 4 },
  { file: 'udp6', protocol: 'udp', family: 6 },
];

export interface ProcCollectorOptions {
  /** Where procfs is mounted; tests may point it elsewhere. */
  procRoot?: string;
  /** Read the socket tables of this process's network namespace (/proc/<pid>/net/*). */
  netPid?: number;
  /** Collects between full fd rescans while nothing else forces one. Default 10. */
  fullScanEvery?: number;
  /** Effective uid of the reader (default: this process's). */
  euid?: number;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

export class ProcCollector implements LocalCollector {
  readonly source = 'proc' as const;
  private readonly root: string;
  private readonly netDir: string;
  private readonly fullScanEvery: number;
  private readonly byteOrder = endianness();
  /** Where the last full scan found each socket inode. */
  /** Shared, never modified in place: sockets of later collects point at the same arrays. */
  private inodeOwners = new Map<number, ReportedOwner[]>();
  /** Inodes the last full scan found no visible owner for. */
  private unresolved = new Set<number>();
  /** Processes whose fd directory the last full scan could not read. */
  private hiddenPids = 0;
  private collectsSinceFullScan = Number.POSITIVE_INFINITY;
  /** -wpid: the watched process's sockets on the last read, and the table's other inodes then. */
  private watched: { pid: number; held: Map<number, string>; others: Set<number> } | null = null;
  private readonly processes: ProcProcessReader;
  private readonly euid: number;

  constructor(options: ProcCollectorOptions = {}) {
    this.euid = options.euid ?? process.geteuid?.() ?? -1;
    this.root = options.procRoot ?? '/proc';
    this.netDir = options.netPid === undefined ? `${this.root}/net` : `${this.root}/${options.netPid}/net`;
    this.fullScanEvery = options.fullScanEvery ?? 10;
    this.processes = new ProcProcessReader(this.root);
  }

  async collect(request: CollectRequest): Promise<Collection> {
    const warnings: string[] = [];
    const records = this.readTables(request.filter?.port, warnings);
    const watchedPid = request.filter?.pid;
    let sockets: CollectedSocket[];
    let watchedPidAlive: boolean | null = null;
    if (watchedPid !== undefined) {
      watchedPidAlive = readText(`${this.root}/${watchedPid}/stat`) !== null;
      sockets = await this.ownedBy(watchedPid, records, warnings);
    } else {
      sockets = await this.resolveOwners(records);
    }
    const processes = new Map<number, LocalProcess>();
    const pidsToRead = new Set<number>();
    for (const socket of sockets) for (const owner of socket.owners) pidsToRead.add(owner.pid);
    if (watchedPid !== undefined && watchedPidAlive) pidsToRead.add(watchedPid);
    const userNames = parsePasswd(readText('/etc/passwd') ?? '');
    for (const pid of pidsToRead) {
      const process = this.processes.read(pid, request.verbose, userNames);
      if (process !== null) processes.set(pid, process);
    }
    if (watchedPid !== undefined && !processes.has(watchedPid)) watchedPidAlive = false;
    // Owners that exited between the fd scan and reading their details are dropped.
    if (processes.size < pidsToRead.size) {
      for (const socket of sockets) {
        if (socket.owners.every((o) => processes.has(o.pid))) continue;
        socket.owners = socket.owners.filter((o) => processes.has(o.pid));
        if (socket.owners.length === 0) socket.ownerUnknown = 'exited';
      }
    }
    this.processes.forgetOthers(processes);
    return {
      source: this.source,
      privileged: this.euid === 0 && this.hiddenPids === 0,
      sockets,
      processes,
      userNames,
      watchedPidAlive,
      warnings,
    };
  }

  private readTables(localPort: number | undefined, warnings: string[]): SocketRecord[] {
    const records: SocketRecord[] = [];
    for (const table of TABLES) {
      let text: string;
      try {
        text = readFileSync(`${this.netDir}/${table.file}`, 'latin1');
      } catch (error) {
        // No tcp6/udp6 when IPv6 is disabled; no tcp at all means no procfs to read.
        if (table.family === 6 && errorCode(error) === 'ENOENT') continue;
        throw new LocalError('no-source', `cannot read ${this.netDir}/${table.file}: ${errorCode(error) ?? String(error)}`, 'proc');
      }
      const parsed = parseProcNet(text, { ...table, endianness: this.byteOrder, ...(localPort === undefined ? {} : { localPort }) });
      if (parsed.skipped.length > 0) {
        warnings.push(`${parsed.skipped.length} line(s) of ${this.netDir}/${table.file} did not parse and were left out`);
      }
      for (const record of parsed.records) records.push(record);
    }
    return records;
  }

  /**
   * Socket inodes held by one process (the -wpid case: no need to look at anyone else). The
   * process's fds are read again only when the table shows a socket not seen on the last read.
   */
  private async ownedBy(pid: number, records: SocketRecord[], warnings: string[]): Promise<CollectedSocket[]> {
    const inodes = records.filter((r) => r.inode !== null).map((r) => r.inode!);
    const last = this.watched;
    const reuse =
      last !== null &&
      last.pid === pid &&
      this.collectsSinceFullScan < this.fullScanEvery &&
      existsSync(`${this.root}/${pid}/fd`) &&
      inodes.every((inode) => last.held.has(inode) || last.others.has(inode));
    let held: Map<number, string>;
    if (reuse) {
      held = last.held;
      this.collectsSinceFullScan++;
    } else {
      held = await this.readFds(pid, warnings);
      this.watched = { pid, held, others: new Set(inodes.filter((inode) => !held.has(inode))) };
      this.collectsSinceFullScan = 0;
    }
    const sockets: CollectedSocket[] = [];
    for (const record of records) {
      const fd = record.inode === null ? undefined : held.get(record.inode);
      if (fd === undefined) continue;
      const socket = record as CollectedSocket;
      socket.owners = [{ pid, name: null, fd: Number(fd) }];
      socket.ownerUnknown = null;
      sockets.push(socket);
    }
    return sockets;
  }

  /** inode to fd of every socket the process holds. */
  private async readFds(pid: number, warnings: string[]): Promise<Map<number, string>> {
    const fdDir = `${this.root}/${pid}/fd`;
    const held = new Map<number, string>();
    let names: string[] = [];
    try {
      names = readdirSync(fdDir);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'EACCES' || code === 'EPERM') {
        const status = parseProcStatus(readText(`${this.root}/${pid}/status`) ?? '');
        warnings.push(
          `cannot see the sockets of process ${pid}${status.uid === null ? '' : ` (owned by uid ${status.uid})`}; run as root to see them`,
        );
      }
    }
    const slicer = new TimeSlicer();
    for (const fd of names) {
      if (slicer.due()) await slicer.rest();
      const inode = this.socketInode(`${fdDir}/${fd}`);
      if (inode !== null) held.set(inode, fd);
    }
    return held;
  }

  private socketInode(linkPath: string): number | null {
    let target: string;
    try {
      target = readlinkSync(linkPath);
    } catch {
      return null;
    }
    if (!target.startsWith('socket:[')) return null;
    return Number(target.slice(8, -1));
  }

  private async resolveOwners(records: SocketRecord[]): Promise<CollectedSocket[]> {
    const wanted = records.filter((r) => r.inode !== null).map((r) => r.inode!);
    const rescan = !this.cacheStillHolds(wanted);
    if (rescan) await this.fullScan();
    else this.collectsSinceFullScan++;
    // The records are this collect's own: completed in place rather than copied (10,000 copies a tick add up).
    const sockets = records as CollectedSocket[];
    for (const socket of sockets) {
      if (socket.inode === null) {
        socket.ownerUnknown = 'kernel-held';
        continue;
      }
      const refs = this.inodeOwners.get(socket.inode);
      if (refs === undefined || refs.length === 0) {
        // Unreadable fd directories, or (with procfs's hidepid) other users' processes not listed
        // at all: a matter of rights. Root who could read everything: the owner lives elsewhere.
        const otherUsers = this.euid !== 0 && socket.uid !== null && socket.uid !== this.euid;
        socket.ownerUnknown = this.hiddenPids > 0 || otherUsers ? 'no-permission' : 'not-in-namespace';
        continue;
      }
      socket.owners = refs;
      socket.ownerUnknown = null;
    }
    if (rescan) this.noteUnresolved(sockets);
    return sockets;
  }

  /**
   * True when the last full scan still answers: every wanted inode was seen then (with or without
   * an owner) and every owner it named is still alive. A socket that moved between two live
   * processes goes unnoticed until the next periodic full scan; any new socket forces one.
   */
  private cacheStillHolds(wanted: readonly number[]): boolean {
    if (this.collectsSinceFullScan >= this.fullScanEvery) return false;
    const alive = new Map<number, boolean>();
    for (const inode of wanted) {
      if (this.unresolved.has(inode)) continue;
      const refs = this.inodeOwners.get(inode);
      if (refs === undefined) return false;
      for (const ref of refs) {
        let isAlive = alive.get(ref.pid);
        if (isAlive === undefined) {
          isAlive = existsSync(`${this.root}/${ref.pid}/fd`);
          alive.set(ref.pid, isAlive);
        }
        if (!isAlive) return false;
      }
    }
    return true;
  }

  private async fullScan(): Promise<void> {
    const owners = new Map<number, ReportedOwner[]>();
    let hidden = 0;
    const slicer = new TimeSlicer();
    for (const entry of readdirSync(this.root)) {
      const first = entry.charCodeAt(0);
      if (first < 48 || first > 57) continue; // pid directories only
      const pid = Number(entry);
      const fdDir = `${this.root}/${entry}/fd`;
      let fds: string[];
      try {
        fds = readdirSync(fdDir);
      } catch (error) {
        const code = errorCode(error);
        if (code === 'EACCES' || code === 'EPERM') hidden++;
        continue; // ENOENT: it exited meanwhile
      }
      for (const fd of fds) {
        if (slicer.due()) await slicer.rest();
        const inode = this.socketInode(`${fdDir}/${fd}`);
        if (inode === null) continue;
        const owner: ReportedOwner = { pid, name: null, fd: Number(fd) };
        const refs = owners.get(inode);
        if (refs === undefined) owners.set(inode, [owner]);
        else if (!refs.some((r) => r.pid === pid)) {
          refs.push(owner);
          refs.sort((a, b) => a.pid - b.pid);
        }
      }
    }
    this.inodeOwners = owners;
    this.hiddenPids = hidden;
    this.unresolved = new Set();
    this.collectsSinceFullScan = 0;
  }

  /** Remembers the scan's misses, so that a socket nobody visible holds does not force a rescan every tick. */
  private noteUnresolved(sockets: readonly CollectedSocket[]): void {
    for (const s of sockets) if (s.inode !== null && s.owners.length === 0) this.unresolved.add(s.inode);
  }


}
