/** How each port state is written: a symbol and words, plus a tone for terminals with colour. */
import type { PortState } from '../../engine/types.js';
import type { Tone } from './tone.js';

export interface StateStyle {
  symbol: string;
  ascii: string;
  tone: Tone;
  /** For narrow tables. */
  short: string;
}

export const STATE_STYLES: Record<PortState, StateStyle> = {
  LISTENING: { symbol: '●', ascii: '+', tone: 'good', short: 'LISTENING' },
  'NOT LISTENING': { symbol: '✕', ascii: '-', tone: 'bad', short: 'NOT LISTEN' },
  FILTERED: { symbol: '■', ascii: '#', tone: 'warn', short: 'FILTERED' },
  'LISTENING OR FILTERED': { symbol: '◐', ascii: '~', tone: 'maybe', short: 'LISTEN|FILT' },
};

/** A row being probed again after r/R. */
export const REQUERY_SYMBOL = { symbol: '↻', ascii: '*' } as const;

export function stateSymbol(state: PortState, unicode: boolean): string {
  return unicode ? STATE_STYLES[state].symbol : STATE_STYLES[state].ascii;
}
