/**
 * Named tones instead of colours in the view code, so the theme decides in one place what a tone
 * looks like (and that it looks like nothing under NO_COLOR).
 */
import type { Theme } from './theme.js';

export type Tone = 'plain' | 'heading' | 'dim' | 'good' | 'bad' | 'warn' | 'maybe' | 'accent' | 'sent' | 'received' | 'error';

export interface ToneStyle {
  color?: string;
  bold?: boolean;
  dimColor?: boolean;
}

const COLORS: Record<Tone, ToneStyle> = {
  plain: {},
  heading: { bold: true, color: 'cyan' },
  dim: { dimColor: true },
  good: { color: 'green' },
  bad: { color: 'red' },
  warn: { color: 'yellow' },
  maybe: { color: 'magenta' },
  accent: { color: 'cyan' },
  sent: { color: 'blue' },
  received: { color: 'green' },
  error: { color: 'red', bold: true },
};

export function toneStyle(tone: Tone, theme: Theme): ToneStyle {
  if (!theme.styles) return {};
  const s = COLORS[tone];
  if (theme.color) return s;
  // Without colour keep only the emphasis.
  return { ...(s.bold ? { bold: true } : {}), ...(s.dimColor ? { dimColor: true } : {}) };
}
