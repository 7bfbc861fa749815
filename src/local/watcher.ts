/**
 * The live engine behind watch mode (-wport, -wpid) and the terminal UI's Local view: takes a
 * snapshot now and then every `intervalMs`, diffs it with the previous one and tells subscribers.
 * Ticks never overlap: the next one is scheduled when the previous one ends.
 *
 * It follows the subscribe/getSnapshot shape that React's useSyncExternalStore reads:
 *
 *   const watcher = createLocalWatcher({ intervalMs: 2000 });
 *   const off = watcher.subscribe((snapshot, diff) => render(snapshot, diff));
 *   await watcher.refresh();   // tick now (the "r" key)
 *   off(); watcher.stop();
 */
import { chooseCollector } from './choose-collector.js';
import type { LocalCollector } from './collector.js';
import { buildSnapshot } from './snapshot.js';
import { diffSnapshots } from './snapshot-diff.js';
import type { LocalDiff, LocalSnapshot, SnapshotFilter } from './types.js';

export type LocalWatchListener = (snapshot: LocalSnapshot, diff: LocalDiff) => void;

export interface LocalWatcherOptions {
  intervalMs: number;
  filter?: SnapshotFilter;
  /** Collect loaded modules too (PortQry's -v). Default false. */
  verbose?: boolean;
  /** Called when a tick fails (the tool vanished, say); watching goes on. */
  onError?: (error: unknown) => void;
  /**
   * Keep the Node process alive while waiting for the next tick. Default false: the UI has its own
   * reasons to live; the command line's watch mode sets it.
   */
  keepAlive?: boolean;
  /** Defaults to the platform's collector; tests may pass their own. */
  collector?: LocalCollector;
}

export interface LocalWatcher {
  /** Called after every tick (also when nothing changed: the diff is then empty). Returns unsubscribe. */
  subscribe(listener: LocalWatchListener): () => void;
  /** The latest snapshot, null before the first tick ends. */
  getSnapshot(): LocalSnapshot | null;
  /** The latest tick's error, null after a good tick. */
  getError(): unknown;
  /** Ticks now (or joins the tick under way) and resolves when it is done. */
  refresh(): Promise<void>;
  /** Stops the timer; a tick under way finishes without telling anyone. Idempotent. */
  stop(): void;
  /** Resolves when no tick is under way (for a clean shutdown). */
  idle(): Promise<void>;
}

export function createLocalWatcher(options: LocalWatcherOptions): LocalWatcher {
  const collector = options.collector ?? chooseCollector();
  const filter = options.filter && (options.filter.port !== undefined || options.filter.pid !== undefined) ? options.filter : null;
  const listeners = new Set<LocalWatchListener>();
  let latest: LocalSnapshot | null = null;
  let lastError: unknown = null;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const schedule = () => {
    if (stopped) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => void tick(), options.intervalMs);
    if (!options.keepAlive) timer.unref();
  };

  const tick = (): Promise<void> => {
    if (running !== null) return running;
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    running = (async () => {
      try {
        const collection = await collector.collect({ verbose: options.verbose ?? false, filter });
        if (stopped) return;
        const snapshot = buildSnapshot(collection, { filter });
        const diff = diffSnapshots(latest, snapshot);
        latest = snapshot;
        lastError = null;
        for (const listener of [...listeners]) listener(snapshot, diff);
      } catch (error) {
        if (stopped) return;
        lastError = error;
        options.onError?.(error);
      } finally {
        running = null;
        schedule();
      }
    })();
    return running;
  };

  void tick();

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => latest,
    getError: () => lastError,
    refresh: () => (stopped ? Promise.resolve() : tick()),
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      listeners.clear();
    },
    idle: () => running ?? Promise.resolve(),
  };
}
