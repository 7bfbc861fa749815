/**
 * Windows collector: `netstat -ano` for the sockets and owning pids, `tasklist /v /fo csv` for
 * names and users, `tasklist /svc /fo csv` for the services each process hosts, PowerShell's
 * Win32_Process for command lines and start times, and with -v `tasklist /m /fo csv` for loaded
 * modules. Only netstat is required; the others add detail and, when they fail, a warning.
 */
import type { CollectedSocket, Collection, CollectRequest, LocalCollector } from './collector.js';
import { parseNetstat } from './netstat-parser.js';
import { runTool, type ToolRunner } from './run-tool.js';
import { matchesFilter } from './snapshot.js';
import { parseTasklist, parseTasklistModules, parseTasklistServices, type TasklistProcess } from './tasklist-parser.js';
import type { LocalProcess } from './types.js';
import { parseWin32ProcessCsv, type Win32Process } from './win32-process-parser.js';

export const WIN32_PROCESS_QUERY =
  "Get-CimInstance Win32_Process | Select-Object ProcessId, CommandLine, ExecutablePath, @{n='CreationDate';e={if ($_.CreationDate) { $_.CreationDate.ToUniversalTime().ToString('o') }}} | ConvertTo-Csv -NoTypeInformation";

export interface NetstatCollectorOptions {
  run?: ToolRunner;
}

export class NetstatCollector implements LocalCollector {
  readonly source = 'netstat' as const;
  private readonly run: ToolRunner;

  constructor(options: NetstatCollectorOptions = {}) {
    this.run = options.run ?? ((command, args) => runTool(command, args));
  }

  private async optional<T>(what: string, warnings: string[], load: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await load();
    } catch (error) {
      warnings.push(`${what} unavailable: ${(error as Error).message}`);
      return fallback;
    }
  }

  async collect(request: CollectRequest): Promise<Collection> {
    const warnings: string[] = [];
    const parsed = parseNetstat(await this.run('netstat', ['-ano']));
    if (parsed.skipped.length > 0) warnings.push(`${parsed.skipped.length} line(s) of netstat output did not parse and were left out`);
    const tasks = await this.optional(
      'process names and users',
      warnings,
      async () => new Map(parseTasklist(await this.run('tasklist', ['/v', '/fo', 'csv'])).map((t) => [t.pid, t])),
      new Map<number, TasklistProcess>(),
    );
    const services = await this.optional(
      'services',
      warnings,
      async () => parseTasklistServices(await this.run('tasklist', ['/svc', '/fo', 'csv'])),
      new Map<number, string[]>(),
    );
    const details = await this.optional(
      'command lines and start times',
      warnings,
      async () => parseWin32ProcessCsv(await this.run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', WIN32_PROCESS_QUERY])),
      new Map<number, Win32Process>(),
    );
    const modules = request.verbose
      ? await this.optional(
          'loaded modules',
          warnings,
          async () => parseTasklistModules(await this.run('tasklist', ['/m', '/fo', 'csv'])),
          new Map<number, string[]>(),
        )
      : new Map<number, string[]>();
    const sockets: CollectedSocket[] = parsed.records
      .filter((r) => matchesFilter(r, request.filter))
      .map((r) => {
        if (r.owners.length === 0) return { ...r, ownerUnknown: 'kernel-held' as const };
        // A pid tasklist no longer lists exited between the two commands.
        if (tasks.size > 0 && !tasks.has(r.owners[0]!.pid)) return { ...r, owners: [], ownerUnknown: 'exited' as const };
        return { ...r, ownerUnknown: null };
      });
    const wanted = new Set(sockets.flatMap((s) => s.owners.map((o) => o.pid)));
    const watchedPid = request.filter?.pid;
    if (watchedPid !== undefined && tasks.has(watchedPid)) wanted.add(watchedPid);
    const processes = new Map<number, LocalProcess>();
    for (const pid of wanted) {
      const task = tasks.get(pid);
      const detail = details.get(pid);
      const moduleNames = modules.get(pid);
      processes.set(pid, {
        pid,
        name: task?.imageName ?? `pid ${pid}`,
        user: task?.user ?? null,
        uid: null,
        commandLine: detail?.commandLine ?? null,
        executable: detail?.executable ?? null,
        services: services.get(pid) ?? [],
        startTime: detail?.startTime ?? null,
        // tasklist /m names modules without their paths or load addresses.
        modules: moduleNames === undefined ? null : moduleNames.map((path) => ({ path, baseAddress: null })),
        note: task?.user === null ? 'user not shown to this account; run from an elevated prompt to see it' : null,
      });
    }
    return {
      source: this.source,
      // netstat -ano names the owner of every socket for any user; only details need elevation.
      privileged: true,
      sockets,
      processes,
      userNames: new Map(),
      watchedPidAlive: watchedPid === undefined ? null : tasks.size === 0 ? null : tasks.has(watchedPid),
      warnings,
    };
  }
}
