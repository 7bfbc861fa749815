/** The Scan view's header (target, protocol, preset, sort, filters) and status bar (progress, counts, pacing, warnings). */
import type { PortState } from '../../engine/types.js';
import { PRESETS } from '../../engine/presets.js';
import type { ScanSnapshot } from '../state/scan-store.js';
import { SORT_LABELS } from '../state/scan-sort.js';
import type { UiState } from '../state/ui-state.js';
import { STATE_STYLES } from './state-style.js';
import { line, seg, type Segment, type StyledLine } from './styled-line.js';
import { formatCount, formatDuration, formatRate } from './units.js';

const protocolsCache = new WeakMap<object, string>();

/** TCP, UDP or TCP+UDP: computed once per scan (a probe list can hold 131,070 entries). */
function protocolsOf(snap: ScanSnapshot): string {
  const probes = snap.options?.probes ?? [];
  let text = protocolsCache.get(probes);
  if (text === undefined) {
    const tcp = probes.some((k) => k.protocol === 'tcp');
    const udp = probes.some((k) => k.protocol === 'udp');
    text = tcp && udp ? 'TCP+UDP' : udp ? 'UDP' : 'TCP';
    protocolsCache.set(probes, text);
  }
  return text;
}

function targetText(snap: ScanSnapshot, arrow: string): string {
  const host = snap.options?.host ?? '';
  const t = snap.target;
  if (!t) return host;
  const parts = [host];
  if (t.address !== host) parts.push(`${arrow} ${t.address}`);
  if (t.reverseName) parts.push(`(${t.reverseName})`);
  return parts.join(' ');
}

function presetText(title: string | null): string | null {
  if (!title) return null;
  const preset = PRESETS[title];
  return preset ? `${title}: ${preset.title}` : title;
}

export function scanHeaderLines(snap: ScanSnapshot, ui: UiState, lines: number, unicode: boolean): StyledLine[] {
  if (lines <= 0) return [];
  const sep = seg(unicode ? ' │ ' : ' | ', 'dim');
  if (!snap.options) return [line(seg('portq', 'heading'), sep, seg('no query yet', 'dim'))].slice(0, lines);
  const preset = presetText(snap.title);
  const first: Segment[] = [seg('portq', 'heading'), sep, seg('Target ', 'dim'), seg(targetText(snap, unicode ? '→' : '->'), 'plain'), sep, seg(protocolsOf(snap), 'plain')];
  if (preset) first.push(sep, seg('Preset ', 'dim'), seg(preset, 'plain'));
  const filters: Segment[] = [];
  if (ui.scan.stateFilter !== 'all') filters.push(seg('State ', 'dim'), seg(ui.scan.stateFilter, STATE_STYLES[ui.scan.stateFilter].tone));
  if (ui.scan.filterText !== '') filters.push(...(filters.length ? [sep] : []), seg('Filter ', 'dim'), seg(`/${ui.scan.filterText}`, 'accent'));
  const sort = `${SORT_LABELS[ui.scan.sort.key]}${ui.scan.sort.descending ? (unicode ? ' ↓' : ' desc') : ''}`;
  const second: Segment[] = [seg('Probes ', 'dim'), seg(String(snap.options.probes.length), 'plain'), sep, seg('Sort ', 'dim'), seg(sort, 'plain')];
  if (filters.length) second.push(sep, ...filters);
  if (lines === 1) return [[...first, sep, ...second.slice(0, 2), ...(filters.length ? [sep, ...filters] : [])]];
  return [first, second];
}

function progressBar(done: number, total: number, width: number, unicode: boolean): string {
  const frac = total > 0 ? Math.min(1, done / total) : 0;
  const full = Math.round(frac * width);
  return unicode ? '█'.repeat(full) + '░'.repeat(width - full) : '#'.repeat(full) + '.'.repeat(width - full);
}

function phaseSegments(snap: ScanSnapshot, unicode: boolean): Segment[] {
  switch (snap.phase) {
    case 'idle':
      return [seg('no query yet: n opens the form, : takes PortQry commands', 'dim')];
    case 'resolving':
      return [seg(`resolving ${snap.options?.host ?? ''}${unicode ? '…' : '...'}`, 'accent')];
    case 'running':
      return [seg(unicode ? '▶ running' : '> running', 'accent')];
    case 'paused':
      return [seg(unicode ? '❚❚ paused (Space resumes)' : '|| paused (Space resumes)', 'warn')];
    case 'done':
      return [seg(`done in ${formatDuration(snap.elapsedMs)}`, 'good')];
    case 'aborted':
      return [seg('stopped', 'warn')];
    case 'failed':
      return [seg(`failed: ${snap.error ?? 'unknown error'}`, 'error')];
  }
}

const COUNT_LABELS: Record<PortState, string> = {
  LISTENING: 'listening',
  'NOT LISTENING': 'not listening',
  FILTERED: 'filtered',
  'LISTENING OR FILTERED': 'listening or filtered',
};

export function statusLines(snap: ScanSnapshot, lines: number, width: number, unicode: boolean): StyledLine[] {
  if (lines <= 0) return [];
  const sep = seg(unicode ? ' │ ' : ' | ', 'dim');
  const p = snap.progress;
  const total = Math.max(p.total, snap.options?.probes.length ?? 0);
  // Verdicts shown count too: progress events come at most every 100 ms.
  const done = Math.max(p.done, snap.rowIds.length);
  const pct = total > 0 ? Math.floor((100 * Math.min(done, total)) / total) : 0;
  const live = snap.phase === 'running' || snap.phase === 'paused';
  const progress: Segment[] = [];
  if (snap.options) {
    if (lines > 1 && width >= 60) progress.push(seg(progressBar(done, total, 12, unicode), 'accent'), seg(' ', 'plain'));
    progress.push(seg(`${pct}% ${done}/${total}`, 'plain'));
    if (live && p.ratePerSec > 0) progress.push(seg(`  ${formatRate(p.ratePerSec)}`, 'dim'));
    if (live && p.etaMs !== null) progress.push(seg(`  ETA ${formatDuration(p.etaMs)}`, 'dim'));
    progress.push(sep);
  }
  progress.push(...phaseSegments(snap, unicode));

  const extra: Segment[] = [];
  if (snap.pacing?.active) {
    const pc = snap.pacing;
    extra.push(sep, seg(`pacing: ${pc.message || `UDP every ${pc.intervalMs} ms`}, ${pc.pending} left${pc.etaMs !== null ? `, ETA ${formatDuration(pc.etaMs)}` : ''}`, 'warn'));
  }
  if (snap.warningCount > 0) {
    const last = snap.warnings[snap.warnings.length - 1] ?? '';
    extra.push(sep, seg(`${unicode ? '⚠' : '!'} ${snap.warningCount}: ${last}`, 'warn'));
  }
  // State names beside the counts when there is room for them and for pacing/warnings.
  const labelled = lines > 1 && (width >= 120 || (width >= 80 && extra.length === 0));
  const counts: Segment[] = [];
  (Object.keys(STATE_STYLES) as PortState[]).forEach((state, i) => {
    const st = STATE_STYLES[state];
    if (i > 0) counts.push(seg('  ', 'plain'));
    const n = formatCount(snap.counts[state]);
    counts.push(seg(`${unicode ? st.symbol : st.ascii} ${n}${labelled ? ` ${COUNT_LABELS[state]}` : ''}`, st.tone));
  });
  if (lines === 1) return [[...progress, sep, ...counts, ...extra]];
  return [progress, [...counts, ...extra]];
}
