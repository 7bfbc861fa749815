/**
 * The terminal UI's reducer: a command (from the key table) or typed text, plus what the screen
 * currently lists, gives the next UiState and the effects to run (re-query, start a scan, export,
 * quit...). Pure, so every key's behaviour is tested without rendering anything.
 */
import type { ScanOptions } from '../../engine/scan-options.js';
import type { ProbeKey } from '../../engine/types.js';
import { Command } from '../keys/commands.js';
import { EMPTY_CURSOR, moveCursor, resolveCursor, type CursorMove } from './list-cursor.js';
import { runCommandLine } from './command-line.js';
import { optionsFromDraft } from './query-draft.js';
import { cycleOption, deleteBack, moveField, openForm, typeText } from './query-form.js';
import { nextSortKey, SORT_LABELS, type SortSpec } from './scan-sort.js';
import { nextLocalSortKey } from './local-sort.js';
import { STATE_FILTERS, type LocalWatch, type StateFilter, type UiMessage, type UiState, type ViewName } from './ui-state.js';
import { PortqError } from '../../engine/errors.js';

export type UiAction = { type: 'command'; command: Command } | { type: 'text'; text: string } | { type: 'message'; message: UiMessage | null };

/** What the screen lists now: the reducer's only window on the stores. */
export interface ReduceContext {
  /** Scan row ids (the store's) after the filters, in display order. */
  scanRows: readonly number[];
  /** Local socket keys after the filter, in display order. */
  localRows: readonly string[];
  /** Rows (or lines) the current view's list shows at once. */
  pageSize: number;
  detailLineCount: number;
  helpLineCount: number;
  /** The probe behind a scan row id. */
  probeKeyOf(id: number): ProbeKey | null;
  /** Every FILTERED and LISTENING OR FILTERED probe of the scan (filters do not apply). */
  retryKeys(): ProbeKey[];
  /** The local socket behind a row key. */
  localRow(key: string): { port: number; pid: number | null; processName: string | null } | null;
  /** Launch options: timeouts, services and concurrency for new queries. */
  baseOptions: ScanOptions;
}

export type UiEffect =
  | { type: 'requery'; keys: ProbeKey[] }
  | { type: 'pauseResume' }
  | { type: 'localPauseResume'; paused: boolean }
  | { type: 'startScan'; options: ScanOptions; title: string | null }
  | { type: 'sort'; sort: SortSpec }
  | { type: 'localWatch'; watch: LocalWatch | null }
  | { type: 'export'; what: 'scan' | 'local' }
  | { type: 'quit'; code: number };

export interface ReduceResult {
  state: UiState;
  effects: UiEffect[];
}

const STATE_FILTER_COMMANDS: Partial<Record<Command, StateFilter>> = {
  [Command.stateFilterAll]: 'all',
  [Command.stateFilterListening]: 'LISTENING',
  [Command.stateFilterNotListening]: 'NOT LISTENING',
  [Command.stateFilterFiltered]: 'FILTERED',
  [Command.stateFilterListeningOrFiltered]: 'LISTENING OR FILTERED',
};

function moveOf(command: Command): CursorMove | null {
  switch (command) {
    case Command.moveUp:
      return { by: -1 };
    case Command.moveDown:
      return { by: 1 };
    case Command.pageUp:
      return { page: -1 };
    case Command.pageDown:
      return { page: 1 };
    case Command.home:
      return { to: 'first' };
    case Command.end:
      return { to: 'last' };
    default:
      return null;
  }
}

/** Scroll a plain text pane (Detail, Help): the offset of its first visible line. */
function scrollBy(scroll: number, move: CursorMove, lineCount: number, pageSize: number): number {
  const max = Math.max(0, lineCount - Math.max(1, pageSize));
  let next: number;
  if ('by' in move) next = scroll + move.by;
  else if ('page' in move) next = scroll + move.page * Math.max(1, pageSize - 1);
  else next = move.to === 'first' ? 0 : max;
  return Math.min(max, Math.max(0, next));
}

const info = (text: string): UiMessage => ({ text, tone: 'info' });
const error = (text: string): UiMessage => ({ text, tone: 'error' });

