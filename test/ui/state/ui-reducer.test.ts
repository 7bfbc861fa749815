import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reduceUi, type ReduceContext, type UiAction } from '../../../src/ui/state/ui-reducer.js';
import { initialUiState, type UiState } from '../../../src/ui/state/ui-state.js';
import { draftFromOptions } from '../../../src/ui/state/query-draft.js';
import { openForm } from '../../../src/ui/state/query-form.js';
import { Command } from '../../../src/ui/keys/commands.js';
import type { ProbeKey } from '../../../src/engine/types.js';
import { tcpPorts, testOptions } from '../helpers/test-options.js';

const base = testOptions(tcpPorts(1, 50));
// Scan rows are the store's ids: here port p has id p - 1.
const rows = tcpPorts(1, 50).map((_, i) => i);
const idOfPort = (port: number) => port - 1;

function ctx(over: Partial<ReduceContext> = {}): ReduceContext {
  return {
    scanRows: rows,
    localRows: ['s1', 's2', 's3'],
    pageSize: 10,
    detailLineCount: 40,
    helpLineCount: 30,
    probeKeyOf: (id) => ({ protocol: 'tcp', port: id + 1 }),
    retryKeys: () => [{ protocol: 'tcp', port: 7 }, { protocol: 'udp', port: 53 }],
    localRow: (key) => ({ port: 8000 + Number(key.slice(1)), pid: 100 + Number(key.slice(1)), processName: 'srv' }),
    baseOptions: base,
    ...over,
  };
}

const start = () => initialUiState({ draft: draftFromOptions(base) });
const cmd = (command: Command): UiAction => ({ type: 'command', command });

function run(state: UiState, actions: UiAction[], c = ctx()) {
  let s = state;
  const effects = [];
  for (const a of actions) {
    const r = reduceUi(s, a, c);
    s = r.state;
    effects.push(...r.effects);
  }
  return { state: s, effects };
}

test('Scan: moving, paging, Home/End select rows by key', () => {
  const { state } = run(start(), [cmd(Command.moveDown), cmd(Command.moveDown), cmd(Command.pageDown)]);
  assert.equal(state.scan.cursor.key, idOfPort(13));
  assert.equal(run(state, [cmd(Command.end)]).state.scan.cursor.key, idOfPort(50));
  assert.equal(run(state, [cmd(Command.home)]).state.scan.cursor.key, idOfPort(1));
  assert.equal(run(state, [cmd(Command.pageUp), cmd(Command.moveUp)]).state.scan.cursor.key, idOfPort(2));
});

test('Enter opens Detail on the selected port, Esc comes back', () => {
  const { state } = run(start(), [cmd(Command.moveDown), cmd(Command.open)]);
  assert.equal(state.view, 'detail');
  assert.deepEqual(state.detail, { id: idOfPort(2), scroll: 0 });
  const scrolled = run(state, [cmd(Command.pageDown), cmd(Command.moveDown)]).state;
  assert.equal(scrolled.detail?.scroll, 10);
  assert.equal(run(scrolled, [cmd(Command.end)]).state.detail?.scroll, 30, 'end stops at the last page');
  assert.equal(run(scrolled, [cmd(Command.back)]).state.view, 'scan');
});

test('Enter opens the first row too (its id is 0)', () => {
  const { state } = run(start(), [cmd(Command.open)]);
  assert.equal(state.view, 'detail');
  assert.deepEqual(state.detail, { id: 0, scroll: 0 });
});

test('Enter on an empty table says so instead of opening nothing', () => {
  const { state } = run(start(), [cmd(Command.open)], ctx({ scanRows: [] }));
  assert.equal(state.view, 'scan');
  assert.match(state.message?.text ?? '', /Nothing to open/);
});

test('r re-queries the selected port from Scan and from Detail; R re-queries filtered ports', () => {
  let r = run(start(), [cmd(Command.moveDown), cmd(Command.requery)]);
  assert.deepEqual(r.effects, [{ type: 'requery', keys: [{ protocol: 'tcp', port: 2 }] }]);
  r = run(start(), [cmd(Command.end), cmd(Command.open), cmd(Command.requery)]);
  assert.deepEqual(r.effects, [{ type: 'requery', keys: [{ protocol: 'tcp', port: 50 }] }]);
  r = run(start(), [cmd(Command.requeryFiltered)]);
  assert.deepEqual(r.effects, [{ type: 'requery', keys: [{ protocol: 'tcp', port: 7 }, { protocol: 'udp', port: 53 }] as ProbeKey[] }]);
  assert.match(r.state.message?.text ?? '', /2 FILTERED/);
  r = run(start(), [cmd(Command.requeryFiltered)], ctx({ retryKeys: () => [] }));
  assert.deepEqual(r.effects, []);
  assert.match(r.state.message?.text ?? '', /No FILTERED/);
});

