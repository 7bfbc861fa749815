/**
 * From a key press (as Ink's useInput reports it) to what it means in the current context: a
 * command from the binding table, text typed into a prompt or form, or nothing.
 */
import type { Command } from './commands.js';
import { KEY_BINDINGS, type KeyContext, type KeySpec, type NamedKey } from './key-bindings.js';

/** The subset of Ink's `Key` flags portq reads (tests build these by hand). */
export interface KeyFlags {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  tab?: boolean;
  shift?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
  meta?: boolean;
}

export type KeyMeaning = { kind: 'command'; command: Command } | { kind: 'text'; text: string } | { kind: 'none' };

function namedKeyOf(input: string, key: KeyFlags): NamedKey | null {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageUp';
  if (key.pageDown) return 'pageDown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'return';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shiftTab' : 'tab';
  // Terminals send DEL (0x7f) for the Backspace key and Ink calls that `delete`.
  if (key.backspace || key.delete) return 'backspace';
  if (input === ' ') return 'space';
  return null;
}

function specMatches(spec: KeySpec, name: NamedKey | null, input: string, key: KeyFlags): boolean {
  if ('named' in spec) return spec.named === name;
  if ('ctrl' in spec) return key.ctrl === true && input.toLowerCase() === spec.ctrl;
  return !key.ctrl && name === null && input === spec.char;
}

/** Printable text: no control characters (pasted text arrives as one multi-character input). */
function printable(input: string): string {
  // eslint-disable-next-line no-control-regex
  return input.replace(/[\x00-\x1f\x7f]/g, '');
}

export function matchKey(input: string, key: KeyFlags, context: KeyContext): KeyMeaning {
  const name = namedKeyOf(input, key);
  for (const binding of KEY_BINDINGS) {
    if (!binding.contexts.includes(context)) continue;
    if (binding.keys.some((spec) => specMatches(spec, name, input, key))) return { kind: 'command', command: binding.command };
  }
  if ((context === 'prompt' || context === 'form') && !key.ctrl && !key.meta && (name === null || name === 'space')) {
    const text = printable(input);
    if (text !== '') return { kind: 'text', text };
  }
  return { kind: 'none' };
}
