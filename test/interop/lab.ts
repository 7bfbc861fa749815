/**
 * The lab's ground truth (test/lab/ground-truth.json) for interop tests: hosts, addresses, ports
 * with the state portq must report, and the fixed names and secrets of the lab's servers.
 * The lab itself is started by `bash test/lab/lab.sh up` (docs/lab.md); interop tests run inside
 * the pqlab-client namespace (`npm run test:interop`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type LabTransport = 'tcp' | 'udp';
export type LabState = 'LISTENING' | 'NOT LISTENING' | 'FILTERED' | 'LISTENING OR FILTERED';
export type LabFamily = 4 | 6;

interface PortOverride {
  state?: LabState;
  stateWithoutQuery?: LabState | LabState[];
  server?: string;
}

/** One probed port as written in ground-truth.json. */
export interface LabPortEntry extends PortOverride {
  protocol: LabTransport;
  port: number;
  state: LabState;
  /** IANA service name (as in portq's services file), null for a port without one. */
  service: string | null;
  server: string;
  /** The nft rule in front of the listener, if any. */
  firewall?: string;
  /** A repo-relative file the service needs; `stateIfMissing` applies without it. */
  requires?: string;
  stateIfMissing?: LabState;
  /** Overrides for the IPv6 address (NetBIOS is IPv4 only). */
  ipv6?: PortOverride;
}

/** A port's truth for one address family, with `requires` and the IPv6 overrides applied. */
export interface ExpectedPort {
  protocol: LabTransport;
  port: number;
  /** What portq reports when it has the protocol query for `service` (always, for TCP). */
  state: LabState;
  /** What portq may report for a UDP port while it has no query for `service`. */
  stateWithoutQuery: LabState[];
  service: string | null;
  server: string;
  firewall?: string;
  /** False when a `requires` file is missing (the service is not started). */
  running: boolean;
}

export interface LabHost {
  name: string;
  namespace: string;
  ipv4: string;
  ipv6: string;
  role: string;
  /** The host keeps the kernel's ICMP rate limits (closed UDP ports answer ~1/s). */
  icmpRateLimited?: boolean;
  ports: LabPortEntry[];
}

export interface Lab {
  network: { ipv4: string; ipv6: string; bridgeNamespace: string; bridge: string; defaultRoutes: boolean };
  domain: {
    realm: string;
    dnsDomain: string;
    netbiosDomain: string;
    dcNetbiosName: string;
    dcFqdn: string;
    baseDn: string;
    domainSid: string;
    adminUser: string;
    adminPassword: string;
  };
  standalone: { netbiosName: string; workgroup: string; share: string };
  slapd: { baseDn: string; rootDn: string; rootPassword: string; entries: string[] };
  dnsmasq: { zone: string; nameServer: string; records: { name: string; type: string; value: string }[] };
  snmp: {
    readCommunity: string;
    deniedCommunity: string;
    sysDescr: string;
    sysContact: string;
    sysName: string;
    sysLocation: string;
  };
  ftp: { banner: string; anonymousFile: string; anonymousFileContent: string };
  mail: { hostname: string; smtpBanner: string };
  http: { body: string };
  tftp: { file: string; content: string };
  hosts: LabHost[];
  /** Absolute path of the repository. */
  repo: string;
  /** Absolute path of the lab's runtime directory (.lab: logs, caches, per-host files). */
  dir: string;
  /** The host by name ('client', 'dc', 'ldap', 'dns', 'smb', 'svc', 'rl'); throws if unknown. */
  host(name: string): LabHost;
}

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const GROUND_TRUTH_PATH = join(REPO, 'test', 'lab', 'ground-truth.json');

let cached: Lab | undefined;

/** Reads test/lab/ground-truth.json (once per process). */
export function loadLab(): Lab {
  if (cached) return cached;
  const raw = JSON.parse(readFileSync(GROUND_TRUTH_PATH, 'utf8')) as Omit<Lab, 'repo' | 'dir' | 'host'>;
  const lab: Lab = {
    ...raw,
    repo: REPO,
    dir: join(REPO, '.lab'),
    host(name: string): LabHost {
      const h = raw.hosts.find((x) => x.name === name);
      if (!h) throw new Error(`no lab host named ${name}`);
      return h;
    },
  };
  cached = lab;
  return lab;
}

function asList(v: LabState | LabState[] | undefined, fallback: LabState): LabState[] {
  if (v === undefined) return [fallback];
  return Array.isArray(v) ? v : [v];
}

/** The ports of a host as portq must see them on its IPv4 (4) or IPv6 (6) address. */
export function expectedPorts(host: LabHost, family: LabFamily): ExpectedPort[] {
  return host.ports.map((p) => {
    const o = family === 6 ? p.ipv6 ?? {} : {};
    const running = p.requires === undefined || existsSync(join(REPO, p.requires));
    let state = o.state ?? p.state;
    let stateWithoutQuery = asList(o.stateWithoutQuery ?? p.stateWithoutQuery, state);
    if (!running && p.stateIfMissing) {
      state = p.stateIfMissing;
      stateWithoutQuery = [p.stateIfMissing];
    }
    return {
      protocol: p.protocol,
      port: p.port,
      state,
      stateWithoutQuery,
      service: p.service,
      server: o.server ?? p.server,
      ...(p.firewall ? { firewall: p.firewall } : {}),
      running,
    };
  });
}

/** The address of a host for a family. */
export function addressOf(host: LabHost, family: LabFamily): string {
  return family === 4 ? host.ipv4 : host.ipv6;
}

/** True when this process runs inside the lab's client namespace (it owns the client's address). */
export function inLabClient(): boolean {
  const client = loadLab().host('client');
  return Object.values(networkInterfaces()).some((list) => list?.some((a) => a.address === client.ipv4));
}

/** Throws a clear error unless this process runs inside pqlab-client (use in `before`). */
export function requireLabClient(): void {
  if (!inLabClient()) {
    throw new Error(
      'interop tests must run inside the lab client namespace: `npm run test:interop`, or ' +
        '`bash test/lab/lab.sh up` then `ip netns exec pqlab-client node --import tsx --test <file>`',
    );
  }
}
