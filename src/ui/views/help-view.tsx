/** The Help view: the key table, PortQry commands and the state legend, scrolled. */
import { Box, Text } from 'ink';
import { line, seg, type StyledLine } from '../format/styled-line.js';
import type { Layout } from '../layout.js';
import { StyledText } from './styled-text.js';

export function HelpView({ lines, scroll, layout }: { lines: readonly StyledLine[]; scroll: number; layout: Layout }) {
  const rows = [];
  if (layout.header > 0) rows.push(<StyledText key="t" line={line(seg('Help', 'heading'), seg('  keys come from the same table the UI dispatches from', 'dim'))} width={layout.width} />);
  const start = Math.max(0, Math.min(scroll, Math.max(0, lines.length - layout.body)));
  for (let i = 0; i < layout.body; i++) {
    const l = lines[start + i];
    rows.push(l ? <StyledText key={i} line={l} width={layout.width} /> : <Text key={i}> </Text>);
  }
  return <Box flexDirection="column">{rows}</Box>;
}
