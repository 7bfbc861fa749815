/** The Detail view: one port's verdict, parsed answer, hex dumps and PortQry text, scrolled. */
import { Box, Text } from 'ink';
import type { DetailContent } from '../format/detail-lines.js';
import { STATE_STYLES, stateSymbol } from '../format/state-style.js';
import { line, seg, type StyledLine } from '../format/styled-line.js';
import type { Layout } from '../layout.js';
import type { ProbeResult } from '../../engine/types.js';
import { StyledText } from './styled-text.js';
import { useTheme } from './theme-context.js';

export interface DetailViewProps {
  result: ProbeResult | undefined;
  content: DetailContent | null;
  scroll: number;
  requerying: boolean;
  layout: Layout;
}

export function DetailView({ result, content, scroll, requerying, layout }: DetailViewProps) {
  const theme = useTheme();
  const { width, body } = layout;
  const rows = [];
  if (layout.header > 0) {
    const title: StyledLine = result
      ? line(
          seg('Detail ', 'heading'),
          `${result.protocol}/${result.port} ${result.service ?? ''}  `,
          seg(`${stateSymbol(result.state, theme.unicode)} ${result.state}`, STATE_STYLES[result.state].tone),
          requerying ? seg('  re-querying…', 'accent') : '',
          content ? seg(`  lines ${Math.min(scroll + 1, content.lineCount)}-${Math.min(scroll + body, content.lineCount)} of ${content.lineCount}`, 'dim') : '',
        )
      : line(seg('Detail', 'heading'));
    rows.push(<StyledText key="title" line={title} width={width} />);
  }
  if (!result || !content) {
    rows.push(<StyledText key="none" line={line(seg('This result is no longer available (Esc goes back).', 'dim'))} width={width} />);
    for (let i = 1; i < body; i++) rows.push(<Text key={`b${i}`}> </Text>);
    return <Box flexDirection="column">{rows}</Box>;
  }
  const start = Math.max(0, Math.min(scroll, Math.max(0, content.lineCount - body)));
  for (let i = 0; i < body; i++) {
    const l = content.left[start + i];
    if (content.right) {
      const r = content.right[start + i];
      const sep = theme.unicode ? ' │ ' : ' | ';
      const leftText: StyledLine = l ?? line('');
      rows.push(
        <Box key={`l${i}`} flexDirection="row">
          <Box width={content.leftWidth}>
            <StyledText line={leftText} width={content.leftWidth} />
          </Box>
          <Text dimColor={theme.styles}>{sep}</Text>
          <StyledText line={r ?? line('')} width={width - content.leftWidth - sep.length} />
        </Box>,
      );
    } else {
      rows.push(l ? <StyledText key={`l${i}`} line={l} width={width} /> : <Text key={`l${i}`}> </Text>);
    }
  }
  return <Box flexDirection="column">{rows}</Box>;
}
