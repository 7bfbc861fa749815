/** A line of the Detail and Help panes: text segments with tones, rendered by one component. */
import type { Tone } from './tone.js';

export interface Segment {
  text: string;
  tone: Tone;
}

export type StyledLine = readonly Segment[];

export function line(...parts: (string | Segment)[]): StyledLine {
  return parts.map((p) => (typeof p === 'string' ? { text: p, tone: 'plain' as Tone } : p));
}

export function seg(text: string, tone: Tone): Segment {
  return { text, tone };
}

export function lineLength(l: StyledLine): number {
  return l.reduce((n, s) => n + s.text.length, 0);
}
