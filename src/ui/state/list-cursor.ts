/**
 * The selection and visible window of a long list (the Scan and Local tables), as pure functions.
 * The selection follows its row by key, so rows arriving above it while a scan fills in do not move
 * the highlight to another port; if the row disappears (filtered out), the position is kept.
 */

/** How a list names its rows: Scan rows by number (result-columns.ts), Local rows by string. */
export type RowKey = string | number;

export interface ListCursor<K extends RowKey = RowKey> {
  /** Key of the selected row, null before anything was selected. */
  key: K | null;
  /** Last known position of the selection. */
  index: number;
  /** First visible row. */
  top: number;
}

export const EMPTY_CURSOR: ListCursor<never> = { key: null, index: 0, top: 0 };

export interface ResolvedCursor<K extends RowKey = RowKey> {
  /** Selected position, -1 for an empty list. */
  index: number;
  top: number;
  key: K | null;
}

function clamp(n: number, lo: number, hi: number): number {
  return n < lo ? lo : n > hi ? hi : n;
}

/** Where the selection and window are now, given the current rows and window height. */
export function resolveCursor<K extends RowKey>(cursor: ListCursor<K>, keys: readonly K[], pageSize: number): ResolvedCursor<K> {
  const count = keys.length;
  if (count === 0) return { index: -1, top: 0, key: null };
  let index = -1;
  if (cursor.key !== null) {
    index = keys[cursor.index] === cursor.key ? cursor.index : keys.indexOf(cursor.key);
  }
  if (index < 0) index = clamp(cursor.index, 0, count - 1);
  const page = Math.max(1, pageSize);
  let top = clamp(cursor.top, 0, Math.max(0, count - page));
  if (index < top) top = index;
  else if (index >= top + page) top = index - page + 1;
  return { index, top, key: keys[index]! };
}

export type CursorMove = { by: number } | { to: 'first' | 'last' } | { page: 1 | -1 };

/** Move the selection; the window scrolls just enough to keep it visible. */
export function moveCursor<K extends RowKey>(cursor: ListCursor<K>, keys: readonly K[], pageSize: number, move: CursorMove): ListCursor<K> {
  const now = resolveCursor(cursor, keys, pageSize);
  if (now.index < 0) return { ...EMPTY_CURSOR };
  const page = Math.max(1, pageSize);
  const last = keys.length - 1;
  let index: number;
  let top = now.top;
  if ('by' in move) index = now.index + move.by;
  else if ('to' in move) index = move.to === 'first' ? 0 : last;
  else {
    // Page keys move the window by a page and keep the selection at the same screen row.
    index = now.index + move.page * page;
    top = now.top + move.page * page;
  }
  index = clamp(index, 0, last);
  top = clamp(top, 0, Math.max(0, keys.length - page));
  if (index < top) top = index;
  else if (index >= top + page) top = index - page + 1;
  return { key: keys[index]!, index, top };
}
