/**
 * The query the user is composing in the New query form or with PortQry's interactive commands
 * (`n HOST`, `set p=udp`, `set e=PORT`, `r A:B`, `q dns`), and its translation to ScanOptions.
 */
import type { ScanOptions } from '../../engine/scan-options.js';
import type { ProbeKey, Transport } from '../../engine/types.js';
import { PRESETS } from '../../engine/presets.js';
import { parsePortSpec } from '../../engine/port-spec.js';
import { UsageError } from '../../engine/errors.js';

export type DraftProtocol = 'tcp' | 'udp' | 'both';
export const DRAFT_PROTOCOLS: readonly DraftProtocol[] = ['tcp', 'udp', 'both'];

export interface QueryDraft {
  host: string;
  /** Port spec as typed: `80`, `1:1024`, `53,88,135:139`. Empty when a preset or `custom` decides. */
  ports: string;
  protocol: DraftProtocol;
  /** A PRESETS name; when set, it decides the ports and protocols. */
  preset: string | null;
  /** Probes as launched when they mix protocols per port (the default set); cleared by editing ports. */
  custom: ProbeKey[] | null;
  sourcePort: number;
  community: string;
  slowLink: boolean;
  reverseLookup: boolean;
}

/** Write ports compactly: 1,2,3,5 → "1:3,5". */
export function formatPorts(ports: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < ports.length) {
    let j = i;
    while (j + 1 < ports.length && ports[j + 1] === ports[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${ports[i]}:${ports[j]}` : ports.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return parts.join(',');
}

/** The draft that re-creates `options`: ports + protocol when the probe list allows it. */
export function draftFromOptions(options: ScanOptions, preset: string | null = null): QueryDraft {
  const common = {
    host: options.host,
    sourcePort: options.sourcePort,
    community: options.query.community,
    slowLink: options.query.slowLink,
    reverseLookup: options.reverseLookup,
  };
  if (preset && PRESETS[preset]) return { ...common, ports: '', protocol: 'tcp', preset, custom: null };
  const tcp = options.probes.filter((k) => k.protocol === 'tcp').map((k) => k.port);
  const udp = options.probes.filter((k) => k.protocol === 'udp').map((k) => k.port);
  if (udp.length === 0) return { ...common, ports: formatPorts(tcp), protocol: 'tcp', preset: null, custom: null };
  if (tcp.length === 0) return { ...common, ports: formatPorts(udp), protocol: 'udp', preset: null, custom: null };
  const sameSet = tcp.length === udp.length && tcp.every((p, i) => p === udp[i]);
  const both = probesFor(tcp, 'both');
  if (sameSet && both.every((k, i) => k.protocol === options.probes[i]?.protocol && k.port === options.probes[i]?.port)) {
    return { ...common, ports: formatPorts(tcp), protocol: 'both', preset: null, custom: null };
  }
  return { ...common, ports: '', protocol: 'both', preset: null, custom: options.probes };
}

function probesFor(ports: readonly number[], protocol: DraftProtocol): ProbeKey[] {
  // PortQry -p both: TCP then UDP for each port.
  const protocols: Transport[] = protocol === 'both' ? ['tcp', 'udp'] : [protocol];
  return ports.flatMap((port) => protocols.map((p) => ({ protocol: p, port })));
}

/** One line saying what the draft will probe: "tcp 1:1024", "preset dns", "44 probes as launched". */
export function describeDraft(d: QueryDraft): string {
  if (d.preset) return `preset ${d.preset} (${PRESETS[d.preset]?.title ?? '?'})`;
  if (d.custom) return `${d.custom.length} probes as launched`;
  return `${d.protocol} ${d.ports || '(no ports)'}`;
}

/** PortQry's `set all`: every setting on one line. */
export function describeSettings(d: QueryDraft): string {
  return [
    `node=${d.host || '(none)'}`,
    `ports=${describeDraft(d)}`,
    `sp=${d.sourcePort}`,
    `cn=!${d.community}!`,
    `nr=${d.reverseLookup ? 'off' : 'on'}`,
    `sl=${d.slowLink ? 'on' : 'off'}`,
  ].join('  ');
}

/**
 * The scan the draft asks for, built on `base` (timeouts, services, concurrency as launched).
 * Throws UsageError with a message for the user.
 */
export function optionsFromDraft(d: QueryDraft, base: ScanOptions): { options: ScanOptions; title: string | null } {
  const host = d.host.trim();
  if (host === '') throw new UsageError('No target: set one with the Host field or `:n HOST`.');
  if (/\s/.test(host)) throw new UsageError(`"${host}" is not a host name or address.`);
  let probes: ProbeKey[];
  let title: string | null = null;
  let rangeMode = false;
  let followDiscovered = base.followDiscovered;
  if (d.preset) {
    const preset = PRESETS[d.preset];
    if (!preset) throw new UsageError(`Unknown preset "${d.preset}"; known: ${Object.keys(PRESETS).join(', ')}.`);
    probes = preset.probes;
    title = preset.title;
    followDiscovered = preset.followRpcPorts === true;
  } else if (d.custom) {
    probes = d.custom;
  } else {
    probes = probesFor(parsePortSpec(d.ports, 'ports'), d.protocol);
    rangeMode = /[:\-]/.test(d.ports);
  }
  // -sl doubles the UDP wait (PORTQRY.md); undo the base's doubling before applying ours.
  const baseUdp = base.query.slowLink ? base.timeoutMs.udp / 2 : base.timeoutMs.udp;
  return {
    options: {
      ...base,
      host,
      probes,
      sourcePort: d.sourcePort,
      reverseLookup: d.reverseLookup,
      followDiscovered,
      timeoutMs: { tcp: base.timeoutMs.tcp, udp: d.slowLink ? baseUdp * 2 : baseUdp },
      query: { ...base.query, community: d.community, slowLink: d.slowLink, rangeMode },
    },
    title,
  };
}
