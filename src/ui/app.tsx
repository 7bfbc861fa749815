/**
 * The root component: reads the controller and the two stores through useSyncExternalStore,
 * forwards keys to the controller, picks the view. No state of its own, no logic beyond layout.
 */
import { Box, Text, useApp, useInput } from 'ink';
import { useEffect, useSyncExternalStore } from 'react';
import { useThrottledStore } from './hooks/use-throttled-store.js';
import { layoutFor } from './layout.js';
import { keyContextOf } from './state/ui-state.js';
import type { TuiController } from './tui-controller.js';
import { DetailView } from './views/detail-view.js';
import { Footer } from './views/footer.js';
import { HelpView } from './views/help-view.js';
import { LocalView } from './views/local-view.js';
import { QueryFormView } from './views/query-form-view.js';
import { ScanView } from './views/scan-view.js';
import { ThemeContext } from './views/theme-context.js';

/**
 * Data-driven re-renders at most ten times a second, counted from the last frame of any kind:
 * keys render at once, and a key's frame already shows the latest data.
 */
const DATA_RENDER_MS = 100;

export function App({ controller }: { controller: TuiController }) {
  const { ui, size } = useSyncExternalStore(controller.subscribe, controller.getSnapshot);
  const scan = useThrottledStore(controller.scanStore.subscribe, controller.scanStore.getSnapshot, DATA_RENDER_MS, controller.frameClock);
  const local = useThrottledStore(controller.localStore.subscribe, controller.localStore.getSnapshot, DATA_RENDER_MS, controller.frameClock);
  const { exit } = useApp();
  useInput((input, key) => controller.onKey(input, key));
  useEffect(() => {
    if (ui.exitCode !== null) exit();
  }, [ui.exitCode, exit]);

  const layout = layoutFor(size, ui.view);
  if (layout.tooSmall) {
    return (
      <ThemeContext.Provider value={controller.theme}>
        <Text wrap="truncate">{`portq: terminal too small (${size.columns}x${size.rows}); q quits`}</Text>
      </ThemeContext.Provider>
    );
  }
  let view;
  const form = ui.entry?.kind === 'form' ? ui.entry.form : null;
  if (form && ui.view !== 'scan') view = <QueryFormView form={form} width={layout.width} height={layout.height - layout.footer} />;
  else switch (ui.view) {
    case 'scan':
      view = <ScanView snap={scan} ui={ui} rows={controller.scanRows(ui)} layout={layout} />;
      break;
    case 'detail': {
      const result = ui.detail ? scan.result(ui.detail.id) : undefined;
      view = (
        <DetailView
          result={result}
          content={result ? controller.detail(result, layout.width) : null}
          scroll={ui.detail?.scroll ?? 0}
          requerying={ui.detail ? scan.requerying.has(ui.detail.id) : false}
          layout={layout}
        />
      );
      break;
    }
    case 'local':
      view = <LocalView snap={local} ui={ui} rows={controller.localRows(ui)} layout={layout} />;
      break;
    case 'help':
      view = <HelpView lines={controller.help()} scroll={ui.helpScroll} layout={layout} />;
      break;
  }
  return (
    <ThemeContext.Provider value={controller.theme}>
      <Box flexDirection="column" width={layout.width} height={layout.height}>
        {view}
        <Footer ui={ui} context={keyContextOf(ui)} width={layout.width} />
      </Box>
    </ThemeContext.Provider>
  );
}
