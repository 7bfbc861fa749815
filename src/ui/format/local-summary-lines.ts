/** The Local view's header (host, source, watch, filter) and status line (phase, counts, marks). */
import type { LocalStoreSnapshot } from '../state/local-store.js';
import type { UiState } from '../state/ui-state.js';
import { MARK_STYLES } from './local-row.js';
import { line, seg, type Segment, type StyledLine } from './styled-line.js';

function timeOfDay(ms: number): string {
  const d = new Date(ms);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

export function localHeaderLines(snap: LocalStoreSnapshot, ui: UiState, lines: number, unicode: boolean): StyledLine[] {
  if (lines <= 0) return [];
  const sep = seg(unicode ? ' │ ' : ' | ', 'dim');
  const s = snap.snapshot;
  const first: Segment[] = [seg('portq local', 'heading')];
  if (s) {
    first.push(sep, seg(s.hostname, 'plain'), sep, seg(`source ${s.source}`, 'dim'));
    if (!s.privileged) first.push(sep, seg('not root: other users\u2019 processes hidden', 'warn'));
  }
  const second: Segment[] = [];
  const w = ui.local.watch;
  if (w) second.push(seg('Watching ', 'dim'), seg(w.kind === 'port' ? `port ${w.port}` : `process ${w.pid}${w.name ? ` (${w.name})` : ''}`, 'accent'));
  else second.push(seg('All sockets', 'dim'));
  if (w?.kind === 'pid' && s?.watchedPidAlive === false) second.push(seg(' (exited)', 'bad'));
  second.push(sep, seg('Sort ', 'dim'), seg(`${ui.local.sort.key}${ui.local.sort.descending ? ' desc' : ''}`, 'plain'));
  if (ui.local.filterText) second.push(sep, seg('Filter ', 'dim'), seg(`/${ui.local.filterText}`, 'accent'));
  if (lines === 1) return [[...first, sep, ...second]];
  return [first, second];
}

export function localStatusLine(snap: LocalStoreSnapshot, shown: number, unicode: boolean): StyledLine {
  const sep = seg(unicode ? ' │ ' : ' | ', 'dim');
  const out: Segment[] = [];
  switch (snap.phase) {
    case 'idle':
    case 'loading':
      out.push(seg(`reading sockets${unicode ? '…' : '...'}`, 'accent'));
      break;
    case 'live':
      out.push(seg(`live ${snap.snapshot ? timeOfDay(snap.snapshot.takenAt) : ''}`, 'good'));
      break;
    case 'paused':
      out.push(seg('paused (Space resumes)', 'warn'));
      break;
    case 'error':
      out.push(seg(`error: ${snap.error ?? ''}`, 'error'));
      break;
    case 'unavailable':
      out.push(seg(snap.error ?? 'unavailable', 'error'));
      break;
  }
  if (snap.snapshot) {
    let added = 0;
    let gone = 0;
    let changed = 0;
    for (const r of snap.rows.values()) {
      if (r.mark === 'new') added++;
      else if (r.mark === 'gone') gone++;
      else if (r.mark === 'changed') changed++;
    }
    out.push(sep, seg(`${snap.snapshot.sockets.length} sockets, ${snap.snapshot.processes.length} processes`, 'plain'));
    if (shown !== snap.rows.size) out.push(seg(` (${shown} shown)`, 'dim'));
    const sym = (k: keyof typeof MARK_STYLES) => (unicode ? MARK_STYLES[k].symbol : MARK_STYLES[k].ascii);
    out.push(sep, seg(`${sym('new')}${added} new`, 'good'), seg(' ', 'plain'), seg(`${sym('gone')}${gone} gone`, 'bad'), seg(' ', 'plain'), seg(`${sym('changed')}${changed} changed`, 'warn'));
    if (snap.snapshot.warnings.length) out.push(sep, seg(snap.snapshot.warnings[0]!, 'warn'));
  }
  return line(...out);
}

