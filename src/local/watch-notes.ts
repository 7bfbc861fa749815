/**
 * The sentences watch mode adds beside the table: a port nobody holds, a watched process that
 * exits, comes back, or whose pid now belongs to another program. Watching always goes on.
 */
import { formatSystemDate } from '../report/log-file.js';
import type { LocalProcess, LocalSnapshot } from './types.js';

function watchedProcess(snapshot: LocalSnapshot, pid: number): LocalProcess | undefined {
  return snapshot.processes.find((p) => p.pid === pid);
}

function describe(p: LocalProcess): string {
  return p.startTime === null ? p.name : `${p.name}, started ${formatSystemDate(new Date(p.startTime))}`;
}

/** Notes for the step from `before` (null on the first tick) to `after`. */
export function watchNotes(before: LocalSnapshot | null, after: LocalSnapshot): string[] {
  const notes: string[] = [];
  const port = after.filter?.port;
  if (port !== undefined) {
    const wasHeld = before !== null && before.sockets.length > 0;
    const isHeld = after.sockets.length > 0;
    if (!isHeld && (before === null || wasHeld)) {
      notes.push(`Port ${port} is ${before === null ? 'not' : 'no longer'} in use: no TCP or UDP socket holds it. Watching goes on.`);
    } else if (isHeld && before !== null && !wasHeld) {
      notes.push(`Port ${port} is in use again.`);
    }
  }
  const pid = after.filter?.pid;
  if (pid !== undefined) {
    const old = before === null ? undefined : watchedProcess(before, pid);
    const now = watchedProcess(after, pid);
    const wasAlive = before !== null && before.watchedPidAlive === true;
    const isAlive = after.watchedPidAlive === true;
    if (before === null) {
      notes.push(isAlive && now ? `Process ${pid}: ${describe(now)}.` : `Process ${pid} is not running. Watching goes on.`);
    } else if (wasAlive && !isAlive) {
      notes.push(`Process ${pid}${old ? ` (${old.name})` : ''} has exited. Watching goes on.`);
    } else if (!wasAlive && isAlive) {
      notes.push(`Process ${pid} is running${now ? `: ${describe(now)}` : ''}.`);
    } else if (old && now && old.startTime !== null && now.startTime !== null && old.startTime !== now.startTime) {
      notes.push(`PID ${pid} now belongs to another process: ${describe(now)}.`);
    }
  }
  return notes;
}
