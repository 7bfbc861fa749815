/**
 * PortQry's interactive-mode commands, typed after `:` (PORTQRY.md, -i): `node`/`n NAME`,
 * `query`/`q [shortcut]`, `set port=`/`e=`, `set protocol=`/`p=`, `set sport=`/`sp=`, `set cn=`,
 * `set nr`, `set sl`, `set all`, `help`, `exit`; plus `r A:B` and `o a,b` for ranges and lists.
 * Several commands may be chained with `;`. Pure: the caller applies the outcome.
 */
import { PRESETS } from '../../engine/presets.js';
import { parsePortSpec, parseRange } from '../../engine/port-spec.js';
import { PortqError } from '../../engine/errors.js';
import { describeSettings, DRAFT_PROTOCOLS, type DraftProtocol, type QueryDraft } from './query-draft.js';

export type CommandLineOutcome =
  /** Settings changed; `message` says what. */
  | { kind: 'draft'; draft: QueryDraft; message: string }
  /** Run the query the draft describes. */
  | { kind: 'run'; draft: QueryDraft }
  | { kind: 'help'; draft: QueryDraft }
  | { kind: 'quit' }
  | { kind: 'error'; message: string };

function portsDraft(d: QueryDraft, ports: string, check: (text: string) => unknown): QueryDraft {
  check(ports);
  return { ...d, ports: ports.trim(), preset: null, custom: null };
}

function unquoteCommunity(v: string): string {
  // PortQry delimits the community with `!` so it may contain spaces: -cn !my community!
  const m = /^!(.*)!$/.exec(v);
  return m ? m[1]! : v;
}

function applySet(d: QueryDraft, arg: string): { draft: QueryDraft; message: string } {
  const m = /^([a-z]+)\s*(?:=\s*(.*))?$/i.exec(arg.trim());
  if (!m) throw new PortqError(`set: "${arg}" is not NAME=VALUE; try set p=udp, set e=53, set all.`, 64);
  const name = m[1]!.toLowerCase();
  const value = m[2]?.trim();
  const need = (): string => {
    if (value === undefined || value === '') throw new PortqError(`set ${name}: give a value, like set ${name}=VALUE.`, 64);
    return value;
  };
  switch (name) {
    case 'all':
      return { draft: d, message: describeSettings(d) };
    case 'n':
    case 'node':
      return { draft: { ...d, host: need() }, message: `node: ${need()}` };
    case 'p':
    case 'protocol': {
      const p = need().toLowerCase();
      if (!DRAFT_PROTOCOLS.includes(p as DraftProtocol)) throw new PortqError(`set p: "${value}" is not tcp, udp or both.`, 64);
      return { draft: { ...d, protocol: p as DraftProtocol, preset: null }, message: `protocol: ${p}` };
    }
    case 'e':
    case 'port':
      return { draft: portsDraft(d, need(), (t) => parsePortSpec(t, 'set e')), message: `port: ${need()}` };
    case 'r':
    case 'range':
      return { draft: portsDraft(d, need(), (t) => parseRange(t, 'set r')), message: `range: ${need()}` };
    case 'o':
    case 'ports':
      return { draft: portsDraft(d, need(), (t) => parsePortSpec(t, 'set o')), message: `ports: ${need()}` };
    case 'sp':
    case 'sport': {
      const v = need();
      const n = /^\d+$/.test(v) ? Number(v) : NaN;
      if (!(n >= 0 && n <= 65535)) throw new PortqError(`set sp: "${v}" is not a port from 0 (ephemeral) to 65535.`, 64);
      return { draft: { ...d, sourcePort: n }, message: `source port: ${n === 0 ? 'ephemeral' : n}` };
    }
    case 'cn':
      return { draft: { ...d, community: unquoteCommunity(need()) }, message: `community: !${unquoteCommunity(need())}!` };
    case 'nr':
      return { draft: { ...d, reverseLookup: !d.reverseLookup }, message: `reverse lookup: ${d.reverseLookup ? 'off' : 'on'}` };
    case 'sl':
      return { draft: { ...d, slowLink: !d.slowLink }, message: `slow link: ${d.slowLink ? 'off' : 'on'}` };
    default:
      throw new PortqError(`set: unknown setting "${name}"; known: all, n, p, e, r, o, sp, cn, nr, sl.`, 64);
  }
}

function runOne(d: QueryDraft, line: string): CommandLineOutcome {
  const m = /^(\S+)\s*(.*)$/.exec(line.trim());
  if (!m) return { kind: 'draft', draft: d, message: '' };
  const verb = m[1]!.toLowerCase();
  const rest = m[2]!.trim();
  switch (verb) {
    case 'n':
    case 'node':
      if (rest === '') return { kind: 'draft', draft: d, message: `node: ${d.host || '(none)'}` };
      return { kind: 'draft', draft: { ...d, host: rest }, message: `node: ${rest} (:q runs the query)` };
    case 'q':
    case 'query': {
      if (rest === '') return { kind: 'run', draft: d };
      const name = rest.toLowerCase();
      if (!PRESETS[name]) return { kind: 'error', message: `q: unknown shortcut "${rest}"; known: ${Object.keys(PRESETS).join(', ')}.` };
      return { kind: 'run', draft: { ...d, preset: name, custom: null } };
    }
    case 'set': {
      const { draft, message } = applySet(d, rest);
      return { kind: 'draft', draft, message };
    }
    case 'e':
    case 'r':
    case 'o':
    case 'p':
    case 'sp':
    case 'cn': {
      const { draft, message } = applySet(d, `${verb}=${rest}`);
      return { kind: 'draft', draft, message };
    }
    case 'help':
    case 'h':
    case '?':
      return { kind: 'help', draft: d };
    case 'exit':
    case 'quit':
      return { kind: 'quit' };
    default:
      return { kind: 'error', message: `Unknown command "${verb}"; try n HOST, q [shortcut], set p=udp, set e=PORT, r A:B, set all, help, exit.` };
  }
}

export function runCommandLine(text: string, draft: QueryDraft): CommandLineOutcome {
  let d = draft;
  const messages: string[] = [];
  const parts = text.split(';').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) return { kind: 'draft', draft: d, message: '' };
  for (const part of parts) {
    let out: CommandLineOutcome;
    try {
      out = runOne(d, part);
    } catch (err) {
      if (err instanceof PortqError) return { kind: 'error', message: err.message };
      throw err;
    }
    if (out.kind !== 'draft') return out;
    d = out.draft;
    if (out.message) messages.push(out.message);
  }
  return { kind: 'draft', draft: d, message: messages.join('; ') };
}
