/** The Scan table: a header and only the visible window of rows (a 65,535-row scan renders ~20). */
import { Box, Text } from 'ink';
import { scanColumns } from '../format/scan-columns.js';
import { scanHeaderLine, scanRowLine } from '../format/scan-row.js';
import { line, seg } from '../format/styled-line.js';
import type { ResolvedCursor } from '../state/list-cursor.js';
import type { ScanSnapshot } from '../state/scan-store.js';
import type { UiState } from '../state/ui-state.js';
import { StyledText } from './styled-text.js';
import { useTheme } from './theme-context.js';

export interface ResultTableProps {
  snap: ScanSnapshot;
  ui: UiState;
  rows: readonly number[];
  cursor: ResolvedCursor<number>;
  width: number;
  height: number;
  showHeader: boolean;
}

function emptyText(snap: ScanSnapshot, ui: UiState, filtered: boolean, ellipsis: string): string {
  if (filtered) return 'No rows match the filters (Esc clears them).';
  switch (snap.phase) {
    case 'idle':
      return 'No query yet. Press n for the new-query form, or : for PortQry commands (:n HOST, :q dns).';
    case 'resolving':
      return `Resolving ${snap.options?.host ?? ''}${ellipsis}`;
    case 'failed':
      return `The query failed: ${snap.error ?? ''}  (n or :n HOST to try another target)`;
    case 'running':
    case 'paused':
      return `Waiting for the first verdicts${ellipsis}`;
    default:
      return ui.scan.filterText || ui.scan.stateFilter !== 'all' ? 'No rows match the filters.' : 'No results.';
  }
}

export function ResultTable({ snap, ui, rows, cursor, width, height, showHeader }: ResultTableProps) {
  const theme = useTheme();
  const { columns, shortState } = scanColumns(width);
  const out = [];
  if (showHeader) out.push(<StyledText key="h" line={scanHeaderLine(columns)} width={width} />);
  if (rows.length === 0) {
    const filtered = snap.rowIds.length > 0;
    const tone = snap.phase === 'failed' ? 'error' : 'dim';
    out.push(<StyledText key="e" line={line(seg(emptyText(snap, ui, filtered, theme.unicode ? '…' : '...'), tone))} width={width} />);
    for (let i = 1; i < height; i++) out.push(<Text key={`b${i}`}> </Text>);
    return <Box flexDirection="column">{out}</Box>;
  }
  for (let i = 0; i < height; i++) {
    const index = cursor.top + i;
    const id = rows[index];
    const r = id === undefined ? undefined : snap.result(id);
    if (!r || id === undefined) {
      out.push(<Text key={`b${i}`}> </Text>);
      continue;
    }
    const selected = index === cursor.index;
    out.push(
      <StyledText
        key={`r${i}`}
        line={scanRowLine(r, columns, { selected, requerying: snap.requerying.has(id), shortState, unicode: theme.unicode })}
        width={width}
        inverse={selected}
        pad={selected}
      />,
    );
  }
  return <Box flexDirection="column">{out}</Box>;
}
