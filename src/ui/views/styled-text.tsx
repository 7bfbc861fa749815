/** One line of tone-tagged segments, cut to the width so Ink never wraps it. */
import { Text } from 'ink';
import { memo } from 'react';
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

function StyledTextLine({ line, width, inverse = false, pad = false }: StyledTextProps) {
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
  } else if (!pad) {
    // Cells are padded to their column; spaces at the end of a line show nothing (nothing here
    // has a background unless padded), and Ink would work through every one in every frame.
    while (parts.length > 0) {
      const last = parts.at(-1)!;
      last.text = last.text.trimEnd();
      if (last.text !== '') break;
      parts.pop();
    }
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

function sameLine(a: StyledLine, b: StyledLine): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.text !== b[i]!.text || a[i]!.tone !== b[i]!.tone) return false;
  return true;
}

/**
 * Lines are built afresh for every frame, but most are the same as in the last one (a key moves
 * the selection over two rows): compared by content, an unchanged line is not rendered again.
 */
export const StyledText = memo(
  StyledTextLine,
  (a, b) => a.width === b.width && a.inverse === b.inverse && a.pad === b.pad && sameLine(a.line, b.line),
);
