/**
 * The command line: PortQry's flags with PortQry's rules, plus long options. Pure: argv in,
 * a validated ParsedArgs or a UsageError naming the flag and the fix out.
 */
import { UsageError } from '../engine/errors.js';
import { parsePortSpec, parseRange } from '../engine/port-spec.js';
import { PRESETS, presetNames } from '../engine/presets.js';
import type { Transport } from '../engine/types.js';

export type ProtoChoice = 'tcp' | 'udp' | 'both';
export type LocalMode = 'local' | 'wport' | 'wpid';

export interface ParsedArgs {
  help: boolean;
  version: boolean;
  host?: string;
  proto: ProtoChoice;
  /** Which of -e / -r / -o / --ports / --preset chose the ports, for messages and PortQry rules. */
  portSource: 'default' | '-e' | '-r' | '-o' | 'preset';
  ports: number[];
  preset?: string;
  quiet: boolean;
  logFile?: string;
  overwriteLog: boolean;
  slowLink: boolean;
  noReverse: boolean;
  sourcePort: number;
  community: string;
  interactive: boolean;
  local?: { mode: LocalMode; port?: number; pid?: number };
  watchInterval?: number;
  verbose: boolean;
  json: boolean;
  noTui: boolean;
  noColor: boolean;
  timeoutMs?: number;
  tries?: number;
  concurrency?: number;
  servicesFile?: string;
  noQuery: boolean;
  rpcDump: boolean;
  rpcPorts: boolean;
  brief: boolean;
  family?: 4 | 6;
  bannerWaitMs?: number;
}

interface FlagSpec {
  /** Every spelling: PortQry's -x and the long --name. */
  names: string[];
  value?: string;
  help: string;
}

/** One table drives parsing and --help, so they cannot drift. */
export const FLAGS: FlagSpec[] = [
  { names: ['-n', '--host'], value: 'HOST', help: 'host name, FQDN, IPv4 or IPv6 address to query' },
  { names: ['-p', '--proto'], value: 'tcp|udp|both', help: 'protocol (default tcp)' },
  { names: ['-e'], value: 'PORT', help: 'one port, 1-65535 (default 80)' },
  { names: ['-r'], value: 'START:END', help: 'a range of ports, scanned in order (START-END also accepted)' },
  { names: ['-o', '--ports'], value: 'LIST', help: 'ports in order, e.g. 53,88,135:139' },
  { names: ['--preset'], value: 'NAME', help: `a named port set: ${presetNames().join(', ')}` },
  { names: ['-q'], help: 'quiet: no output, exit code tells the state (only with -e)' },
  { names: ['-l'], value: 'FILE', help: 'also write the output to a log file' },
  { names: ['-y'], help: 'overwrite the log file without asking' },
  { names: ['-sl'], help: 'slow link: double the UDP wait' },
  { names: ['-nr'], help: 'do not resolve the IP address to a name' },
  { names: ['-sp'], value: 'PORT', help: 'source port to send from (default: any)' },
  { names: ['-cn'], value: '!COMMUNITY!', help: 'SNMP community, delimited by ! (default public)' },
  { names: ['-i'], help: 'interactive: the terminal UI with its command prompt open' },
  { names: ['-local'], help: 'list local TCP/UDP ports and the processes that own them' },
  { names: ['-wport'], value: 'PORT', help: 'watch a local port for changes' },
  { names: ['-wpid'], value: 'PID', help: 'watch a process\'s ports for changes' },
  { names: ['-wt'], value: 'SECONDS', help: 'watch interval, 1-1200 (default 60)' },
  { names: ['-v'], help: 'verbose: reasons for every port; services and modules in local mode' },
  { names: ['--json'], help: 'JSON lines: one object per port (local mode: per socket)' },
  { names: ['--no-tui'], help: 'plain text even on a terminal' },
  { names: ['--timeout'], value: 'MS', help: 'wait per try in milliseconds (default tcp 1500, udp 1000)' },
  { names: ['--retries'], value: 'N', help: 'tries before a silent port is given up (default tcp 3, udp 1)' },
  { names: ['--concurrency'], value: 'N', help: 'probes in flight (default: from the open-file limit, at most 1024)' },
  { names: ['--services-file'], value: 'FILE', help: 'use this services file (/etc/services format) instead of portq\'s own' },
  { names: ['--no-query'], help: 'states only: no protocol queries, no banners' },
  { names: ['--rpc-dump'], help: 'dump the RPC endpoint mapper even in a -r range' },
  { names: ['--rpc-ports'], help: 'also probe the dynamic TCP ports the endpoint mapper lists' },
  { names: ['--banner-wait'], value: 'MS', help: 'how long to wait for a TCP banner (default 1000, 250 under -r, 0 = never)' },
  { names: ['--brief'], help: 'local mode: one line per socket (pid, process, protocol, port, path)' },
  { names: ['-4'], help: 'use the IPv4 address of a name' },
  { names: ['-6'], help: 'use the IPv6 address of a name' },
  { names: ['--no-color'], help: 'no colours (NO_COLOR is honoured too)' },
  { names: ['-h', '--help', '-?'], help: 'this help' },
  { names: ['--version'], help: 'print the version' },
];

