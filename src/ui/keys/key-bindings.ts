/**
 * The one table of key bindings. `matchKey` dispatches from it and the Help view is generated from
 * it, so what a key does and what Help says it does cannot drift apart.
 *
 * A binding is active in the contexts it names. Browsing contexts are the four views; `prompt` is a
 * one-line text entry (the `/` filter and the `:` command line) and `form` the new-query form, where
 * printable keys are text, so only the bindings listed for them apply there.
 */
import { Command } from './commands.js';

export type KeyContext = 'scan' | 'detail' | 'local' | 'help' | 'prompt' | 'form';

export type NamedKey =
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'pageUp'
  | 'pageDown'
  | 'home'
  | 'end'
  | 'return'
  | 'escape'
  | 'tab'
  | 'shiftTab'
  | 'backspace'
  | 'space';

/** A key: a named key, one printable character (case-sensitive), or Ctrl plus a letter. */
export type KeySpec = { named: NamedKey } | { char: string } | { ctrl: string };

export interface KeyBinding {
  command: Command;
  keys: readonly KeySpec[];
  contexts: readonly KeyContext[];
  /** One line for the Help view. */
  help: string;
}

const VIEWS: readonly KeyContext[] = ['scan', 'detail', 'local', 'help'];
const LISTS: readonly KeyContext[] = ['scan', 'detail', 'local', 'help'];
const TEXT: readonly KeyContext[] = ['prompt', 'form'];
const ALL: readonly KeyContext[] = [...VIEWS, ...TEXT];

const named = (name: NamedKey): KeySpec => ({ named: name });
const char = (c: string): KeySpec => ({ char: c });

