/**
 * Linux fallback collector: `ss -tunape` (the documented `ss -tunap` plus -e, which adds the
 * socket's uid and inode, so that an owner ss cannot show still gets an explanation). Used when
 * /proc/net cannot be read. Process details still come from /proc/<pid> when it is there.
 */
import type { CollectedSocket, Collection, CollectRequest, LocalCollector } from './collector.js';
import { parsePasswd } from './passwd-parser.js';
import { ProcProcessReader, readText } from './proc-process-reader.js';
import { runTool } from './run-tool.js';
import { matchesFilter } from './snapshot.js';
import { parseSs } from './ss-parser.js';
import type { LocalProcess, OwnerUnknownReason } from './types.js';

export interface SsCollectorOptions {
  /** Returns ss's output; tests give captured text. Default: run `ss -tunape`. */
  run?: () => Promise<string>;
  /** Effective uid of the reader (default: this process's). */
  euid?: number;
}

export class SsCollector implements LocalCollector {
  readonly source = 'ss' as const;
  private readonly processes = new ProcProcessReader();
  private readonly run: () => Promise<string>;
  private readonly euid: number;

  constructor(options: SsCollectorOptions = {}) {
    this.run = options.run ?? (() => runTool('ss', ['-tunape']));
    this.euid = options.euid ?? process.geteuid?.() ?? -1;
  }

  async collect(request: CollectRequest): Promise<Collection> {
    const parsed = parseSs(await this.run());
    const warnings = parsed.skipped.length > 0 ? [`${parsed.skipped.length} line(s) of ss output did not parse and were left out`] : [];
    const userNames = parsePasswd(readText('/etc/passwd') ?? '');
    const sockets: CollectedSocket[] = parsed.records
      .filter((r) => matchesFilter(r, request.filter))
      .map((r) => ({ ...r, ownerUnknown: r.owners.length > 0 ? null : this.whyNoOwner(r.state, r.inode, r.uid) }));
    const processes = new Map<number, LocalProcess>();
    for (const socket of sockets) {
      for (const owner of socket.owners) {
        if (processes.has(owner.pid)) continue;
        processes.set(
          owner.pid,
          this.processes.read(owner.pid, request.verbose, userNames) ?? {
            pid: owner.pid,
            name: owner.name ?? `pid ${owner.pid}`,
            user: null,
            uid: null,
            commandLine: null,
            executable: null,
            services: [],
            startTime: null,
            modules: null,
            note: 'only the name ss reported is known: /proc/<pid> is not readable',
          },
        );
      }
    }
    const watchedPid = request.filter?.pid;
    let watchedPidAlive: boolean | null = null;
    if (watchedPid !== undefined) {
      const watched = this.processes.read(watchedPid, request.verbose, userNames);
      if (watched !== null) processes.set(watchedPid, watched);
      watchedPidAlive = watched !== null || processes.has(watchedPid);
    }
    this.processes.forgetOthers(processes);
    return { source: this.source, privileged: this.euid === 0, sockets, processes, userNames, watchedPidAlive, warnings };
  }

  private whyNoOwner(state: string | null, inode: number | null, uid: number | null): OwnerUnknownReason {
    if (state === 'TIME WAIT') return 'kernel-held';
    if (this.euid === 0) return inode === null && uid === null ? 'not-reported' : 'not-in-namespace';
    if (uid !== null && uid !== this.euid) return 'no-permission';
    return 'not-reported';
  }
}
