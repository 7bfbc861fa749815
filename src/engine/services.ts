/**
 * The services database: port/protocol to service name, in the familiar /etc/services format.
 * portq ships its own (services/services) so results do not depend on the host; --services-file
 * replaces it. The name, not the number, selects the protocol query (see src/protocols/registry.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Transport } from './types.js';
import { UsageError } from './errors.js';

export interface ServiceEntry {
  name: string;
  port: number;
  protocol: Transport;
  aliases: string[];
  comment: string;
}

export class ServicesDb {
  private readonly byPort = new Map<string, ServiceEntry>();
  constructor(readonly entries: readonly ServiceEntry[], readonly source: string) {
    // First entry wins, as getservbyport() does.
    for (const e of entries) {
      const key = `${e.protocol}/${e.port}`;
      if (!this.byPort.has(key)) this.byPort.set(key, e);
    }
  }
  lookup(port: number, protocol: Transport): ServiceEntry | undefined {
    return this.byPort.get(`${protocol}/${port}`);
  }
  /** The service name for a port, or null (PortQry prints "unknown service"). */
  nameOf(port: number, protocol: Transport): string | null {
    return this.lookup(port, protocol)?.name ?? null;
  }
  /** Ports a name (or alias) is assigned to on a transport. */
  portsOf(name: string, protocol: Transport): number[] {
    const n = name.toLowerCase();
    return this.entries.filter((e) => e.protocol === protocol && (e.name === n || e.aliases.includes(n))).map((e) => e.port);
  }
}

/** Parse services text. Malformed lines are errors naming the line, so a user's file is never half-read. */
export function parseServices(text: string, source: string): ServicesDb {
  const entries: ServiceEntry[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const hash = line.indexOf('#');
    const body = (hash >= 0 ? line.slice(0, hash) : line).trim();
    const comment = hash >= 0 ? line.slice(hash + 1).trim() : '';
    if (body === '') return;
    const [name, portProto, ...aliases] = body.split(/\s+/);
    const m = /^(\d+)\/(tcp|udp)$/i.exec(portProto ?? '');
    const port = m ? Number(m[1]) : NaN;
    if (!name || !m || port < 0 || port > 65535) {
      // Other protocols (sctp, ddp) appear in real /etc/services files: skip them, as getservbyport does.
      if (portProto && /^\d+\/[a-z]+$/i.test(portProto)) return;
      throw new UsageError(`--services-file: ${source} line ${i + 1} is not "name port/tcp|udp [aliases]": ${line.trim()}`);
    }
    entries.push({
      name: name.toLowerCase(),
      port,
      protocol: m[2]!.toLowerCase() as Transport,
      aliases: aliases.map((a) => a.toLowerCase()),
      comment,
    });
  });
  return new ServicesDb(entries, source);
}

/** The bundled database, found relative to this module (works from src/ under tsx and from dist/). */
export function bundledServicesPath(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'services', 'services');
}

export function loadServices(path?: string): ServicesDb {
  const file = path ?? bundledServicesPath();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`--services-file: cannot read ${file} (${code}); give the path of a file in /etc/services format.`);
  }
  return parseServices(text, file);
}
