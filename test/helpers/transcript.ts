/**
 * Captured TCP conversations stored as JSON: { source, sent: [text...], received: [hex chunk...] }.
 * The received chunks replay through the fake channel in the order they arrived.
 */
import { readFileSync } from 'node:fs';

export interface Transcript {
  source: string;
  sent: string[];
  received: Buffer[];
}

export function loadTranscript(path: string | URL): Transcript {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { source: string; sent: string[]; received: string[] };
  if (!raw.source) throw new Error(`${String(path)}: a transcript needs a "source"`);
  return { source: raw.source, sent: raw.sent, received: raw.received.map((h) => Buffer.from(h, 'hex')) };
}
