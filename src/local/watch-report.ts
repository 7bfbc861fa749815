/**
 * Watch mode's output (-wport, -wpid), text and JSON lines. Text follows PortQry: the header
 * (`Watching port: 135`, `Checking for changes every 60 seconds`), then the connection table
 * stamped `System Date:` at the start and whenever something changed, each changed row marked
 * `new`, `gone` or `changed: OLD -> NEW`.
 */
import { formatSystemDate } from '../report/log-file.js';
import { socketJson } from './json-report.js';
import { formatPortTable, type TableRow } from './port-table.js';
import { formatProcessBlock } from './process-block.js';
import { isEmptyDiff } from './snapshot-diff.js';
import type { LocalDiff, LocalSnapshot, LocalSocket, SnapshotFilter, SocketChange } from './types.js';

export interface WatchTarget {
  filter: SnapshotFilter;
  intervalSec: number;
}

function watchedText(filter: SnapshotFilter): string {
  return filter.port !== undefined ? `port ${filter.port}` : `PID ${filter.pid}`;
}

function changeText(change: SocketChange): string {
  const parts: string[] = [];
  if (change.fields.includes('state')) parts.push(`${change.before.state ?? '-'} -> ${change.after.state ?? '-'}`);
  if (change.fields.includes('owner')) parts.push(`owner ${change.before.pid ?? '-'} -> ${change.after.pid ?? '-'}`);
  return `changed: ${parts.join(', ')}`;
}

function countsText(diff: LocalDiff): string {
  return `Changes: ${diff.added.length} new, ${diff.removed.length} gone, ${diff.changed.length} changed`;
}

export class WatchTextReport {
  private shownPids = new Set<number>();
  private updates = 0;

  constructor(
    private readonly target: WatchTarget,
    private readonly verbose: boolean,
  ) {}

  start(): string {
    const { filter, intervalSec } = this.target;
    const what = filter.port !== undefined ? `Watching port: ${filter.port}` : `Watching PID: ${filter.pid}`;
    return `${what}\nChecking for changes every ${intervalSec} second${intervalSec === 1 ? '' : 's'}\n\n`;
  }

  /** Text for one tick; '' when nothing changed (PortQry prints only on change). */
  update(snapshot: LocalSnapshot, diff: LocalDiff, notes: readonly string[], first: boolean): string {
    if (!first && isEmptyDiff(diff) && notes.length === 0) return '';
    this.updates++;
    const lines = [`System Date: ${formatSystemDate(new Date(snapshot.takenAt))}`, ''];
    lines.push(...notes);
    if (notes.length > 0) lines.push('');
    const rows = this.rows(snapshot, diff, first);
    if (rows.length > 0) lines.push(...formatPortTable(rows, { owner: true, change: !first }), '');
    if (!first && !isEmptyDiff(diff)) lines.push(countsText(diff), '');
    if (this.verbose) lines.push(...this.processBlocks(snapshot));
    if (snapshot.warnings.length > 0) lines.push(...snapshot.warnings.map((w) => `Warning: ${w}`), '');
    return lines.join('\n') + '\n';
  }

  failure(error: unknown, at: Date): string {
    const message = error instanceof Error ? error.message : String(error);
    return `System Date: ${formatSystemDate(at)}\n\nCould not read the socket table: ${message}. Trying again in ${this.target.intervalSec} s.\n\n`;
  }

  end(at: Date): string {
    return `Stopped watching ${watchedText(this.target.filter)} at ${formatSystemDate(at)} (${this.updates} update${this.updates === 1 ? '' : 's'} shown).\n`;
  }

  /** The current table with its changes marked, gone sockets kept at the end. */
  private rows(snapshot: LocalSnapshot, diff: LocalDiff, first: boolean): TableRow[] {
    if (first) return snapshot.sockets.map((socket) => ({ socket }));
    const added = new Set(diff.added.map((s) => s.key));
    const changed = new Map(diff.changed.map((c) => [c.after.key, c]));
    const rows: TableRow[] = snapshot.sockets.map((socket) => {
      const change = changed.get(socket.key);
      return { socket, change: added.has(socket.key) ? 'new' : change ? changeText(change) : '' };
    });
    for (const socket of diff.removed) rows.push({ socket, change: 'gone' });
    return rows;
  }

  private processBlocks(snapshot: LocalSnapshot): string[] {
    const lines: string[] = [];
    for (const p of snapshot.processes) {
      if (this.shownPids.has(p.pid)) continue;
      this.shownPids.add(p.pid);
      const sockets = snapshot.sockets.filter((s: LocalSocket) => s.pids.includes(p.pid));
      lines.push(...formatProcessBlock(p, sockets), '');
    }
    return lines;
  }
}

/** Watch mode as JSON lines: `watch`, then `socket` objects with a `change`, `note`s, and `watch-end`. */
export class WatchJsonReport {
  private changes = 0;

  constructor(private readonly target: WatchTarget) {}

  start(at: Date): string {
    return JSON.stringify({ type: 'watch', time: at.toISOString(), ...this.target.filter, intervalSec: this.target.intervalSec }) + '\n';
  }

  update(snapshot: LocalSnapshot, diff: LocalDiff, notes: readonly string[], first: boolean): string {
    const time = snapshot.takenAt;
    const lines: Record<string, unknown>[] = notes.map((message) => ({ type: 'note', time: new Date(time).toISOString(), message }));
    if (first) {
      lines.push(...snapshot.sockets.map((s) => ({ ...socketJson(s, time), change: 'present' })));
    } else {
      lines.push(...diff.added.map((s) => ({ ...socketJson(s, time), change: 'new' })));
      lines.push(...diff.removed.map((s) => ({ ...socketJson(s, time), change: 'gone' })));
      lines.push(
        ...diff.changed.map((c) => ({
          ...socketJson(c.after, time),
          change: 'changed',
          changed: c.fields,
          previous: { state: c.before.state, pid: c.before.pid, process: c.before.processName },
        })),
      );
      this.changes += diff.added.length + diff.removed.length + diff.changed.length;
    }
    return lines.map((l) => JSON.stringify(l) + '\n').join('');
  }

  failure(error: unknown, at: Date): string {
    const message = error instanceof Error ? error.message : String(error);
    return JSON.stringify({ type: 'error', time: at.toISOString(), message }) + '\n';
  }

  end(at: Date): string {
    return JSON.stringify({ type: 'watch-end', time: at.toISOString(), changes: this.changes }) + '\n';
  }
}