function findFlag(arg: string): { spec: FlagSpec; name: string } | undefined {
  const lower = arg.toLowerCase();
  // PortQry accepted /n as well as -n.
  const norm = /^\/[a-z?]/.test(lower) ? `-${lower.slice(1)}` : lower;
  for (const spec of FLAGS) {
    const name = spec.names.find((n) => n === norm);
    if (name) return { spec, name: spec.names[0]! };
  }
  return undefined;
}

function intValue(flag: string, text: string, min: number, max: number, what: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag}: "${text}" is not a number; give ${what} from ${min} to ${max}.`);
  const n = Number(text);
  if (n < min || n > max) throw new UsageError(`${flag}: ${text} is out of range; give ${what} from ${min} to ${max}.`);
  return n;
}

export function parseArgs(argv: string[]): ParsedArgs {
  const out: ParsedArgs = {
    help: false,
    version: false,
    proto: 'tcp',
    portSource: 'default',
    ports: [80],
    quiet: false,
    overwriteLog: false,
    slowLink: false,
    noReverse: false,
    sourcePort: 0,
    community: 'public',
    interactive: false,
    verbose: false,
    json: false,
    noTui: false,
    noColor: false,
    noQuery: false,
    rpcDump: false,
    rpcPorts: false,
    brief: false,
  };
  const seen = new Set<string>();
  const localModes: string[] = [];

  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i]!;
    let inline: string | undefined;
    if (arg.startsWith('--') && arg.includes('=')) {
      inline = arg.slice(arg.indexOf('=') + 1);
      arg = arg.slice(0, arg.indexOf('='));
    }
    const found = findFlag(arg);
    if (!found) {
      if (!arg.startsWith('-') && !arg.startsWith('/')) {
        throw new UsageError(`unexpected argument "${arg}"; give the host with -n, e.g. portq -n ${arg}. Run portq --help for the options.`);
      }
      throw new UsageError(`unknown option ${arg}; run portq --help for the list of options.`);
    }
    const { spec, name } = found;
    if (seen.has(name)) throw new UsageError(`${name} is given twice; give it once.`);
    seen.add(name);
    let value: string | undefined;
    if (spec.value) {
      value = inline ?? argv[++i];
      if (value === undefined || (value.startsWith('-') && value.length > 1 && !/^-\d/.test(value) && spec.value !== '!COMMUNITY!')) {
        throw new UsageError(`${name} needs a value: ${spec.value} (${spec.help}).`);
      }
    } else if (inline !== undefined) {
      throw new UsageError(`${name} takes no value; remove "=${inline}".`);
    }
    switch (name) {
      case '-n':
        if (value!.trim() === '') throw new UsageError('-n needs a host name or IP address, e.g. -n 127.0.0.1.');
        out.host = value!.trim();
        break;
      case '-p': {
        const p = value!.toLowerCase();
        if (p !== 'tcp' && p !== 'udp' && p !== 'both') throw new UsageError(`-p: "${value}" is not a protocol; use tcp, udp or both.`);
        out.proto = p;
        break;
      }
      case '-e':
        out.ports = [intValue('-e', value!, 1, 65535, 'a port')];
        out.portSource = '-e';
        break;
      case '-r':
        out.ports = parseRange(value!, '-r');
        if (out.ports.length === 1) throw new UsageError(`-r: ${value} is a single port; use -e ${out.ports[0]} for one port.`);
        out.portSource = '-r';
        break;
      case '-o':
        out.ports = parsePortSpec(value!, '-o');
        out.portSource = '-o';
        break;
      case '--preset': {
        const key = value!.toLowerCase();
        if (!PRESETS[key]) throw new UsageError(`--preset: unknown preset "${value}"; choose one of ${presetNames().join(', ')}.`);
        out.preset = key;
        out.portSource = 'preset';
        break;
      }
      case '-q':
        out.quiet = true;
        break;
      case '-l':
        if (value!.trim() === '') throw new UsageError('-l needs a file name for the log.');
        out.logFile = value!;
        break;
      case '-y':
        out.overwriteLog = true;
        break;
      case '-sl':
        out.slowLink = true;
        break;
      case '-nr':
        out.noReverse = true;
        break;
      case '-sp':
        out.sourcePort = intValue('-sp', value!, 0, 65535, 'a source port (0 = any)');
        break;
      case '-cn': {
        // PortQry: the community is delimited by ! so it may hold spaces: -cn !my community!
        const m = /^!(.*)!$/.exec(value!);
        const community = m ? m[1]! : value!;
        if (community === '') throw new UsageError('-cn: the community is empty; write it between ! marks, e.g. -cn !public!.');
        out.community = community;
        break;
      }
      case '-i':
        out.interactive = true;
        break;
      case '-local':
        localModes.push('-local');
        out.local = { mode: 'local' };
        break;
      case '-wport':
        localModes.push('-wport');
        out.local = { mode: 'wport', port: intValue('-wport', value!, 1, 65535, 'a port') };
        break;
      case '-wpid':
        localModes.push('-wpid');
        out.local = { mode: 'wpid', pid: intValue('-wpid', value!, 0, 4194304, 'a process ID') };
        break;
      case '-wt':
        out.watchInterval = intValue('-wt', value!, 1, 1200, 'a number of seconds');
        break;
      case '-v':
        out.verbose = true;
        break;
      case '--json':
        out.json = true;
        break;
      case '--no-tui':
        out.noTui = true;
        break;
      case '--timeout':
        out.timeoutMs = intValue('--timeout', value!, 1, 600000, 'milliseconds');
        break;
      case '--retries':
        out.tries = intValue('--retries', value!, 1, 10, 'a number of tries');
        break;
      case '--concurrency':
        out.concurrency = intValue('--concurrency', value!, 1, 16384, 'a number of probes');
        break;
      case '--services-file':
        out.servicesFile = value!;
        break;
      case '--no-query':
        out.noQuery = true;
        break;
      case '--rpc-dump':
        out.rpcDump = true;
        break;
      case '--rpc-ports':
        out.rpcPorts = true;
        break;
      case '--banner-wait':
        out.bannerWaitMs = intValue('--banner-wait', value!, 0, 60000, 'milliseconds');
        break;
      case '--brief':
        out.brief = true;
        break;
      case '-4':
      case '-6':
        if (out.family) throw new UsageError('-4 and -6 cannot be used together; choose one.');
        out.family = name === '-4' ? 4 : 6;
        break;
      case '--no-color':
        out.noColor = true;
        break;
      case '-h':
        out.help = true;
        break;
      case '--version':
        out.version = true;
        break;
    }
  }
  if (out.help || out.version) return out;
  validate(out, seen, localModes);
  return out;
}

/** PortQry's combination rules (PORTQRY.md), each with the fix. */
function validate(a: ParsedArgs, seen: Set<string>, localModes: string[]): void {
  const portFlags = ['-e', '-r', '-o', '--preset'].filter((f) => seen.has(f));
  if (portFlags.length > 1) throw new UsageError(`${portFlags.join(' and ')} cannot be used together; choose one way to give the ports.`);
  if (localModes.length > 1) throw new UsageError(`${localModes.join(' and ')} cannot be used together; choose one local mode.`);
  if (a.local) {
    const scanFlags = ['-n', '-p', '-e', '-r', '-o', '--preset', '-q', '-sl', '-nr', '-sp', '-cn', '-i', '--timeout', '--retries', '--concurrency', '--no-query', '--rpc-dump', '--rpc-ports', '-4', '-6'].filter((f) => seen.has(f));
    if (scanFlags.length) throw new UsageError(`${scanFlags[0]} cannot be used with ${localModes[0]}; local mode looks at this computer's own ports.`);
    if (a.local.mode === 'local' && seen.has('-wt')) throw new UsageError('-wt cannot be used with -local; use it with -wport or -wpid.');
    if (a.brief && a.local.mode !== 'local') throw new UsageError('--brief goes with -local only.');
    return;
  }
  if (seen.has('-wt')) throw new UsageError('-wt needs -wport PORT or -wpid PID: it sets how often they check for changes.');
  if (seen.has('--brief')) throw new UsageError('--brief goes with -local only.');
  if (a.quiet) {
    if (a.portSource === '-r' || a.portSource === '-o' || a.portSource === 'preset') {
      throw new UsageError(`-q works with a single port only; use -e PORT instead of ${a.portSource === 'preset' ? '--preset' : a.portSource}.`);
    }
    if (a.proto === 'both') throw new UsageError('-q cannot be used with -p both; query tcp and udp in two runs.');
    if (a.json) throw new UsageError('-q and --json cannot be used together; -q prints nothing.');
    if (a.interactive) throw new UsageError('-q cannot be used with -i.');
  }
  if (a.json && a.interactive) throw new UsageError('--json cannot be used with -i; -i is the terminal UI.');
  if (a.interactive && a.logFile) throw new UsageError('-l cannot be used with -i; the terminal UI exports with the e key.');
  if (a.preset && seen.has('-p')) throw new UsageError('-p cannot be used with --preset; the preset says which protocols each port uses.');
}

