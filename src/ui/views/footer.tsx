/** The bottom line: what is being typed, else the last message, else key hints. */
import type { KeyContext } from '../keys/key-bindings.js';
import { keyHints } from '../format/key-hints.js';
import { line, seg } from '../format/styled-line.js';
import type { UiState } from '../state/ui-state.js';
import { StyledText } from './styled-text.js';
import { useTheme } from './theme-context.js';

export function Footer({ ui, context, width }: { ui: UiState; context: KeyContext; width: number }) {
  const theme = useTheme();
  const cursor = theme.unicode ? '█' : '_';
  const entry = ui.entry;
  if (entry?.kind === 'filter') {
    return <StyledText width={width} line={line(seg('/', 'accent'), entry.text, seg(cursor, 'accent'), seg('  Enter keeps, Esc restores', 'dim'))} />;
  }
  if (entry?.kind === 'command') {
    // Keep the end of a long command line visible.
    const room = Math.max(1, width - 3);
    const text = entry.text.length > room ? entry.text.slice(-room) : entry.text;
    return <StyledText width={width} line={line(seg(':', 'accent'), text, seg(cursor, 'accent'))} />;
  }
  if (ui.message) return <StyledText width={width} line={line(seg(ui.message.text, ui.message.tone === 'error' ? 'error' : 'accent'))} />;
  return <StyledText width={width} line={keyHints(context, width, theme.unicode)} />;
}
