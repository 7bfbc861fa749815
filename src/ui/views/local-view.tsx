/** The Local view: sockets with their processes, TCPView-style new/gone/changed rows, windowed. */
import { Box, Text } from 'ink';
import { localColumns, localHeaderLine, localRowLine } from '../format/local-row.js';
import { localHeaderLines, localStatusLine } from '../format/local-summary-lines.js';
import { line, seg } from '../format/styled-line.js';
import type { Layout } from '../layout.js';
import { resolveCursor } from '../state/list-cursor.js';
import type { LocalStoreSnapshot } from '../state/local-store.js';
import type { UiState } from '../state/ui-state.js';
import { LineList } from './line-list.js';
import { StyledText } from './styled-text.js';
import { useTheme } from './theme-context.js';

export function LocalView({ snap, ui, rows, layout }: { snap: LocalStoreSnapshot; ui: UiState; rows: readonly string[]; layout: Layout }) {
  const theme = useTheme();
  const { width, body } = layout;
  const cursor = resolveCursor(ui.local.cursor, rows, body);
  const columns = localColumns(width);
  const out = [];
  if (layout.tableHeader > 0) out.push(<StyledText key="h" line={localHeaderLine(columns)} width={width} />);
  if (rows.length === 0) {
    const text =
      snap.phase === 'loading' || snap.phase === 'idle'
        ? 'Reading the socket table…'
        : snap.phase === 'error' || snap.phase === 'unavailable'
          ? (snap.error ?? 'Local sockets are not available.')
          : ui.local.filterText
            ? 'No sockets match the filter (Esc clears it).'
            : ui.local.watch
              ? 'Nothing uses this port / process right now; watching for changes.'
              : 'No sockets.';
    out.push(<StyledText key="e" line={line(seg(text, snap.phase === 'error' ? 'error' : 'dim'))} width={width} />);
    for (let i = 1; i < body; i++) out.push(<Text key={`b${i}`}> </Text>);
  } else {
    for (let i = 0; i < body; i++) {
      const index = cursor.top + i;
      const key = rows[index];
      const row = key === undefined ? undefined : snap.rows.get(key);
      if (!row) {
        out.push(<Text key={`b${i}`}> </Text>);
        continue;
      }
      const selected = index === cursor.index;
      out.push(<StyledText key={`r${i}`} line={localRowLine(row.socket, row.mark, columns, { selected, unicode: theme.unicode })} width={width} inverse={selected} pad={selected} />);
    }
  }
  return (
    <Box flexDirection="column">
      <LineList lines={localHeaderLines(snap, ui, layout.header, theme.unicode)} height={layout.header} width={width} />
      <Box flexDirection="column">{out}</Box>
      <LineList lines={layout.status > 0 ? [localStatusLine(snap, rows.length, theme.unicode)] : []} height={layout.status} width={width} />
    </Box>
  );
}
