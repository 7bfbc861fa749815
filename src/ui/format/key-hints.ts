/** The footer's key hints per view, spelled from the key table. */
import { Command } from '../keys/commands.js';
import { keysFor, type KeyContext } from '../keys/key-bindings.js';
import { seg, type Segment, type StyledLine } from './styled-line.js';

const HINTS: Record<KeyContext, [Command, string][]> = {
  scan: [
    [Command.open, 'open'],
    [Command.requery, 're-query'],
    [Command.requeryFiltered, 'retry filtered'],
    [Command.filter, 'filter'],
    [Command.stateFilterCycle, 'state'],
    [Command.sort, 'sort'],
    [Command.pauseResume, 'pause'],
    [Command.newQuery, 'new'],
    [Command.export, 'export'],
    [Command.switchView, 'local'],
    [Command.help, 'help'],
    [Command.quit, 'quit'],
  ],
  detail: [
    [Command.back, 'back'],
    [Command.moveDown, 'scroll'],
    [Command.requery, 're-query'],
    [Command.export, 'export'],
    [Command.help, 'help'],
    [Command.quit, 'quit'],
  ],
  local: [
    [Command.open, 'watch'],
    [Command.back, 'unwatch'],
    [Command.filter, 'filter'],
    [Command.sort, 'sort'],
    [Command.pauseResume, 'pause'],
    [Command.export, 'export'],
    [Command.switchView, 'scan'],
    [Command.help, 'help'],
    [Command.quit, 'quit'],
  ],
  help: [
    [Command.back, 'back'],
    [Command.moveDown, 'scroll'],
    [Command.quit, 'quit'],
  ],
  prompt: [
    [Command.submit, 'apply'],
    [Command.cancel, 'cancel'],
  ],
  form: [
    [Command.submit, 'run'],
    [Command.cancel, 'cancel'],
    [Command.nextField, 'next field'],
    [Command.optionNext, 'choice'],
  ],
};

/** As many hints as fit in `width`, in order of importance. */
export function keyHints(context: KeyContext, width: number, unicode: boolean): StyledLine {
  const out: Segment[] = [];
  let used = 0;
  for (const [command, label] of HINTS[context]) {
    const keys = keysFor(command, context, !unicode)[0];
    if (keys === undefined) continue;
    const text = `${keys} ${label}`;
    const add = (used > 0 ? 2 : 0) + text.length;
    if (used + add > width) break;
    if (used > 0) out.push(seg('  ', 'plain'));
    out.push(seg(keys, 'accent'), seg(` ${label}`, 'dim'));
    used += add;
  }
  return out;
}
