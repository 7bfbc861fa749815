/**
 * How the screen is divided at a given terminal size. Views render with it and the controller uses
 * the same numbers for paging, so PgDn always moves by exactly what is on screen.
 *
 * Ink repaints the whole screen on every frame when its output is as tall as the terminal, so the
 * UI draws one line less than the terminal has and lets Ink update only the lines that changed.
 */
import type { ViewName } from './state/ui-state.js';

export interface ScreenSize {
  columns: number;
  rows: number;
}

export interface Layout {
  width: number;
  /** Lines the UI draws. */
  height: number;
  header: number;
  tableHeader: number;
  status: number;
  footer: number;
  /** Table rows, or pane lines for Detail and Help. */
  body: number;
  tooSmall: boolean;
}

export const MIN_COLUMNS = 30;
export const MIN_ROWS = 4;

export function layoutFor(size: ScreenSize, view: ViewName): Layout {
  const width = Math.max(1, size.columns);
  const height = Math.max(1, size.rows - 1);
  const tooSmall = size.columns < MIN_COLUMNS || size.rows < MIN_ROWS;
  const footer = 1;
  if (view === 'detail' || view === 'help') {
    const header = height >= 8 ? 1 : 0;
    return { width, height, header, tableHeader: 0, status: 0, footer, body: Math.max(1, height - header - footer), tooSmall };
  }
  let header: number;
  let tableHeader: number;
  let status: number;
  if (height >= 19) [header, tableHeader, status] = [2, 1, 2];
  else if (height >= 9) [header, tableHeader, status] = [1, 1, 1];
  else [header, tableHeader, status] = [0, 0, 1];
  return { width, height, header, tableHeader, status, footer, body: Math.max(1, height - header - tableHeader - status - footer), tooSmall };
}
