/** A Scan table row (and the header) as a styled line for the columns in use. */
import type { ProbeResult } from '../../engine/types.js';
import { fit } from './fit-text.js';
import type { Column, ScanColumnId } from './scan-columns.js';
import { REQUERY_SYMBOL, STATE_STYLES } from './state-style.js';
import { seg, type Segment, type StyledLine } from './styled-line.js';
import { formatRtt } from './units.js';

export interface ScanRowOptions {
  selected: boolean;
  requerying: boolean;
  shortState: boolean;
  unicode: boolean;
}

export function scanHeaderLine(columns: readonly Column<ScanColumnId>[]): StyledLine {
  return columns.map((c, i) => seg((i > 0 ? ' ' : '') + fit(c.title, c.width, c.align), 'dim'));
}

export function scanRowLine(r: ProbeResult, columns: readonly Column<ScanColumnId>[], o: ScanRowOptions): StyledLine {
  const st = STATE_STYLES[r.state];
  const out: Segment[] = [];
  columns.forEach((c, i) => {
    const sep = i > 0 ? ' ' : '';
    const cell = (text: string, tone: Segment['tone'] = 'plain') => out.push(seg(sep + fit(text, c.width, c.align, o.unicode), tone));
    switch (c.id) {
      case 'mark':
        cell(o.selected ? (o.unicode ? '›' : '>') : '');
        break;
      case 'protocol':
        cell(r.protocol);
        break;
      case 'port':
        cell(String(r.port));
        break;
      case 'service':
        cell(r.service ?? '-', r.service ? 'plain' : 'dim');
        break;
      case 'state': {
        const symbol = o.requerying ? (o.unicode ? REQUERY_SYMBOL.symbol : REQUERY_SYMBOL.ascii) : o.unicode ? st.symbol : st.ascii;
        cell(`${symbol} ${o.shortState ? st.short : r.state}`, o.requerying ? 'accent' : st.tone);
        break;
      }
      case 'reason':
        cell(r.reason, 'dim');
        break;
      case 'rtt':
        cell(formatRtt(r.rttMs), 'dim');
        break;
      case 'summary':
        if (c.width > 0) cell(r.query ? (r.query.error ? `${r.query.protocol}: ${r.query.error}` : r.query.summary) : '', r.query?.error ? 'warn' : 'plain');
        break;
    }
  });
  return out;
}
