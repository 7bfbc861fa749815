/**
 * The terminal UI outside React: it owns the UI state, the scan and local stores and the session
 * factory, turns key presses into commands through the key table, runs the reducer and carries out
 * its effects. React components only read snapshots (useSyncExternalStore) and forward keys.
 */
import type { ScanOptions } from '../engine/scan-options.js';
import type { ProbeKey, ProbeResult } from '../engine/types.js';
import type { SnapshotFilter } from '../local/types.js';
import type { FrameClock } from './hooks/use-throttled-store.js';
import type { Command } from './keys/commands.js';
import { matchKey, type KeyFlags } from './keys/match-key.js';
import { layoutFor, type ScreenSize } from './layout.js';
import { detailContent, type DetailContent } from './format/detail-lines.js';
import { helpLines } from './format/help-lines.js';
import type { StyledLine } from './format/styled-line.js';
import type { Theme } from './format/theme.js';
import { exportBaseName, localCsv, localJson, scanCsv, scanJsonLines, writeExportFiles } from './export-files.js';
import type { ScanSourceFactory } from './state/scan-source.js';
import { ScanStore } from './state/scan-store.js';
import { LocalStore } from './state/local-store.js';
import { createScanRowSelector } from './state/scan-rows.js';
import { createLocalRowSelector } from './state/local-rows.js';
import { keyContextOf, type LocalWatch, type UiState } from './state/ui-state.js';
import { reduceUi, type ReduceContext, type UiAction, type UiEffect } from './state/ui-reducer.js';

export interface ControllerDeps {
  /** Options as launched: the first scan, and the base (timeouts, services) of new queries. */
  baseOptions: ScanOptions;
  initial: UiState;
  createSession: ScanSourceFactory;
  scanStore: ScanStore;
  localStore: LocalStore;
  theme: Theme;
  size: ScreenSize;
  /** Where `e` writes its files. */
  exportDir: string;
  now?: () => Date;
}

export interface ControllerSnapshot {
  ui: UiState;
  size: ScreenSize;
}

export class TuiController {
  readonly scanStore: ScanStore;
  readonly localStore: LocalStore;
  readonly theme: Theme;
  /** Stamped by Ink after every frame (see tui-main.tsx); data re-renders are paced from it. */
  readonly frameClock: FrameClock = { lastFrameAt: Number.NEGATIVE_INFINITY, lastFrameMs: 0 };
  private readonly deps: ControllerDeps;
  private readonly listeners = new Set<() => void>();
  private snap: ControllerSnapshot;
  private readonly scanRowsOf = createScanRowSelector();
  private readonly localRowsOf = createLocalRowSelector();
  private detailCache: { result: ProbeResult; width: number; unicode: boolean; content: DetailContent } | null = null;
  private helpCache: { unicode: boolean; lines: StyledLine[] } | null = null;
  private exitListeners: ((code: number) => void)[] = [];

