/**
 * Picks the collector for this operating system: Linux reads /proc (and falls back to ss when
 * /proc/net cannot be read), macOS and the BSDs use lsof, Windows netstat and tasklist.
 */
import type { Collection, CollectRequest, LocalCollector } from './collector.js';
import { LocalError } from './local-error.js';
import { LsofCollector } from './lsof-collector.js';
import { NetstatCollector } from './netstat-collector.js';
import { ProcCollector } from './proc-collector.js';
import { SsCollector } from './ss-collector.js';
import type { SnapshotSource } from './types.js';

export interface CollectorChoice {
  /** Force a source (tests, benchmarks, or a user who distrusts one). Default: by platform. */
  source?: SnapshotSource;
  platform?: NodeJS.Platform;
}

/** Tries `first`; if it reports that its source is unusable, uses `second` from then on, and says so. */
class FallbackCollector implements LocalCollector {
  private active: LocalCollector;
  private fellBack: string | null = null;
  constructor(
    first: LocalCollector,
    private readonly second: LocalCollector,
  ) {
    this.active = first;
  }

  get source() {
    return this.active.source;
  }

  async collect(request: CollectRequest): Promise<Collection> {
    if (this.fellBack === null) {
      try {
        return await this.active.collect(request);
      } catch (error) {
        if (!(error instanceof LocalError) || error.code !== 'no-source') throw error;
        this.fellBack = `read with ${this.second.source} because ${error.message}`;
        this.active = this.second;
      }
    }
    const collection = await this.active.collect(request);
    collection.warnings.unshift(this.fellBack);
    return collection;
  }
}

export function chooseCollector(choice: CollectorChoice = {}): LocalCollector {
  switch (choice.source) {
    case 'proc':
      return new ProcCollector();
    case 'ss':
      return new SsCollector();
    case 'lsof':
      return new LsofCollector();
    case 'netstat':
      return new NetstatCollector();
    case undefined:
      break;
  }
  const platform = choice.platform ?? process.platform;
  if (platform === 'linux' || platform === 'android') return new FallbackCollector(new ProcCollector(), new SsCollector());
  if (platform === 'win32') return new NetstatCollector();
  if (platform === 'darwin' || platform === 'freebsd' || platform === 'openbsd' || platform === 'sunos' || platform === 'aix') {
    return new LsofCollector();
  }
  throw new LocalError('no-source', `no way to list local sockets on ${platform}`);
}
