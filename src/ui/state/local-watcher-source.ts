/**
 * The Local view's LocalSource on src/local's watcher. The watcher's filter is fixed when it is
 * created, so watching a port or a process, and resuming after a pause, start a new watcher; its
 * first tick is passed on without a diff, and the store compares it with the rows it already shows.
 */
import { createLocalWatcher, type LocalWatcher } from '../../local/watcher.js';
import type { SnapshotFilter } from '../../local/types.js';
import type { LocalSource, LocalSourceEvent } from './local-source.js';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function localWatcherSource(opts: { intervalMs?: number; create?: typeof createLocalWatcher } = {}): LocalSource {
  const create = opts.create ?? createLocalWatcher;
  const intervalMs = opts.intervalMs ?? 2000;
  const listeners = new Set<(e: LocalSourceEvent) => void>();
  let filter: SnapshotFilter | null = null;
  let watcher: LocalWatcher | null = null;
  let running = false;
  const emit = (e: LocalSourceEvent) => {
    for (const l of [...listeners]) l(e);
  };
  const startWatcher = () => {
    watcher?.stop();
    let first = true;
    let w: LocalWatcher;
    try {
      w = create({
        intervalMs,
        ...(filter ? { filter } : {}),
        onError: (err) => {
          if (watcher === w) emit({ type: 'error', message: messageOf(err) });
        },
      });
    } catch (err) {
      // No way to list sockets on this system: the Local view says so, the rest of the UI goes on.
      watcher = null;
      emit({ type: 'error', message: messageOf(err) });
      return;
    }
    watcher = w;
    w.subscribe((snapshot, diff) => {
      if (watcher !== w) return;
      emit({ type: 'snapshot', snapshot, diff: first ? null : diff });
      first = false;
    });
  };
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (running) return;
      running = true;
      startWatcher();
    },
    stop() {
      running = false;
      watcher?.stop();
      watcher = null;
    },
    setFilter(next) {
      filter = next;
      if (running) startWatcher();
    },
    pause() {
      watcher?.stop();
      watcher = null;
    },
    resume() {
      if (running && !watcher) startWatcher();
    },
  };
}