  constructor(deps: ControllerDeps) {
    this.deps = deps;
    this.scanStore = deps.scanStore;
    this.localStore = deps.localStore;
    this.theme = deps.theme;
    this.snap = { ui: deps.initial, size: deps.size };
    if (deps.initial.view === 'local') this.localStore.ensureStarted();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ControllerSnapshot => this.snap;

  get state(): UiState {
    return this.snap.ui;
  }

  /** Start the launch scan (unless the UI opened on the query form, -i). */
  startScan(options: ScanOptions, title: string | null): void {
    // The store keeps what the table needs; a second copy in the session would only cost memory.
    this.scanStore.attach(this.deps.createSession({ ...options, keepResults: false }), options, title);
  }

  onExit(listener: (code: number) => void): void {
    this.exitListeners.push(listener);
  }

  setSize(size: ScreenSize): void {
    if (size.columns === this.snap.size.columns && size.rows === this.snap.size.rows) return;
    this.snap = { ...this.snap, size };
    this.notify();
  }

  /** A key press as Ink's useInput reports it. */
  onKey(input: string, key: KeyFlags): void {
    // Ink hands over a chunk of plain characters as one input (a paste, a fast typist, tmux
    // send-keys): each character is a key of its own, Enter and Backspace included.
    if (input.length > 1 && !Object.values(key).some((v) => v === true)) {
      for (const ch of input) this.onKey(...keyOfChar(ch));
      return;
    }
    const meaning = matchKey(input, key, keyContextOf(this.snap.ui));
    if (meaning.kind === 'command') this.dispatch({ type: 'command', command: meaning.command });
    else if (meaning.kind === 'text') this.dispatch({ type: 'text', text: meaning.text });
  }

  command(command: Command): void {
    this.dispatch({ type: 'command', command });
  }

  dispatch(action: UiAction): void {
    const before = this.snap.ui;
    const { state, effects } = reduceUi(before, action, this.context(before));
    if (state !== before) {
      this.snap = { ...this.snap, ui: state };
      if (state.view === 'local' && before.view !== 'local') this.localStore.ensureStarted();
      this.notify();
    }
    for (const e of effects) this.run(e);
  }

  // ---- What views read ----

  scanRows(ui: UiState = this.snap.ui): readonly number[] {
    return this.scanRowsOf(this.scanStore.getSnapshot(), ui.scan.stateFilter, ui.scan.filterText);
  }

  localRows(ui: UiState = this.snap.ui): readonly string[] {
    return this.localRowsOf(this.localStore.getSnapshot(), ui.local.filterText, ui.local.sort);
  }

  detail(result: ProbeResult, width: number): DetailContent {
    const c = this.detailCache;
    if (c && c.result === result && c.width === width && c.unicode === this.theme.unicode) return c.content;
    const content = detailContent(result, width, this.theme.unicode);
    this.detailCache = { result, width, unicode: this.theme.unicode, content };
    return content;
  }

  help(): StyledLine[] {
    if (!this.helpCache || this.helpCache.unicode !== this.theme.unicode) this.helpCache = { unicode: this.theme.unicode, lines: helpLines(this.theme.unicode) };
    return this.helpCache.lines;
  }

  /** Stop the scan and the local watcher (the UI is closing). */
  dispose(): void {
    this.scanStore.detach();
    this.localStore.stop();
  }

  // ---- Internals ----

  private context(ui: UiState): ReduceContext {
    const scan = this.scanStore.getSnapshot();
    const local = this.localStore.getSnapshot();
    const layout = layoutFor(this.snap.size, ui.view);
    const detailResult = ui.view === 'detail' && ui.detail ? scan.result(ui.detail.id) : undefined;
    return {
      scanRows: this.scanRows(ui),
      localRows: this.localRows(ui),
      pageSize: layout.body,
      detailLineCount: detailResult ? this.detail(detailResult, layout.width).lineCount : 0,
      helpLineCount: this.help().length,
      probeKeyOf: (id) => (scan.stateOf(id) === undefined ? null : scan.keyOf(id)),
      retryKeys: () => {
        const keys: ProbeKey[] = [];
        for (const id of scan.rowIds) {
          const state = scan.stateOf(id);
          if ((state === 'FILTERED' || state === 'LISTENING OR FILTERED') && !scan.requerying.has(id)) keys.push(scan.keyOf(id));
        }
        return keys;
      },
      localRow: (key) => {
        const row = local.rows.get(key);
        return row ? { port: row.socket.localPort, pid: row.socket.pid, processName: row.socket.processName } : null;
      },
      baseOptions: this.deps.baseOptions,
    };
  }

  private run(effect: UiEffect): void {
    switch (effect.type) {
      case 'requery':
        this.scanStore.requery(effect.keys);
        return;
      case 'pauseResume': {
        const phase = this.scanStore.getSnapshot().phase;
        if (phase === 'running') this.scanStore.pause();
        else if (phase === 'paused') this.scanStore.resume();
        else this.dispatch({ type: 'message', message: { text: phase === 'idle' ? 'No scan yet: n opens the query form.' : 'The scan is not running.', tone: 'info' } });
        return;
      }
      case 'startScan':
        try {
          this.startScan(effect.options, effect.title);
        } catch (err) {
          this.dispatch({ type: 'message', message: { text: `Cannot start the query: ${err instanceof Error ? err.message : String(err)}`, tone: 'error' } });
        }
        return;
      case 'sort':
        this.scanStore.setSort(effect.sort);
        return;
      case 'localWatch':
        this.localStore.setFilter(filterOf(effect.watch));
        return;
      case 'localPauseResume':
        this.localStore.setPaused(effect.paused);
        return;
      case 'export':
        void this.export(effect.what);
        return;
      case 'quit':
        for (const l of this.exitListeners) l(effect.code);
        return;
    }
  }

  private async export(what: 'scan' | 'local'): Promise<void> {
    const now = (this.deps.now ?? (() => new Date()))();
    try {
      let paths: string[];
      let count: number;
      if (what === 'scan') {
        const snap = this.scanStore.getSnapshot();
        const results = snap.rowIds.map((id) => snap.result(id)).filter((r): r is ProbeResult => r !== undefined);
        if (results.length === 0) throw new Error('there are no results yet');
        count = results.length;
        paths = await writeExportFiles(this.deps.exportDir, exportBaseName(snap.options?.host ?? 'scan', now), [
          { ext: 'jsonl', content: scanJsonLines(results, snap.target) },
          { ext: 'csv', content: scanCsv(results) },
        ]);
      } else {
        const snap = this.localStore.getSnapshot();
        if (!snap.snapshot) throw new Error('no local snapshot yet');
        count = snap.snapshot.sockets.length;
        paths = await writeExportFiles(this.deps.exportDir, exportBaseName('local', now), [
          { ext: 'json', content: localJson(snap.snapshot) },
          { ext: 'csv', content: localCsv(snap.snapshot.sockets) },
        ]);
      }
      this.dispatch({ type: 'message', message: { text: `Exported ${count} rows to ${paths.join(' and ')}`, tone: 'info' } });
    } catch (err) {
      this.dispatch({ type: 'message', message: { text: `Export failed: ${err instanceof Error ? err.message : String(err)}`, tone: 'error' } });
    }
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}

/** What Ink would report for one character typed alone. */
function keyOfChar(ch: string): [string, KeyFlags] {
  if (ch === '\r' || ch === '\n') return ['', { return: true }];
  if (ch === '\t') return ['', { tab: true }];
  if (ch === '\x7f' || ch === '\b') return ['', { backspace: true }];
  if (ch === '\x03') return ['c', { ctrl: true }];
  return [ch, /^[A-Z]$/.test(ch) ? { shift: true } : {}];
}

function filterOf(watch: LocalWatch | null): SnapshotFilter | null {
  if (!watch) return null;
  return watch.kind === 'port' ? { port: watch.port } : { pid: watch.pid };
}

