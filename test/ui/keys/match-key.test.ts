import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchKey } from '../../../src/ui/keys/match-key.js';
import { KEY_BINDINGS, keyLabel, type KeyContext } from '../../../src/ui/keys/key-bindings.js';
import { Command } from '../../../src/ui/keys/commands.js';

const CONTEXTS: KeyContext[] = ['scan', 'detail', 'local', 'help', 'prompt', 'form'];

test('every key of the issue maps to its command in the Scan view', () => {
  const cases: [string, object, Command][] = [
    ['', { upArrow: true }, Command.moveUp],
    ['k', {}, Command.moveUp],
    ['', { downArrow: true }, Command.moveDown],
    ['j', {}, Command.moveDown],
    ['', { pageUp: true }, Command.pageUp],
    ['', { pageDown: true }, Command.pageDown],
    ['', { home: true }, Command.home],
    ['', { end: true }, Command.end],
    ['', { return: true }, Command.open],
    ['', { escape: true, meta: true }, Command.back],
    ['r', {}, Command.requery],
    ['R', { shift: true }, Command.requeryFiltered],
    ['/', {}, Command.filter],
    ['f', {}, Command.stateFilterCycle],
    ['3', {}, Command.stateFilterFiltered],
    ['s', {}, Command.sort],
    [' ', {}, Command.pauseResume],
    ['e', {}, Command.export],
    ['', { tab: true }, Command.switchView],
    ['?', {}, Command.help],
    [':', {}, Command.commandPrompt],
    ['n', {}, Command.newQuery],
    ['q', {}, Command.quit],
    ['c', { ctrl: true }, Command.interrupt],
  ];
  for (const [input, key, command] of cases) {
    assert.deepEqual(matchKey(input, key, 'scan'), { kind: 'command', command }, `${JSON.stringify(input)} ${JSON.stringify(key)}`);
  }
});

test('Backspace arrives as DEL, which Ink calls delete', () => {
  assert.deepEqual(matchKey('', { delete: true }, 'prompt'), { kind: 'command', command: Command.deleteBack });
  assert.deepEqual(matchKey('', { backspace: true }, 'form'), { kind: 'command', command: Command.deleteBack });
});

test('in a prompt, letters are text, not commands; Ctrl-C still quits', () => {
  assert.deepEqual(matchKey('q', {}, 'prompt'), { kind: 'text', text: 'q' });
  assert.deepEqual(matchKey('j', {}, 'form'), { kind: 'text', text: 'j' });
  assert.deepEqual(matchKey(' ', {}, 'prompt'), { kind: 'text', text: ' ' });
  assert.deepEqual(matchKey('c', { ctrl: true }, 'prompt'), { kind: 'command', command: Command.interrupt });
  assert.deepEqual(matchKey('', { return: true }, 'prompt'), { kind: 'command', command: Command.submit });
  // Pasted text arrives at once; control characters in it are dropped.
  assert.deepEqual(matchKey('10.0.0.1\x07', {}, 'prompt'), { kind: 'text', text: '10.0.0.1' });
});

test('in the form, Tab and arrows move between fields and choices', () => {
  assert.deepEqual(matchKey('', { tab: true }, 'form'), { kind: 'command', command: Command.nextField });
  assert.deepEqual(matchKey('', { tab: true, shift: true }, 'form'), { kind: 'command', command: Command.previousField });
  assert.deepEqual(matchKey('', { rightArrow: true }, 'form'), { kind: 'command', command: Command.optionNext });
});

test('unbound keys mean nothing', () => {
  assert.deepEqual(matchKey('z', {}, 'scan'), { kind: 'none' });
  assert.deepEqual(matchKey('', { upArrow: true }, 'prompt'), { kind: 'none' });
});

test('the table binds no key twice in one context', () => {
  for (const context of CONTEXTS) {
    const seen = new Map<string, Command>();
    for (const b of KEY_BINDINGS.filter((x) => x.contexts.includes(context))) {
      for (const k of b.keys) {
        const label = keyLabel(k);
        assert.ok(!seen.has(label), `${context}: ${label} bound to ${seen.get(label)} and ${b.command}`);
        seen.set(label, b.command);
      }
    }
  }
});
