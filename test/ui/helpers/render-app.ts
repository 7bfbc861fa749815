/**
 * Renders the UI's root component with ink-testing-library over a fake scan and a fake local
 * source, and gives tests keys to press and frames to read.
 */
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { App } from '../../../src/ui/app.js';
import { TuiController } from '../../../src/ui/tui-controller.js';
import { ScanStore } from '../../../src/ui/state/scan-store.js';
import { LocalStore } from '../../../src/ui/state/local-store.js';
import type { LocalSource, LocalSourceEvent } from '../../../src/ui/state/local-source.js';
import { initialUiState } from '../../../src/ui/state/ui-state.js';
import { draftFromOptions } from '../../../src/ui/state/query-draft.js';
import { openForm } from '../../../src/ui/state/query-form.js';
import { FULL_THEME, type Theme } from '../../../src/ui/format/theme.js';
import type { ProbeKey } from '../../../src/engine/types.js';
import type { LocalDiff, LocalSnapshot, SnapshotFilter } from '../../../src/local/types.js';
import { FakeScanSession, type FakeScript } from './fake-scan-session.js';
import { testOptions } from './test-options.js';

export class ScriptedLocalSource implements LocalSource {
  private listeners = new Set<(e: LocalSourceEvent) => void>();
  filters: (SnapshotFilter | null)[] = [];
  started = 0;
  subscribe(l: (e: LocalSourceEvent) => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  start() {
    this.started++;
  }
  stop() {}
  setFilter(f: SnapshotFilter | null) {
    this.filters.push(f);
  }
  pause() {}
  resume() {}
  push(snapshot: LocalSnapshot, diff: LocalDiff | null = null) {
    for (const l of this.listeners) l({ type: 'snapshot', snapshot, diff });
  }
}

export interface AppOptions {
  probes: ProbeKey[];
  columns?: number;
  rows?: number;
  script?: FakeScript;
  view?: 'scan' | 'local';
  interactive?: boolean;
  theme?: Theme;
  exportDir?: string;
  title?: string;
}

export function renderApp(o: AppOptions) {
  const options = testOptions(o.probes);
  const factory = FakeScanSession.factory(o.script ?? {});
  const local = new ScriptedLocalSource();
  const draft = draftFromOptions(options, o.title ?? null);
  const controller = new TuiController({
    baseOptions: options,
    initial: initialUiState({ draft, view: o.view ?? 'scan', entry: o.interactive ? { kind: 'form', form: openForm(draft) } : null }),
    createSession: factory,
    scanStore: new ScanStore({ flushMs: 5 }),
    localStore: new LocalStore(local),
    theme: o.theme ?? FULL_THEME,
    size: { columns: o.columns ?? 80, rows: o.rows ?? 24 },
    exportDir: o.exportDir ?? '/nonexistent-portq-test-dir',
  });
  if (!o.interactive) controller.startScan(options, o.title ?? null);
  const ink = render(createElement(App, { controller }));
  const frame = () => ink.lastFrame() ?? '';
  const lines = () => frame().split('\n');
  async function waitFor(check: (frame: string) => boolean, what = 'frame'): Promise<string> {
    for (let i = 0; i < 200; i++) {
      const f = frame();
      if (check(f)) return f;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`timed out waiting for ${what}; last frame:\n${frame()}`);
  }
  /** Press a key and wait until the UI has handled it (the next frame is drawn). */
  async function press(data: string): Promise<string> {
    const before = ink.frames.length;
    ink.stdin.write(data);
    // A frame follows within a few macrotask turns (a lone ESC takes one more: Ink's parser
    // waits a turn to tell it from the start of an escape sequence).
    for (let i = 0; i < 200 && ink.frames.length === before; i++) await new Promise((r) => setTimeout(r, 1));
    return frame();
  }
  return {
    controller,
    local,
    ink,
    frame,
    lines,
    waitFor,
    press,
    session: () => factory.sessions.at(-1)!,
    sessions: factory.sessions,
    unmount: () => {
      controller.dispose();
      ink.unmount();
    },
  };
}