test('/ filters live as you type; Enter keeps it, Esc restores the previous filter', () => {
  const typed = run(start(), [cmd(Command.filter), { type: 'text', text: 'ld' }, { type: 'text', text: 'ap' }]).state;
  assert.equal(typed.scan.filterText, 'ldap');
  assert.equal(typed.entry?.kind, 'filter');
  const kept = run(typed, [cmd(Command.deleteBack), cmd(Command.submit)]).state;
  assert.equal(kept.scan.filterText, 'lda');
  assert.equal(kept.entry, null);
  const again = run(kept, [cmd(Command.filter), { type: 'text', text: 'xyz' }, cmd(Command.cancel)]).state;
  assert.equal(again.scan.filterText, 'lda');
  // Esc in the table clears text and state filters.
  const cleared = run(again, [cmd(Command.stateFilterListening), cmd(Command.back)]).state;
  assert.equal(cleared.scan.filterText, '');
  assert.equal(cleared.scan.stateFilter, 'all');
});

test('state filters: digits pick one, f cycles through all of them', () => {
  assert.equal(run(start(), [cmd(Command.stateFilterFiltered)]).state.scan.stateFilter, 'FILTERED');
  assert.equal(run(start(), [cmd(Command.stateFilterListeningOrFiltered)]).state.scan.stateFilter, 'LISTENING OR FILTERED');
  const seen = [];
  let s = start();
  for (let i = 0; i < 5; i++) {
    s = run(s, [cmd(Command.stateFilterCycle)]).state;
    seen.push(s.scan.stateFilter);
  }
  assert.deepEqual(seen, ['LISTENING', 'NOT LISTENING', 'FILTERED', 'LISTENING OR FILTERED', 'all']);
});

test('s cycles the sort key and S reverses it, each with a sort effect', () => {
  let r = run(start(), [cmd(Command.sort)]);
  assert.deepEqual(r.effects, [{ type: 'sort', sort: { key: 'port', descending: false } }]);
  r = run(r.state, [cmd(Command.sortReverse)]);
  assert.deepEqual(r.effects, [{ type: 'sort', sort: { key: 'port', descending: true } }]);
});

test('Space, e, q and Ctrl-C are effects for the controller', () => {
  assert.deepEqual(run(start(), [cmd(Command.pauseResume)]).effects, [{ type: 'pauseResume' }]);
  assert.deepEqual(run(start(), [cmd(Command.export)]).effects, [{ type: 'export', what: 'scan' }]);
  const q = run(start(), [cmd(Command.quit)]);
  assert.deepEqual(q.effects, [{ type: 'quit', code: 0 }]);
  assert.equal(q.state.exitCode, 0);
  assert.equal(run(start(), [cmd(Command.interrupt)]).state.exitCode, 130);
  // Ctrl-C works while typing too.
  assert.equal(run(start(), [cmd(Command.filter), cmd(Command.interrupt)]).state.exitCode, 130);
});

test('Tab switches Scan and Local; ? opens Help and Esc returns where it came from', () => {
  const local = run(start(), [cmd(Command.switchView)]).state;
  assert.equal(local.view, 'local');
  assert.equal(run(local, [cmd(Command.switchView)]).state.view, 'scan');
  const help = run(local, [cmd(Command.help), cmd(Command.moveDown)]).state;
  assert.equal(help.view, 'help');
  assert.equal(help.helpScroll, 1);
  assert.equal(run(help, [cmd(Command.back)]).state.view, 'local');
});

