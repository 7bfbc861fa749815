/** One line of tone-tagged segments, cut to the width so Ink never wraps it. */
import { Text } from 'ink';
import { toneStyle, type Tone } from '../format/tone.js';
import type { StyledLine } from '../format/styled-line.js';
import { useTheme } from './theme-context.js';

export interface StyledTextProps {
  line: StyledLine;
  width: number;
  inverse?: boolean;
  /** Pad with spaces to the full width (selected rows are highlighted edge to edge). */
  pad?: boolean;
}

export function StyledText({ line, width, inverse = false, pad = false }: StyledTextProps) {
  const theme = useTheme();
  const parts: { text: string; tone: Tone }[] = [];
  let left = width;
  for (const s of line) {
    if (left <= 0) break;
    const text = s.text.length > left ? s.text.slice(0, left) : s.text;
    left -= text.length;
    if (text !== '') parts.push({ text, tone: s.tone });
  }
  if (pad && left > 0) parts.push({ text: ' '.repeat(left), tone: 'plain' });
  if (parts.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate" inverse={inverse && theme.styles}>
      {parts.map((p, i) => (
        <Text key={i} {...toneStyle(p.tone, theme)}>
          {p.text}
        </Text>
      ))}
    </Text>
  );
}
