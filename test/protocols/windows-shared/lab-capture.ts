/**
 * Loads the byte fixtures captured from the lab (test/protocols/<protocol>/fixtures/*.json, each
 * with a "source" field saying where it came from) for the Windows/AD protocol tests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export interface CapturedExchange {
  direction: 'sent' | 'received';
  label?: string;
  bytes: Buffer;
}

export interface LabCapture {
  source: string;
  transport: 'tcp' | 'udp';
  port: number;
  exchanges: CapturedExchange[];
}

const here = dirname(fileURLToPath(import.meta.url));

export function loadCapture(protocolDir: string, name: string): LabCapture {
  const raw = JSON.parse(readFileSync(join(here, '..', protocolDir, 'fixtures', `${name}.json`), 'utf8'));
  if (typeof raw.source !== 'string' || !raw.source) throw new Error(`${name}: fixture has no source`);
  return {
    source: raw.source,
    transport: raw.transport,
    port: raw.port,
    exchanges: raw.exchanges.map((e: { direction: 'sent' | 'received'; label?: string; hex: string }) => ({
      direction: e.direction,
      ...(e.label ? { label: e.label } : {}),
      bytes: Buffer.from(e.hex, 'hex'),
    })),
  };
}

/** The received chunks/datagrams, in order. */
export function received(capture: LabCapture): Buffer[] {
  return capture.exchanges.filter((e) => e.direction === 'received').map((e) => e.bytes);
}

/** A TCP capture's received bytes as one stream. */
export function receivedStream(capture: LabCapture): Buffer {
  return Buffer.concat(received(capture));
}

/** Split a stream into frames with a framer (the same one the module uses). */
export function frames(stream: Buffer, framer: (b: Buffer) => number | null): Buffer[] {
  const out: Buffer[] = [];
  let rest = stream;
  while (rest.length) {
    const len = framer(rest);
    if (len === null) throw new Error(`incomplete frame: ${rest.length} bytes left`);
    out.push(rest.subarray(0, len));
    rest = rest.subarray(len);
  }
  return out;
}
