/**
 * What a scan needs to know. The command line builds one of these from flags; the terminal UI's
 * "new query" form edits one; tests build them by hand.
 */
import type { ProbeKey } from './types.js';
import type { QueryOptions } from '../protocols/types.js';
import type { ServicesDb } from './services.js';

export interface ScanOptions {
  /** -n: host name, IPv4 or IPv6 literal. */
  host: string;
  /** Ports to probe, in the order the user gave them (TCP before UDP for -p both, per port). */
  probes: ProbeKey[];
  /** Per-try wait in ms. UDP's is doubled by -sl. */
  timeoutMs: { tcp: number; udp: number };
  /** Tries before a silent port is given up (PortQry: TCP 3, UDP 1). */
  tries: { tcp: number; udp: number };
  /** Probes in flight at once; 'auto' derives it from the open-file limit. */
  concurrency: number | 'auto';
  /** -sp: initial source port, 0 for ephemeral. */
  sourcePort: number;
  /** -nr off: look up the IP's name. */
  reverseLookup: boolean;
  /** Prefer this address family when a name has both. */
  family?: 4 | 6;
  services: ServicesDb;
  /** Protocol queries: off with --no-query; rangeMode is -r (PortQry skips the RPC dump there). */
  query: QueryOptions & { enabled: boolean; rangeMode: boolean };
  /** How long a TCP port with no protocol module is watched for a banner, ms (0: don't read). */
  bannerWaitMs: number;
  /** Also probe ports that answers reveal (the endpoint mapper's dynamic RPC ports). */
  followDiscovered: boolean;
  /**
   * Keep every result in ScanSession.results (the terminal UI reads and re-queries them). The
   * command line streams each result out as it comes and turns this off: 65535 kept results
   * were a fifth of a full scan's memory.
   */
  keepResults: boolean;
}

export const DEFAULT_BANNER_WAIT_MS = 1000;
/**
 * Under -r: a range is a sweep, where PortQry reads no banners at all; a service that speaks first
 * does so within milliseconds, and a silent one (HTTP) would hold the scan's end for the full wait.
 */
export const RANGE_BANNER_WAIT_MS = 250;

/** Options with PortQry's defaults for everything but the host and ports. */
export function defaultScanOptions(host: string, probes: ProbeKey[], services: ServicesDb): ScanOptions {
  return {
    host,
    probes,
    timeoutMs: { ...DEFAULT_TIMEOUT_MS },
    tries: { ...DEFAULT_TRIES },
    concurrency: 'auto',
    sourcePort: 0,
    reverseLookup: true,
    services,
    query: { enabled: true, rangeMode: false, community: 'public', slowLink: false, rpcDump: false },
    bannerWaitMs: DEFAULT_BANNER_WAIT_MS,
    followDiscovered: false,
    keepResults: true,
  };
}

export const DEFAULT_TIMEOUT_MS = { tcp: 1500, udp: 1000 } as const;
export const DEFAULT_TRIES = { tcp: 3, udp: 1 } as const;