function quit(state: UiState, code: number): ReduceResult {
  return { state: { ...state, exitCode: code, entry: null }, effects: [{ type: 'quit', code }] };
}

function openHelp(state: UiState): UiState {
  return { ...state, view: 'help', returnTo: state.view === 'help' ? state.returnTo : state.view, helpScroll: 0, entry: null };
}

function startScan(state: UiState, ctx: ReduceContext, draft = state.draft): ReduceResult {
  try {
    const { options, title } = optionsFromDraft(draft, ctx.baseOptions);
    return {
      state: {
        ...state,
        draft,
        entry: null,
        view: 'scan',
        detail: null,
        scan: { ...state.scan, cursor: { ...EMPTY_CURSOR }, filterText: '', stateFilter: 'all' },
        message: info(`Querying ${options.host}: ${options.probes.length} probe${options.probes.length === 1 ? '' : 's'}`),
      },
      effects: [{ type: 'startScan', options, title }],
    };
  } catch (err) {
    if (!(err instanceof PortqError)) throw err;
    if (state.entry?.kind === 'form') {
      return { state: { ...state, entry: { kind: 'form', form: { ...state.entry.form, error: err.message } } }, effects: [] };
    }
    return { state: { ...state, draft, entry: null, message: error(err.message) }, effects: [] };
  }
}

/** Keys Scan and Detail share: both show the scan, so r, R, space, e and Tab mean the same. */
function onScanShared(s: UiState, command: Command, ctx: ReduceContext): ReduceResult {
  switch (command) {
    case Command.requery:
      return requerySelected(s, ctx);
    case Command.requeryFiltered:
      return requeryFiltered(s, ctx);
    case Command.pauseResume:
      return { state: s, effects: [{ type: 'pauseResume' }] };
    case Command.export:
      return { state: s, effects: [{ type: 'export', what: 'scan' }] };
    case Command.switchView:
      return { state: { ...s, view: 'local' }, effects: [] };
    default:
      return { state: s, effects: [] };
  }
}

function requerySelected(state: UiState, ctx: ReduceContext): ReduceResult {
  let id: number | null = null;
  if (state.view === 'detail') id = state.detail?.id ?? null;
  else id = resolveCursor(state.scan.cursor, ctx.scanRows, ctx.pageSize).key;
  const key = id !== null ? ctx.probeKeyOf(id) : null;
  if (!key) return { state: { ...state, message: error('No port selected to re-query.') }, effects: [] };
  return { state: { ...state, message: info(`Re-querying ${key.protocol}/${key.port}`) }, effects: [{ type: 'requery', keys: [key] }] };
}

function requeryFiltered(state: UiState, ctx: ReduceContext): ReduceResult {
  const keys = ctx.retryKeys();
  if (keys.length === 0) return { state: { ...state, message: info('No FILTERED or LISTENING OR FILTERED ports to re-query.') }, effects: [] };
  return {
    state: { ...state, message: info(`Re-querying ${keys.length} FILTERED / LISTENING OR FILTERED port${keys.length === 1 ? '' : 's'}`) },
    effects: [{ type: 'requery', keys }],
  };
}

