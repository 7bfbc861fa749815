/**
 * macOS (and other BSD) collector: `lsof -nP -iTCP -iUDP +c0 -F pcuLftPnT` for the sockets and
 * their processes, `ps` for command lines and start times, and with -v `lsof -d txt` for the
 * executable and libraries each process has mapped. lsof lists only the sockets of processes the
 * user may inspect: without root the others are simply absent, which a warning says.
 */
import type { CollectedSocket, Collection, CollectRequest, LocalCollector } from './collector.js';
import { lsofSocketRecords, parseLsofFields } from './lsof-parser.js';
import { parsePs, type PsProcess } from './ps-parser.js';
import { runTool, type ToolRunner } from './run-tool.js';
import { matchesFilter } from './snapshot.js';
import type { LocalProcess } from './types.js';

const defaultRunner: ToolRunner = (command, args) =>
  // lsof exits 1 when nothing matched; C locale keeps ps's lstart parseable.
  runTool(command, args, { okExitCodes: command === 'lsof' ? [1] : [], env: { LC_ALL: 'C' } });

export interface LsofCollectorOptions {
  run?: ToolRunner;
  euid?: number;
}

export class LsofCollector implements LocalCollector {
  readonly source = 'lsof' as const;
  private readonly run: ToolRunner;
  private readonly euid: number;

  constructor(options: LsofCollectorOptions = {}) {
    this.run = options.run ?? defaultRunner;
    this.euid = options.euid ?? process.geteuid?.() ?? -1;
  }

  async collect(request: CollectRequest): Promise<Collection> {
    const warnings: string[] = [];
    const fields = parseLsofFields(await this.run('lsof', ['-nP', '-iTCP', '-iUDP', '+c0', '-F', 'pcuLftPnT']));
    const converted = lsofSocketRecords(fields.processes);
    const skippedCount = fields.skipped.length + converted.skipped.length;
    if (skippedCount > 0) warnings.push(`${skippedCount} line(s) of lsof output did not parse and were left out`);
    if (this.euid !== 0) {
      warnings.push("without root, lsof lists only this user's sockets; run with sudo to see every process's sockets");
    }
    const sockets: CollectedSocket[] = converted.records
      .filter((r) => matchesFilter(r, request.filter))
      .map((r) => ({ ...r, ownerUnknown: null }));
    let ps = new Map<number, PsProcess>();
    try {
      ps = new Map(parsePs(await this.run('ps', ['-axww', '-o', 'pid=,uid=,user=,lstart=,command='])).processes.map((p) => [p.pid, p]));
    } catch (error) {
      warnings.push(`command lines and start times unavailable: ${(error as Error).message}`);
    }
    const wanted = new Set(sockets.flatMap((s) => s.owners.map((o) => o.pid)));
    const watchedPid = request.filter?.pid;
    if (watchedPid !== undefined && ps.has(watchedPid)) wanted.add(watchedPid);
    const modules = request.verbose && wanted.size > 0 ? await this.loadedModules([...wanted], warnings) : new Map<number, string[]>();
    const lsofByPid = new Map(fields.processes.map((p) => [p.pid, p]));
    const processes = new Map<number, LocalProcess>();
    for (const pid of wanted) {
      const fromLsof = lsofByPid.get(pid);
      const fromPs = ps.get(pid);
      const argv0 = fromPs?.commandLine.split(' ')[0] ?? '';
      const paths = modules.get(pid);
      processes.set(pid, {
        pid,
        name: fromLsof?.command ?? argv0.split('/').pop() ?? `pid ${pid}`,
        user: fromLsof?.login ?? fromPs?.user ?? null,
        uid: fromLsof?.uid ?? fromPs?.uid ?? null,
        commandLine: fromPs?.commandLine ?? null,
        executable: paths?.[0] ?? (argv0.startsWith('/') ? argv0 : null),
        // launchd jobs are not tied to processes in a way lsof or ps can show.
        services: [],
        startTime: fromPs?.startTime ?? null,
        modules: paths === undefined ? null : paths.map((path) => ({ path, baseAddress: null })),
        note: fromPs === undefined ? 'ps did not list this process' : null,
      });
    }
    return {
      source: this.source,
      privileged: this.euid === 0,
      sockets,
      processes,
      userNames: new Map(),
      watchedPidAlive: watchedPid === undefined ? null : ps.has(watchedPid) || lsofByPid.has(watchedPid),
      warnings,
    };
  }

  /** The `txt` files of each process: its executable and the libraries it has mapped. */
  private async loadedModules(pids: number[], warnings: string[]): Promise<Map<number, string[]>> {
    try {
      const text = await this.run('lsof', ['-nP', '-a', '-p', pids.join(','), '-d', 'txt', '-F', 'pfn']);
      const result = new Map<number, string[]>();
      for (const p of parseLsofFields(text).processes) {
        result.set(p.pid, p.files.filter((f) => f.fd === 'txt' && f.name !== null).map((f) => f.name!));
      }
      return result;
    } catch (error) {
      warnings.push(`loaded modules unavailable: ${(error as Error).message}`);
      return new Map();
    }
  }
}