test('Local: Enter watches the port, again its process; Esc stops watching, then clears the filter', () => {
  let r = run(initialUiState({ draft: draftFromOptions(base), view: 'local' }), [cmd(Command.moveDown), cmd(Command.open)]);
  assert.deepEqual(r.effects, [{ type: 'localWatch', watch: { kind: 'port', port: 8002 } }]);
  r = run(r.state, [cmd(Command.open)]);
  assert.deepEqual(r.effects, [{ type: 'localWatch', watch: { kind: 'pid', pid: 101, name: 'srv' } }]);
  r = run(r.state, [cmd(Command.back)]);
  assert.deepEqual(r.effects, [{ type: 'localWatch', watch: null }]);
  assert.equal(r.state.local.watch, null);
  const filtered = run(r.state, [cmd(Command.filter), { type: 'text', text: 'sshd' }, cmd(Command.submit)]).state;
  assert.equal(filtered.local.filterText, 'sshd');
  assert.equal(run(filtered, [cmd(Command.back)]).state.local.filterText, '');
  const paused = run(filtered, [cmd(Command.pauseResume)]);
  assert.deepEqual(paused.effects, [{ type: 'localPauseResume', paused: true }]);
  assert.deepEqual(run(filtered, [cmd(Command.export)]).effects, [{ type: 'export', what: 'local' }]);
});

test(': commands change the draft; q runs it as a new scan', () => {
  const typed = (text: string): UiAction[] => [cmd(Command.commandPrompt), { type: 'text', text }, cmd(Command.submit)];
  let r = run(start(), typed('n 127.0.0.2'));
  assert.equal(r.state.draft.host, '127.0.0.2');
  assert.match(r.state.message?.text ?? '', /node: 127.0.0.2/);
  r = run(r.state, [...typed('set p=udp'), ...typed('set e=53'), ...typed('q')]);
  assert.equal(r.effects.length, 1);
  const e = r.effects[0]!;
  assert.equal(e.type, 'startScan');
  if (e.type === 'startScan') {
    assert.equal(e.options.host, '127.0.0.2');
    assert.deepEqual(e.options.probes, [{ protocol: 'udp', port: 53 }]);
    assert.equal(e.options.services, base.services, 'launch settings carry over');
  }
  r = run(start(), typed('r 20:22; q'));
  const e2 = r.effects[0]!;
  assert.ok(e2.type === 'startScan' && e2.options.probes.length === 3 && e2.options.query.rangeMode);
  r = run(start(), typed('q dns'));
  const e3 = r.effects[0]!;
  assert.ok(e3.type === 'startScan' && e3.title === 'DNS');
  r = run(start(), typed('bogus'));
  assert.equal(r.state.message?.tone, 'error');
  assert.equal(run(start(), typed('help')).state.view, 'help');
  assert.equal(run(start(), typed('exit')).state.exitCode, 0);
});

test('the New query form edits a copy of the draft; Enter starts the scan, errors stay in the form', () => {
  const draft = { ...draftFromOptions(base), host: '' };
  const s0 = { ...start(), draft, entry: { kind: 'form' as const, form: openForm(draft) } };
  let r = run(s0, [{ type: 'text', text: '127.0.0.9' }, cmd(Command.nextField)]);
  assert.equal(r.state.entry?.kind === 'form' && r.state.entry.form.draft.host, '127.0.0.9');
  // Clear the ports and type a bad range.
  const clear = Array.from({ length: 10 }, () => cmd(Command.deleteBack));
  r = run(r.state, [...clear, { type: 'text', text: '9:1' }, cmd(Command.submit)]);
  assert.equal(r.effects.length, 0);
  assert.match(r.state.entry?.kind === 'form' ? (r.state.entry.form.error ?? '') : '', /backwards/);
  r = run(r.state, [...clear, { type: 'text', text: '1:3' }, cmd(Command.nextField), cmd(Command.optionNext), cmd(Command.submit)]);
  const e = r.effects[0]!;
  assert.ok(e.type === 'startScan');
  if (e.type === 'startScan') assert.deepEqual(e.options.probes, tcpPorts(1, 3, 'udp'));
  assert.equal(r.state.entry, null);
  assert.equal(r.state.draft.host, '127.0.0.9');
  // Esc throws the edits away.
  const cancelled = run(s0, [{ type: 'text', text: 'x' }, cmd(Command.cancel)]).state;
  assert.equal(cancelled.draft.host, '');
  assert.equal(cancelled.entry, null);
});

test('the preset field cycles through the presets; ports then come from it', () => {
  const s0 = { ...start(), entry: { kind: 'form' as const, form: openForm(draftFromOptions(base), 'preset') } };
  const r = run(s0, [cmd(Command.optionNext), cmd(Command.submit)]);
  const e = r.effects[0]!;
  assert.ok(e.type === 'startScan' && e.title === 'DNS');
  if (e.type === 'startScan') assert.deepEqual(e.options.probes, [{ protocol: 'tcp', port: 53 }, { protocol: 'udp', port: 53 }]);
});