/** The ports and protocols to probe, in order: per port, TCP before UDP for -p both. */
export function probesFor(a: ParsedArgs): { protocol: Transport; port: number }[] {
  if (a.preset) return PRESETS[a.preset]!.probes.map((k) => ({ ...k }));
  const protos: Transport[] = a.proto === 'both' ? ['tcp', 'udp'] : [a.proto];
  const out: { protocol: Transport; port: number }[] = [];
  for (const port of a.ports) for (const protocol of protos) out.push({ protocol, port });
  return out;
}

export function helpText(version: string): string {
  const lines = [
    `portq ${version}: is that port really open, and who is on it?`,
    '',
    'Usage:',
    '  portq                                  terminal UI against 127.0.0.1 (on a terminal)',
    '  portq -n HOST [-p tcp|udp|both] [-e PORT | -r START:END | -o LIST | --preset NAME] [options]',
    '  portq -local [-v] [--brief] | -wport PORT | -wpid PID [-wt SECONDS] [-l FILE] [-y]',
    '  portq -i [-n HOST] [options]            terminal UI with its command prompt',
    '',
    'Options:',
  ];
  for (const f of FLAGS) {
    const left = `  ${f.names.join(', ')}${f.value ? ` ${f.value}` : ''}`;
    lines.push(left.length >= 30 ? `${left}\n${' '.repeat(30)}${f.help}` : `${left.padEnd(30)}${f.help}`);
  }
  lines.push(
    '',
    'States: LISTENING (something answered), NOT LISTENING (TCP reset or ICMP port unreachable),',
    'FILTERED (no answer, or an ICMP "prohibited"), LISTENING or FILTERED (UDP silence).',
    '',
    'Exit codes: 0 done (-q: LISTENING), 1 NOT LISTENING, 2 LISTENING or FILTERED, 3 FILTERED (those three',
    'with -q), 64 usage error, 68 host not found, 69 source port in use, 73 log file not writable,',
    '70 internal error, 130 interrupted.',
    '',
    'Examples:',
    '  portq -n 127.0.0.1 -e 53 -p both',
    '  portq -n localhost -r 1:1024 --json',
    '  portq -n ::1 -e 22 -q; echo $?',
    '  portq -n 127.0.0.1 --preset ad',
    '  portq -wport 8080 -wt 1 -l watch.log',
  );
  return lines.join('\n');
}
