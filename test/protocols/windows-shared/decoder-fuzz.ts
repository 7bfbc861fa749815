/**
 * Robustness harness for the Windows/AD decoders: real replies truncated at every offset and
 * mutated at random (seeded, so a failure reproduces). A decoder must return a value or throw its
 * own DecodeError: never a TypeError, RangeError or anything else. A hang would stall the test.
 */
import { DecodeError } from '../../../src/protocols/decode-error.js';

import { seededRandom } from '../../helpers/fuzz-decoder.js';

export { seededRandom };

/** One random mutation: overwrite, flip, insert, delete, or smash a byte to 0x00/0x7f/0x80/0xff. */
export function mutate(input: Uint8Array, rand: () => number): Buffer {
  let buf = Buffer.from(input);
  const edits = 1 + Math.floor(rand() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * Math.max(1, buf.length));
    const kind = Math.floor(rand() * 5);
    if (kind === 0 && buf.length) buf[at] = Math.floor(rand() * 256);
    else if (kind === 1 && buf.length) buf[at] ^= 1 << Math.floor(rand() * 8);
    else if (kind === 2) buf = Buffer.concat([buf.subarray(0, at), Buffer.from([Math.floor(rand() * 256)]), buf.subarray(at)]);
    else if (kind === 3 && buf.length) buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at + 1)]);
    else if (buf.length) buf[at] = [0x00, 0x7f, 0x80, 0xff][Math.floor(rand() * 4)];
  }
  return buf;
}

export interface FuzzStats {
  runs: number;
  decoded: number;
  rejected: number;
}

/** Call `decode` and classify: ok, DecodeError, or rethrow anything else with the input attached. */
function attempt(decode: (b: Buffer) => unknown, input: Buffer, stats: FuzzStats, what: string): void {
  stats.runs++;
  try {
    decode(input);
    stats.decoded++;
  } catch (err) {
    if (err instanceof DecodeError) {
      stats.rejected++;
      return;
    }
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    throw new Error(`${what}: decoder threw ${message} for input ${input.toString('hex')}`);
  }
}

/** Every prefix of every sample. */
export function truncationFuzz(samples: readonly Buffer[], decode: (b: Buffer) => unknown): FuzzStats {
  const stats: FuzzStats = { runs: 0, decoded: 0, rejected: 0 };
  for (const sample of samples) {
    for (let i = 0; i <= sample.length; i++) attempt(decode, sample.subarray(0, i), stats, `truncated at ${i}`);
  }
  return stats;
}

/** `count` random mutations spread over the samples. */
export function mutationFuzz(samples: readonly Buffer[], decode: (b: Buffer) => unknown, count: number, seed: number): FuzzStats {
  const stats: FuzzStats = { runs: 0, decoded: 0, rejected: 0 };
  const rand = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    const sample = samples[i % samples.length];
    attempt(decode, mutate(sample, rand), stats, `mutation ${i} (seed ${seed})`);
  }
  return stats;
}
