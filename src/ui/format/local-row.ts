/** A Local table row: TCPView's columns, the new/gone/changed mark as a symbol and a tone. */
import type { LocalSocket } from '../../local/types.js';
import type { RowMark } from '../state/local-store.js';
import { fit } from './fit-text.js';
import type { Column } from './scan-columns.js';
import { seg, type Segment, type StyledLine } from './styled-line.js';
import type { Tone } from './tone.js';

export type LocalColumnId = 'mark' | 'protocol' | 'local' | 'remote' | 'state' | 'pid' | 'process' | 'user';

export const MARK_STYLES: Record<Exclude<RowMark, null>, { symbol: string; ascii: string; tone: Tone; label: string }> = {
  new: { symbol: '+', ascii: '+', tone: 'good', label: 'new' },
  gone: { symbol: '✕', ascii: 'x', tone: 'bad', label: 'gone' },
  changed: { symbol: '~', ascii: '~', tone: 'warn', label: 'changed' },
};

export function localColumns(width: number): Column<LocalColumnId>[] {
  const cols: Column<LocalColumnId>[] = [
    { id: 'mark', title: '', width: 3, align: 'left' },
    { id: 'protocol', title: 'PROTO', width: 5, align: 'left' },
  ];
  const fixed: Column<LocalColumnId>[] = [
    { id: 'state', title: 'STATE', width: 11, align: 'left' },
    { id: 'pid', title: 'PID', width: 7, align: 'right' },
  ];
  const process: Column<LocalColumnId> = { id: 'process', title: 'PROCESS', width: width >= 100 ? 16 : 12, align: 'left' };
  const user: Column<LocalColumnId> | null = width >= 100 ? { id: 'user', title: 'USER', width: 10, align: 'left' } : null;
  const fixedWidth = [...cols, ...fixed, process, ...(user ? [user] : [])].reduce((n, c) => n + c.width + 1, 0);
  const rest = Math.max(10, width - fixedWidth - 2);
  const showRemote = width >= 72;
  const localW = showRemote ? Math.floor(rest / 2) : rest;
  cols.push({ id: 'local', title: 'LOCAL ADDRESS', width: localW, align: 'left' });
  if (showRemote) cols.push({ id: 'remote', title: 'REMOTE ADDRESS', width: rest - localW, align: 'left' });
  cols.push(...fixed, process);
  if (user) cols.push(user);
  return cols;
}

export function endpoint(address: string | null, port: number | null): string {
  if (address === null) return '*';
  const a = address.includes(':') ? `[${address}]` : address;
  return `${a}:${port ?? '*'}`;
}

export function localHeaderLine(columns: readonly Column<LocalColumnId>[]): StyledLine {
  return columns.map((c, i) => seg((i > 0 ? ' ' : '') + fit(c.title, c.width, c.align), 'dim'));
}

export function localRowLine(s: LocalSocket, mark: RowMark, columns: readonly Column<LocalColumnId>[], o: { selected: boolean; unicode: boolean }): StyledLine {
  const m = mark ? MARK_STYLES[mark] : null;
  const tone: Tone = m ? m.tone : 'plain';
  const out: Segment[] = [];
  columns.forEach((c, i) => {
    const sep = i > 0 ? ' ' : '';
    const cell = (text: string, t: Tone = tone) => out.push(seg(sep + fit(text, c.width, c.align, o.unicode), t));
    switch (c.id) {
      case 'mark':
        cell(`${o.selected ? (o.unicode ? '›' : '>') : ' '}${m ? (o.unicode ? m.symbol : m.ascii) : ''}`);
        break;
      case 'protocol':
        cell(s.family === 6 ? `${s.protocol}6` : s.protocol);
        break;
      case 'local':
        cell(endpoint(s.localAddress, s.localPort));
        break;
      case 'remote':
        cell(s.remoteAddress === null ? '' : endpoint(s.remoteAddress, s.remotePort));
        break;
      case 'state':
        cell(s.state ?? '');
        break;
      case 'pid':
        cell(s.pid === null ? '-' : String(s.pid), s.pid === null && !m ? 'dim' : tone);
        break;
      case 'process':
        cell(s.processName ?? (s.ownerUnknown ? `(${s.ownerUnknown})` : '-'), s.processName || m ? tone : 'dim');
        break;
      case 'user':
        cell(s.user ?? (s.uid === null ? '' : String(s.uid)));
        break;
    }
  });
  return out;
}
