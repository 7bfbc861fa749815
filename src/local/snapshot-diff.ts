/**
 * What changed between two snapshots, by socket key (socket-key.ts): new sockets, gone sockets,
 * and sockets whose TCP state or owning process changed. Lists keep the newer snapshot's order
 * (the older one's for gone sockets).
 */
import type { LocalDiff, LocalSnapshot, SocketChange } from './types.js';

export function diffSnapshots(before: LocalSnapshot | null, after: LocalSnapshot): LocalDiff {
  if (before === null) return { added: [...after.sockets], removed: [], changed: [] };
  const old = new Map(before.sockets.map((s) => [s.key, s]));
  const current = new Set(after.sockets.map((s) => s.key));
  const added = [];
  const changed: SocketChange[] = [];
  for (const socket of after.sockets) {
    const previous = old.get(socket.key);
    if (previous === undefined) {
      added.push(socket);
      continue;
    }
    const fields: SocketChange['fields'] = [];
    if (previous.state !== socket.state) fields.push('state');
    if (previous.pid !== socket.pid) fields.push('owner');
    if (fields.length > 0) changed.push({ before: previous, after: socket, fields });
  }
  const removed = before.sockets.filter((s) => !current.has(s.key));
  return { added, removed, changed };
}

export function isEmptyDiff(diff: LocalDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}
