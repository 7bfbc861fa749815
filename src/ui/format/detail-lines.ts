/**
 * The Detail view's content for one result: verdict, parsed answer tree, notes, every exchange as
 * a hex dump, and the PortQry text block. Wide terminals get the hex dumps in a column beside the
 * rest; others get one column. Pure, so it is tested without rendering.
 */
import type { ProbeResult } from '../../engine/types.js';
import { fieldTreeLines } from './field-tree.js';
import { hexDumpColumns, hexDumpLines } from './hex-dump.js';
import { sanitize } from './fit-text.js';
import { STATE_STYLES, stateSymbol } from './state-style.js';
import { line, seg, type StyledLine } from './styled-line.js';
import { formatRtt } from './units.js';

export interface DetailContent {
  /** One column, or the left column when `right` is set. */
  left: StyledLine[];
  /** The hex dumps, when the terminal is wide enough to show them beside the tree. */
  right: StyledLine[] | null;
  leftWidth: number;
  lineCount: number;
}

const SIDE_BY_SIDE_MIN = 150;

function timeOfDay(epochMs: number): string {
  const d = new Date(epochMs);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

function verdictLines(r: ProbeResult, unicode: boolean): StyledLine[] {
  const st = STATE_STYLES[r.state];
  return [
    line(
      seg(`${r.protocol.toUpperCase()} ${r.port}`, 'heading'),
      ` (${r.service ?? 'unknown service'})  `,
      seg(`${stateSymbol(r.state, unicode)} ${r.state}`, st.tone),
    ),
    line(seg('Reason  ', 'dim'), `${r.reason}: ${sanitize(r.reasonText)}`),
    line(
      seg('Target  ', 'dim'),
      `${r.target}${r.address && r.address !== r.target ? ` (${r.address})` : ''}`,
      seg('   RTT ', 'dim'),
      formatRtt(r.rttMs),
      seg('   tries ', 'dim'),
      String(r.tries),
      seg('   at ', 'dim'),
      timeOfDay(r.finishedAt),
      seg('   seq ', 'dim'),
      String(r.seq),
    ),
  ];
}

function answerLines(r: ProbeResult): StyledLine[] {
  const q = r.query;
  if (!q) return [line(''), line(seg('No protocol query ran for this port (no module for this service, or queries are off).', 'dim'))];
  const out: StyledLine[] = [line(''), line(seg(`Answer (${q.protocol})`, 'heading'), '  ', sanitize(q.summary))];
  if (q.error) out.push(line(seg('Error   ', 'error'), sanitize(q.error)));
  const tree = fieldTreeLines(q.fields);
  if (tree.length > 0) {
    out.push(line(''), line(seg('Parsed fields', 'heading')));
    for (const t of tree) {
      const indent = '  '.repeat(t.depth + 1);
      if (t.value === null) out.push(line(indent, seg(sanitize(t.key), 'accent')));
      else out.push(line(indent, seg(`${sanitize(t.key)}: `, 'dim'), seg(sanitize(t.value), t.kind === 'string' ? 'plain' : 'accent')));
    }
  }
  if (q.discovered?.length) {
    out.push(line(''), line(seg('Ports this answer named', 'heading')));
    for (const d of q.discovered) out.push(line(`  ${d.protocol}/${d.port}  `, seg(sanitize(d.why), 'dim')));
  }
  if (q.notes.length > 0) {
    out.push(line(''), line(seg('Notes', 'heading')));
    for (const n of q.notes) out.push(line('  ', sanitize(n)));
  }
  return out;
}

function exchangeLines(r: ProbeResult, bytesPerLine: number, unicode: boolean): StyledLine[] {
  const ex = r.query?.exchanges ?? [];
  if (ex.length === 0) return [line(seg('Bytes', 'heading')), line(seg('  nothing was sent or received by a protocol query', 'dim'))];
  const sent = ex.filter((e) => e.direction === 'sent').reduce((n, e) => n + e.bytes.length, 0);
  const received = ex.filter((e) => e.direction === 'received').reduce((n, e) => n + e.bytes.length, 0);
  const out: StyledLine[] = [line(seg('Bytes', 'heading'), `  ${ex.length} exchange${ex.length === 1 ? '' : 's'}, ${sent} sent, ${received} received`)];
  for (const e of ex) {
    const arrow = e.direction === 'sent' ? (unicode ? '→' : '>') : unicode ? '←' : '<';
    out.push(
      line(
        seg(`${arrow} ${e.direction} ${e.bytes.length} byte${e.bytes.length === 1 ? '' : 's'}`, e.direction === 'sent' ? 'sent' : 'received'),
        seg(` at ${e.atMs.toFixed(1)} ms`, 'dim'),
        e.label ? `  ${sanitize(e.label)}` : '',
      ),
    );
    for (const h of hexDumpLines(e.bytes, { width: bytesPerLine })) out.push(line('  ', h));
  }
  return out;
}

function portqryLines(r: ProbeResult): StyledLine[] {
  const text = r.query?.text;
  if (!text) return [];
  return [line(''), line(seg('PortQry output', 'heading')), ...text.split(/\r?\n/).map((t) => line('  ', sanitize(t)))];
}

export function detailContent(r: ProbeResult, width: number, unicode = true): DetailContent {
  const top = [...verdictLines(r, unicode), ...answerLines(r)];
  if (width >= SIDE_BY_SIDE_MIN) {
    const right = exchangeLines(r, 16, unicode);
    const left = [...top, ...portqryLines(r)];
    const leftWidth = width - (hexDumpColumns(16) + 2) - 3;
    return { left, right, leftWidth, lineCount: Math.max(left.length, right.length) };
  }
  const bytesPerLine = width >= hexDumpColumns(16) + 2 ? 16 : 8;
  const left = [...top, line(''), ...exchangeLines(r, bytesPerLine, unicode), ...portqryLines(r)];
  return { left, right: null, leftWidth: width, lineCount: left.length };
}
