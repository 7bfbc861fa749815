/** The Scan view: header, windowed result table, status bar. */
import { Box } from 'ink';
import { scanHeaderLines, statusLines } from '../format/scan-summary-lines.js';
import type { Layout } from '../layout.js';
import { resolveCursor } from '../state/list-cursor.js';
import type { ScanSnapshot } from '../state/scan-store.js';
import type { UiState } from '../state/ui-state.js';
import { LineList } from './line-list.js';
import { QueryFormView } from './query-form-view.js';
import { ResultTable } from './result-table.js';
import { useTheme } from './theme-context.js';

export function ScanView({ snap, ui, rows, layout }: { snap: ScanSnapshot; ui: UiState; rows: readonly number[]; layout: Layout }) {
  const theme = useTheme();
  const cursor = resolveCursor(ui.scan.cursor, rows, layout.body);
  const form = ui.entry?.kind === 'form' ? ui.entry.form : null;
  return (
    <Box flexDirection="column">
      <LineList lines={scanHeaderLines(snap, ui, layout.header, theme.unicode)} height={layout.header} width={layout.width} />
      {form ? (
        <QueryFormView form={form} width={layout.width} height={layout.tableHeader + layout.body} />
      ) : (
        <ResultTable snap={snap} ui={ui} rows={rows} cursor={cursor} width={layout.width} height={layout.body} showHeader={layout.tableHeader > 0} />
      )}
      <LineList lines={statusLines(snap, layout.status, layout.width, theme.unicode)} height={layout.status} width={layout.width} />
    </Box>
  );
}
