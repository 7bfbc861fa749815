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
    if (text === '') continue;
    // Neighbours of one tone become one Text: fewer nodes and colour codes for Ink to handle
    // in every frame (a table row has eight cells but three or four tones).
    const last = parts.at(-1);
    if (last && last.tone === s.tone) last.text += text;
    else parts.push({ text, tone: s.tone });
  }
  if (pad && left > 0) {
    const last = parts.at(-1);
    if (last && last.tone === 'plain') last.text += ' '.repeat(left);
    else parts.push({ text: ' '.repeat(left), tone: 'plain' });
  }
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
