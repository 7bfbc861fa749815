/**
 * The Scan table's columns at a given width: the port and its state always show; service, round
 * trip and reason come and go with the width; the answer summary takes what is left.
 */

export type ScanColumnId = 'mark' | 'protocol' | 'port' | 'service' | 'state' | 'reason' | 'rtt' | 'summary';

export interface Column<Id extends string> {
  id: Id;
  title: string;
  width: number;
  align: 'left' | 'right';
}

export function scanColumns(width: number): { columns: Column<ScanColumnId>[]; shortState: boolean } {
  const wide = width >= 110;
  const shortState = width < 72;
  const cols: Column<ScanColumnId>[] = [
    { id: 'mark', title: '', width: 2, align: 'left' },
    { id: 'protocol', title: 'PROTO', width: 5, align: 'left' },
    { id: 'port', title: 'PORT', width: 6, align: 'right' },
  ];
  if (width >= 50) cols.push({ id: 'service', title: 'SERVICE', width: width >= 90 ? 16 : 12, align: 'left' });
  cols.push({ id: 'state', title: 'STATE', width: shortState ? 13 : 23, align: 'left' });
  if (wide) cols.push({ id: 'reason', title: 'REASON', width: 17, align: 'left' });
  if (width >= 64) cols.push({ id: 'rtt', title: 'RTT', width: 9, align: 'right' });
  // One space between columns; the summary takes the rest.
  const used = cols.reduce((n, c) => n + c.width + 1, 0);
  cols.push({ id: 'summary', title: 'ANSWER', width: Math.max(0, width - used), align: 'left' });
  return { columns: cols, shortState };
}
