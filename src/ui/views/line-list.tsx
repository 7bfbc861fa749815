/** A fixed number of lines: the given ones, then blanks, so every frame has the same height. */
import { Box, Text } from 'ink';
import type { StyledLine } from '../format/styled-line.js';
import { StyledText } from './styled-text.js';

export function LineList({ lines, height, width }: { lines: readonly StyledLine[]; height: number; width: number }) {
  const rows = [];
  for (let i = 0; i < height; i++) {
    const l = lines[i];
    rows.push(l ? <StyledText key={i} line={l} width={width} /> : <Text key={i}> </Text>);
  }
  return <Box flexDirection="column">{rows}</Box>;
}
