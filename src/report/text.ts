/**
 * Text in PortQry's shape: the header and resolution lines, then one verdict line per port in the
 * order the ports were given, each followed by why and by its protocol query's block.
 */
import type { PortState, ProbeKey, ProbeResult, ResolvedTarget } from '../engine/types.js';
import { probeId } from '../engine/types.js';

/** PortQry's spelling of the states in text output. */
export function stateText(state: PortState): string {
  return state === 'LISTENING OR FILTERED' ? 'LISTENING or FILTERED' : state;
}

export function headerText(t: ResolvedTarget): string {
  const lines = ['', 'Querying target system called:', '', ` ${t.target}`, ''];
  if (t.wasName) {
    lines.push('Attempting to resolve name to IP address...', '', '', `Name resolved to ${t.address}`, '');
    if (t.allAddresses.length > 1) {
      lines.push(`(${t.target} has ${t.allAddresses.length} addresses: ${t.allAddresses.join(', ')}; using ${t.address})`, '');
    }
  } else if (t.reverseLookup !== 'skipped') {
    lines.push('Attempting to resolve IP address to a name...', '', '');
    lines.push(t.reverseName ? `IP address resolved to ${t.reverseName}` : 'Failed to resolve IP address to name', '');
  }
  lines.push('querying...', '');
  return lines.join('\n') + '\n';
}

export function verdictLine(r: ProbeResult): string {
  return `${r.protocol.toUpperCase()} port ${r.port} (${r.service ?? 'unknown'} service): ${stateText(r.state)}`;
}

export function resultText(r: ProbeResult, opts: { showReason: boolean }): string {
  const lines = [verdictLine(r)];
  if (opts.showReason) lines.push(`  why: ${r.reasonText}${r.rttMs !== null ? ` (${r.rttMs} ms)` : ''}`);
  if (r.query) {
    for (const note of r.query.notes) lines.push(note);
    if (r.query.text) lines.push('', r.query.text.trimEnd(), '');
    else if (r.query.error) lines.push(`  query: ${r.query.error}`);
  }
  return lines.join('\n') + '\n';
}

/** The closing count line, from the state of every port queried. */
export function summaryText(states: Iterable<PortState>): string {
  const counts = new Map<string, number>();
  let total = 0;
  for (const state of states) {
    total++;
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  const order: PortState[] = ['LISTENING', 'NOT LISTENING', 'FILTERED', 'LISTENING OR FILTERED'];
  const parts = order.filter((s) => counts.get(s)).map((s) => `${counts.get(s)} ${stateText(s)}`);
  return `\n${total} port(s) queried: ${parts.join(', ')}\n`;
}

/**
 * Results arrive in completion order; text must come out in the order the ports were given.
 * Print each as soon as every port before it is done.
 */
export class InOrderPrinter {
  private readonly index = new Map<string, number>();
  private readonly ready = new Map<number, ProbeResult>();
  private next = 0;

  constructor(
    order: ProbeKey[],
    private readonly print: (r: ProbeResult) => void,
  ) {
    order.forEach((k, i) => {
      if (!this.index.has(probeId(k))) this.index.set(probeId(k), i);
    });
  }

  add(r: ProbeResult): void {
    const i = this.index.get(probeId(r));
    if (i === undefined) {
      // A port the scan discovered (dynamic RPC ports): it comes after the given ones.
      this.index.set(probeId(r), this.index.size);
      this.ready.set(this.index.size - 1, r);
    } else {
      this.ready.set(i, r);
    }
    this.flush();
  }

  /** After an abort: print whatever finished, in order, skipping the ports that never did. */
  flushAll(): void {
    for (const i of [...this.ready.keys()].sort((a, b) => a - b)) this.print(this.ready.get(i)!);
    this.ready.clear();
  }

  private flush(): void {
    for (;;) {
      const r = this.ready.get(this.next);
      if (!r) return;
      this.ready.delete(this.next);
      this.next++;
      this.print(r);
    }
  }
}
