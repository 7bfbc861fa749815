/**
 * Everything the terminal UI shows that is not the scan or the socket table themselves: which view
 * is open, selections, filters, what is being typed, the last message. One `view` union and one
 * `entry` union, not a flag per widget.
 */
import type { PortState } from '../../engine/types.js';
import type { KeyContext } from '../keys/key-bindings.js';
import { EMPTY_CURSOR, type ListCursor } from './list-cursor.js';
import type { QueryDraft } from './query-draft.js';
import type { QueryFormState } from './query-form.js';
import type { SortSpec } from './scan-sort.js';
import type { LocalSortSpec } from './local-sort.js';

export type ViewName = 'scan' | 'detail' | 'local' | 'help';

export type StateFilter = 'all' | PortState;
export const STATE_FILTERS: readonly StateFilter[] = ['all', 'LISTENING', 'NOT LISTENING', 'FILTERED', 'LISTENING OR FILTERED'];

/** Watching a local port (TCP and UDP) or a process, as PortQry's -wport / -wpid. */
export type LocalWatch = { kind: 'port'; port: number } | { kind: 'pid'; pid: number; name: string | null };

/** Text being typed: the `/` filter (applied live), the `:` command line, or the New query form. */
export type Entry =
  | { kind: 'filter'; view: 'scan' | 'local'; text: string; before: string }
  | { kind: 'command'; text: string }
  | { kind: 'form'; form: QueryFormState };

export interface UiMessage {
  text: string;
  tone: 'info' | 'error';
}

export interface UiState {
  view: ViewName;
  /** Where Esc from Detail or Help goes back to. */
  returnTo: ViewName;
  /** Scan rows are named by the store's row ids (numbers), Local rows by socket key. */
  scan: { cursor: ListCursor<number>; filterText: string; stateFilter: StateFilter; sort: SortSpec };
  detail: { id: number; scroll: number } | null;
  local: { cursor: ListCursor<string>; filterText: string; sort: LocalSortSpec; watch: LocalWatch | null; paused: boolean };
  helpScroll: number;
  entry: Entry | null;
  /** The query `:` commands and the form edit; `q`/Enter runs it. */
  draft: QueryDraft;
  message: UiMessage | null;
  /** Set when the UI should close, with the process exit code. */
  exitCode: number | null;
}

export function initialUiState(opts: {
  draft: QueryDraft;
  view?: 'scan' | 'local';
  entry?: Entry | null;
}): UiState {
  const view = opts.view ?? 'scan';
  return {
    view,
    returnTo: view,
    scan: { cursor: { ...EMPTY_CURSOR }, filterText: '', stateFilter: 'all', sort: { key: 'order', descending: false } },
    detail: null,
    local: { cursor: { ...EMPTY_CURSOR }, filterText: '', sort: { key: 'port', descending: false }, watch: null, paused: false },
    helpScroll: 0,
    entry: opts.entry ?? null,
    draft: opts.draft,
    message: null,
    exitCode: null,
  };
}

/** Which bindings apply now. */
export function keyContextOf(state: UiState): KeyContext {
  if (state.entry) return state.entry.kind === 'form' ? 'form' : 'prompt';
  return state.view;
}