export const KEY_BINDINGS: readonly KeyBinding[] = [
  // Moving (tables, the detail pane and help all scroll with the same keys).
  { command: Command.moveUp, keys: [named('up'), char('k')], contexts: LISTS, help: 'move up one row' },
  { command: Command.moveDown, keys: [named('down'), char('j')], contexts: LISTS, help: 'move down one row' },
  { command: Command.pageUp, keys: [named('pageUp'), { ctrl: 'b' }], contexts: LISTS, help: 'page up' },
  { command: Command.pageDown, keys: [named('pageDown'), { ctrl: 'f' }], contexts: LISTS, help: 'page down' },
  { command: Command.home, keys: [named('home'), char('g')], contexts: LISTS, help: 'first row' },
  { command: Command.end, keys: [named('end'), char('G')], contexts: LISTS, help: 'last row' },
  // Views.
  { command: Command.open, keys: [named('return')], contexts: ['scan'], help: 'open the selected port: parsed answer, hex dump, PortQry text' },
  { command: Command.open, keys: [named('return')], contexts: ['local'], help: 'watch the selected port; again to watch its process' },
  { command: Command.back, keys: [named('escape')], contexts: ['detail', 'help'], help: 'back to the previous view' },
  { command: Command.back, keys: [named('escape')], contexts: ['scan'], help: 'clear the text and state filters' },
  { command: Command.back, keys: [named('escape')], contexts: ['local'], help: 'stop watching; clear the filter' },
  { command: Command.switchView, keys: [named('tab')], contexts: ['scan', 'detail', 'local'], help: 'switch between Scan and Local' },
  { command: Command.help, keys: [char('?')], contexts: VIEWS, help: 'this help (from the key table)' },
  // Scan actions.
  { command: Command.requery, keys: [char('r')], contexts: ['scan', 'detail'], help: 're-query the selected port' },
  { command: Command.requeryFiltered, keys: [char('R')], contexts: ['scan', 'detail'], help: 're-query every FILTERED and LISTENING OR FILTERED port' },
  { command: Command.filter, keys: [char('/')], contexts: ['scan', 'local'], help: 'filter rows by text (port, service, state, process...)' },
  { command: Command.stateFilterCycle, keys: [char('f')], contexts: ['scan'], help: 'cycle the state filter' },
  { command: Command.stateFilterAll, keys: [char('0')], contexts: ['scan'], help: 'show every state' },
  { command: Command.stateFilterListening, keys: [char('1')], contexts: ['scan'], help: 'only LISTENING' },
  { command: Command.stateFilterNotListening, keys: [char('2')], contexts: ['scan'], help: 'only NOT LISTENING' },
  { command: Command.stateFilterFiltered, keys: [char('3')], contexts: ['scan'], help: 'only FILTERED' },
  { command: Command.stateFilterListeningOrFiltered, keys: [char('4')], contexts: ['scan'], help: 'only LISTENING OR FILTERED' },
  { command: Command.sort, keys: [char('s')], contexts: ['scan', 'local'], help: 'cycle the sort column' },
  { command: Command.sortReverse, keys: [char('S')], contexts: ['scan', 'local'], help: 'reverse the sort order' },
  { command: Command.pauseResume, keys: [named('space')], contexts: ['scan', 'detail', 'local'], help: 'pause or resume the scan (Local: the refresh)' },
  { command: Command.export, keys: [char('e')], contexts: ['scan', 'detail', 'local'], help: 'export the results to JSON and CSV files' },
  { command: Command.newQuery, keys: [char('n')], contexts: ['scan', 'detail'], help: 'new query: target, ports, protocol, preset' },
  { command: Command.commandPrompt, keys: [char(':')], contexts: VIEWS, help: 'PortQry command: n HOST, q [dns|ad|...], set p=udp, set e=PORT, r A:B' },
  { command: Command.quit, keys: [char('q')], contexts: VIEWS, help: 'quit' },
  { command: Command.interrupt, keys: [{ ctrl: 'c' }], contexts: ALL, help: 'quit at once (exit code 130)' },
  // Text entry.
  { command: Command.submit, keys: [named('return')], contexts: TEXT, help: 'apply (form: start the query)' },
  { command: Command.cancel, keys: [named('escape')], contexts: TEXT, help: 'cancel' },
  { command: Command.deleteBack, keys: [named('backspace')], contexts: TEXT, help: 'delete the character before the cursor' },
  { command: Command.nextField, keys: [named('tab'), named('down')], contexts: ['form'], help: 'next field' },
  { command: Command.previousField, keys: [named('shiftTab'), named('up')], contexts: ['form'], help: 'previous field' },
  { command: Command.optionNext, keys: [named('right')], contexts: ['form'], help: 'next choice (protocol, preset)' },
  { command: Command.optionPrevious, keys: [named('left')], contexts: ['form'], help: 'previous choice (protocol, preset)' },
];

const NAMED_LABELS: Record<NamedKey, string> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageUp: 'PgUp',
  pageDown: 'PgDn',
  home: 'Home',
  end: 'End',
  return: 'Enter',
  escape: 'Esc',
  tab: 'Tab',
  shiftTab: 'Shift-Tab',
  backspace: 'Backspace',
  space: 'Space',
};

const ASCII_LABELS: Partial<Record<NamedKey, string>> = { up: 'Up', down: 'Down', left: 'Left', right: 'Right' };

/** How a key is written in Help and hints: `↑`, `k`, `Ctrl-C`. */
export function keyLabel(spec: KeySpec, ascii = false): string {
  if ('named' in spec) return (ascii && ASCII_LABELS[spec.named]) || NAMED_LABELS[spec.named];
  if ('ctrl' in spec) return `Ctrl-${spec.ctrl.toUpperCase()}`;
  return spec.char;
}

/** The keys of the first binding of `command` active in `context`, for hints: ["↓", "j"]. */
export function keysFor(command: Command, context: KeyContext, ascii = false): string[] {
  const b = KEY_BINDINGS.find((x) => x.command === command && x.contexts.includes(context));
  return b ? b.keys.map((k) => keyLabel(k, ascii)) : [];
}