function onEntry(state: UiState, action: UiAction, ctx: ReduceContext): ReduceResult {
  const entry = state.entry!;
  const none = (s: UiState): ReduceResult => ({ state: s, effects: [] });
  if (action.type === 'command' && action.command === Command.interrupt) return quit(state, 130);

  if (entry.kind === 'filter') {
    const setText = (text: string): UiState => {
      const next = { ...state, entry: { ...entry, text } };
      return entry.view === 'scan' ? { ...next, scan: { ...state.scan, filterText: text } } : { ...next, local: { ...state.local, filterText: text } };
    };
    if (action.type === 'text') return none(setText(entry.text + action.text));
    if (action.type !== 'command') return none(state);
    switch (action.command) {
      case Command.deleteBack:
        return none(setText(entry.text.slice(0, -1)));
      case Command.submit:
        return none({ ...state, entry: null });
      case Command.cancel: {
        const restored = setText(entry.before);
        return none({ ...restored, entry: null });
      }
      default:
        return none(state);
    }
  }

  if (entry.kind === 'command') {
    if (action.type === 'text') return none({ ...state, entry: { ...entry, text: entry.text + action.text } });
    if (action.type !== 'command') return none(state);
    switch (action.command) {
      case Command.deleteBack:
        return none({ ...state, entry: { ...entry, text: entry.text.slice(0, -1) } });
      case Command.cancel:
        return none({ ...state, entry: null });
      case Command.submit: {
        const out = runCommandLine(entry.text, state.draft);
        const closed = { ...state, entry: null };
        switch (out.kind) {
          case 'draft':
            return none({ ...closed, draft: out.draft, message: out.message ? info(out.message) : null });
          case 'run':
            return startScan(closed, ctx, out.draft);
          case 'help':
            return none(openHelp({ ...closed, draft: out.draft }));
          case 'quit':
            return quit(closed, 0);
          case 'error':
            return none({ ...closed, message: error(out.message) });
        }
      }
      // falls through: other commands do nothing while typing
      default:
        return none(state);
    }
  }

  // The New query form.
  const form = entry.form;
  const setForm = (f: typeof form): ReduceResult => none({ ...state, entry: { kind: 'form', form: f } });
  if (action.type === 'text') return setForm(typeText(form, action.text));
  if (action.type !== 'command') return none(state);
  switch (action.command) {
    case Command.deleteBack:
      return setForm(deleteBack(form));
    case Command.nextField:
      return setForm(moveField(form, 1));
    case Command.previousField:
      return setForm(moveField(form, -1));
    case Command.optionNext:
      return setForm(cycleOption(form, 1));
    case Command.optionPrevious:
      return setForm(cycleOption(form, -1));
    case Command.cancel:
      return none({ ...state, entry: null });
    case Command.submit:
      return startScan(state, ctx, form.draft);
    default:
      return none(state);
  }
}

function onLocalOpen(state: UiState, ctx: ReduceContext): ReduceResult {
  const key = resolveCursor(state.local.cursor, ctx.localRows, ctx.pageSize).key;
  const row = key ? ctx.localRow(key) : null;
  if (!row) return { state: { ...state, message: error('No socket selected.') }, effects: [] };
  const current = state.local.watch;
  let watch: LocalWatch;
  if (current?.kind === 'port' && row.pid !== null) watch = { kind: 'pid', pid: row.pid, name: row.processName };
  else if (current?.kind === 'pid') return { state: { ...state, message: info('Already watching a process; Esc stops watching.') }, effects: [] };
  else watch = { kind: 'port', port: row.port };
  const text = watch.kind === 'port' ? `Watching port ${watch.port} (Enter again: its process; Esc: stop)` : `Watching process ${watch.pid}${watch.name ? ` (${watch.name})` : ''} (Esc: stop)`;
  return {
    state: { ...state, local: { ...state.local, watch, cursor: { ...EMPTY_CURSOR } }, message: info(text) },
    effects: [{ type: 'localWatch', watch }],
  };
}

