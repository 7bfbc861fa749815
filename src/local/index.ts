/**
 * portq's local mode: which process owns which TCP/UDP port on this machine, and what changes.
 *
 * Command line (src/cli calls this for -local, -wport, -wpid):
 *
 *   runLocalCommand({ mode: 'local' | 'wport' | 'wpid', port?, pid?, intervalSec, verbose, brief, json },
 *                   { write(text), signal }): Promise<exitCode>
 *
 *   -local prints PortQry's layout (port table, Port Statistics, PID:Process, and with -v a block
 *   per process with its service, start time and loaded modules); --brief one fport-style line per
 *   process and port; --json JSON lines (`socket` objects, then `process` objects, then one
 *   `summary`). -wport/-wpid print PortQry's watch header, then the table stamped `System Date:`
 *   whenever it changes, rows marked new / gone / changed; JSON watch lines are `watch`, `socket`
 *   with `change`, `note`, `error`, `watch-end`. Returns when io.signal aborts, after the last line.
 *   Exit codes: 0 done, 2 bad options, 3 no way to read the socket table.
 *
 * Terminal UI (the Local view):
 *
 *   const watcher = createLocalWatcher({ intervalMs: 2000, filter: { port: 8080 } | { pid: 1234 } });
 *   const off = watcher.subscribe((snapshot, diff) => ...);   // after every tick, diff may be empty
 *   watcher.getSnapshot();   // latest LocalSnapshot or null (useSyncExternalStore's getSnapshot)
 *   await watcher.refresh(); // tick now
 *   watcher.stop();
 *
 *   A LocalSnapshot holds `sockets` (LocalSocket: protocol, family, local/remote address and port,
 *   state in PortQry's spelling or null for UDP, pid or null with `ownerNote` saying why, process
 *   name, user, command line, and a stable `key`) and `processes` (LocalProcess: name, user,
 *   command line, executable, services, start time, modules with -v). A LocalDiff lists added,
 *   removed and changed sockets by key. Reports are plain functions of a snapshot, for the UI too.
 *
 * One-off snapshot: `takeLocalSnapshot({ verbose, filter })`.
 *
 * Sources: Linux reads /proc directly (ss -tunape as the fallback), macOS lsof + ps, Windows
 * netstat -ano + tasklist + PowerShell's Win32_Process. Each tool's text has a pure parser here.
 */
import { chooseCollector, type CollectorChoice } from './choose-collector.js';
import { buildSnapshot } from './snapshot.js';
import type { LocalSnapshot, SnapshotFilter } from './types.js';

export type {
  IpFamily,
  LoadedModule,
  LocalDiff,
  LocalProcess,
  LocalSnapshot,
  LocalSocket,
  OwnerUnknownReason,
  SnapshotFilter,
  SnapshotSource,
  SocketChange,
  SocketProtocol,
  TcpState,
} from './types.js';
export { runLocalCommand, type LocalCommandOptions, type LocalIo } from './command.js';
export { createLocalWatcher, type LocalWatcher, type LocalWatcherOptions, type LocalWatchListener } from './watcher.js';
export { chooseCollector, type CollectorChoice } from './choose-collector.js';
export type { LocalCollector } from './collector.js';
export { LocalError, type LocalErrorCode } from './local-error.js';
export { diffSnapshots, isEmptyDiff } from './snapshot-diff.js';
export { portStatistics, type PortStatistics } from './port-statistics.js';
export { formatLocalReport } from './local-report.js';
export { formatBriefReport } from './brief-report.js';
export { formatJsonReport, socketJson, processJson } from './json-report.js';
export { formatPortTable, remoteText, portText, ownerText } from './port-table.js';
export { watchNotes } from './watch-notes.js';

/** One snapshot with the platform's collector (or the one chosen). */
export async function takeLocalSnapshot(
  options: { verbose?: boolean; filter?: SnapshotFilter; collector?: CollectorChoice } = {},
): Promise<LocalSnapshot> {
  const filter = options.filter ?? null;
  const collection = await chooseCollector(options.collector).collect({ verbose: options.verbose ?? false, filter });
  return buildSnapshot(collection, { filter });
}
