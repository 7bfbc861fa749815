/**
 * The Help view's text, generated from the key table (plus the `:` commands and the state legend),
 * so Help always says what the keys really do.
 */
import type { PortState } from '../../engine/types.js';
import { KEY_BINDINGS, keyLabel, type KeyBinding, type KeyContext } from '../keys/key-bindings.js';
import { REQUERY_SYMBOL, STATE_STYLES } from './state-style.js';
import { line, seg, type StyledLine } from './styled-line.js';

const VIEWS: readonly KeyContext[] = ['scan', 'detail', 'local', 'help'];

const SECTIONS: { title: string; includes: (b: KeyBinding) => boolean }[] = [
  { title: 'Everywhere', includes: (b) => VIEWS.every((v) => b.contexts.includes(v)) },
  ...(['scan', 'detail', 'local'] as const).map((view) => ({
    title: view[0]!.toUpperCase() + view.slice(1),
    includes: (b: KeyBinding) => b.contexts.includes(view) && !VIEWS.every((v) => b.contexts.includes(v)),
  })),
  { title: 'Typing (filter, : commands, new query form)', includes: (b) => b.contexts.includes('prompt') || b.contexts.includes('form') },
];

const COMMAND_LINES: [string, string][] = [
  ['n HOST', 'set the target (node)'],
  ['q', 'run the query with the current settings'],
  ['q dns | ad | ldap | ...', 'run a PortQry shortcut, or ad: Domains and Trusts'],
  ['set p=tcp|udp|both', 'protocol'],
  ['set e=PORT', 'one port (lists work too: 53,88,135:139)'],
  ['r A:B', 'a port range'],
  ['set sp=N  cn=!x!  nr  sl', 'source port, SNMP community, reverse lookup, slow link'],
  ['set all', 'show the settings'],
  ['help  exit', 'this help; quit'],
  ['n HOST; r 1:1024; q', 'several commands at once'],
];

const STATE_HELP: Record<PortState, string> = {
  LISTENING: 'a process answered',
  'NOT LISTENING': 'refused: TCP reset or ICMP port unreachable',
  FILTERED: 'no answer at all: a firewall, or nothing there',
  'LISTENING OR FILTERED': 'UDP: silence to a plain datagram, no protocol query to tell',
};

export function helpLines(unicode = true): StyledLine[] {
  const out: StyledLine[] = [];
  for (const section of SECTIONS) {
    const rows = KEY_BINDINGS.filter(section.includes);
    if (rows.length === 0) continue;
    if (out.length > 0) out.push(line(''));
    out.push(line(seg(section.title, 'heading')));
    for (const b of rows) {
      const keys = b.keys.map((k) => keyLabel(k, !unicode)).join(' ');
      out.push(line('  ', seg(keys.padEnd(16), 'accent'), ' ', b.help));
    }
  }
  out.push(line(''), line(seg('PortQry commands (type : first)', 'heading')));
  for (const [cmd, what] of COMMAND_LINES) out.push(line('  ', seg(cmd.padEnd(26), 'accent'), ' ', what));
  out.push(line(''), line(seg('States', 'heading')));
  for (const state of Object.keys(STATE_STYLES) as PortState[]) {
    const st = STATE_STYLES[state];
    out.push(line('  ', seg(`${unicode ? st.symbol : st.ascii} ${state}`.padEnd(26), st.tone), ' ', STATE_HELP[state]));
  }
  out.push(line('  ', seg(`${unicode ? REQUERY_SYMBOL.symbol : REQUERY_SYMBOL.ascii} (before the state)`.padEnd(26), 'accent'), ' ', 'being re-queried'));
  return out;
}