export function reduceUi(state: UiState, action: UiAction, ctx: ReduceContext): ReduceResult {
  if (action.type === 'message') return { state: { ...state, message: action.message }, effects: [] };
  if (state.entry) return onEntry(state, action, ctx);
  if (action.type !== 'command') return { state, effects: [] };
  const command = action.command;
  // A new key press replaces the previous message.
  const s: UiState = { ...state, message: null };
  const none = (next: UiState): ReduceResult => ({ state: next, effects: [] });

  // Commands that mean the same in every view.
  switch (command) {
    case Command.quit:
      return quit(s, 0);
    case Command.interrupt:
      return quit(s, 130);
    case Command.help:
      return none(openHelp(s));
    case Command.commandPrompt:
      return none({ ...s, entry: { kind: 'command', text: '' } });
    case Command.newQuery:
      return none({ ...s, entry: { kind: 'form', form: openForm(s.draft) } });
    default:
      break;
  }

  const move = moveOf(command);
  switch (s.view) {
    case 'scan': {
      if (move) return none({ ...s, scan: { ...s.scan, cursor: moveCursor(s.scan.cursor, ctx.scanRows, ctx.pageSize, move) } });
      const stateFilter = STATE_FILTER_COMMANDS[command];
      if (stateFilter) return none({ ...s, scan: { ...s.scan, stateFilter } });
      switch (command) {
        case Command.open: {
          const key = resolveCursor(s.scan.cursor, ctx.scanRows, ctx.pageSize).key;
          if (key === null) return none({ ...s, message: info('Nothing to open yet.') });
          return none({ ...s, view: 'detail', returnTo: 'scan', detail: { id: key, scroll: 0 } });
        }
        case Command.back:
          if (s.scan.filterText === '' && s.scan.stateFilter === 'all') return none(s);
          return none({ ...s, scan: { ...s.scan, filterText: '', stateFilter: 'all' }, message: info('Filters cleared') });
        case Command.filter:
          return none({ ...s, entry: { kind: 'filter', view: 'scan', text: s.scan.filterText, before: s.scan.filterText } });
        case Command.stateFilterCycle: {
          const next = STATE_FILTERS[(STATE_FILTERS.indexOf(s.scan.stateFilter) + 1) % STATE_FILTERS.length]!;
          return none({ ...s, scan: { ...s.scan, stateFilter: next } });
        }
        case Command.sort:
        case Command.sortReverse: {
          const sort: SortSpec =
            command === Command.sort ? { key: nextSortKey(s.scan.sort.key), descending: false } : { ...s.scan.sort, descending: !s.scan.sort.descending };
          return {
            state: { ...s, scan: { ...s.scan, sort }, message: info(`Sorted by ${SORT_LABELS[sort.key]}${sort.descending ? ', reversed' : ''}`) },
            effects: [{ type: 'sort', sort }],
          };
        }
        default:
          return onScanShared(s, command, ctx);
      }
    }
    case 'detail': {
      if (move && s.detail) return none({ ...s, detail: { ...s.detail, scroll: scrollBy(s.detail.scroll, move, ctx.detailLineCount, ctx.pageSize) } });
      switch (command) {
        case Command.back:
          return none({ ...s, view: s.returnTo === 'detail' ? 'scan' : s.returnTo });
        default:
          return onScanShared(s, command, ctx);
      }
    }
    case 'local': {
      if (move) return none({ ...s, local: { ...s.local, cursor: moveCursor(s.local.cursor, ctx.localRows, ctx.pageSize, move) } });
      switch (command) {
        case Command.open:
          return onLocalOpen(s, ctx);
        case Command.back:
          if (s.local.watch) {
            return {
              state: { ...s, local: { ...s.local, watch: null, cursor: { ...EMPTY_CURSOR } }, message: info('Stopped watching') },
              effects: [{ type: 'localWatch', watch: null }],
            };
          }
          if (s.local.filterText !== '') return none({ ...s, local: { ...s.local, filterText: '' }, message: info('Filter cleared') });
          return none(s);
        case Command.filter:
          return none({ ...s, entry: { kind: 'filter', view: 'local', text: s.local.filterText, before: s.local.filterText } });
        case Command.sort:
          return none({ ...s, local: { ...s.local, sort: { key: nextLocalSortKey(s.local.sort.key), descending: false } } });
        case Command.sortReverse:
          return none({ ...s, local: { ...s.local, sort: { ...s.local.sort, descending: !s.local.sort.descending } } });
        case Command.pauseResume: {
          const paused = !s.local.paused;
          return { state: { ...s, local: { ...s.local, paused } }, effects: [{ type: 'localPauseResume', paused }] };
        }
        case Command.export:
          return { state: s, effects: [{ type: 'export', what: 'local' }] };
        case Command.switchView:
          return none({ ...s, view: 'scan' });
        default:
          return none(s);
      }
    }
    case 'help': {
      if (move) return none({ ...s, helpScroll: scrollBy(s.helpScroll, move, ctx.helpLineCount, ctx.pageSize) });
      if (command === Command.back) return none({ ...s, view: s.returnTo === 'help' ? 'scan' : (s.returnTo as ViewName) });
      return none(s);
    }
  }
}
