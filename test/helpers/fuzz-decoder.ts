/**
 * Decoder robustness: feed a decoder every truncation of real replies and many seeded random
 * mutations of them. The decoder must return a value or throw DecodeError: any other exception
 * (RangeError, TypeError...) fails. Runs synchronously, so a hang shows as the test's timeout.
 */
import { DecodeError } from '../../src/protocols/decode-error.js';

/** mulberry32: a tiny seeded PRNG, so a failing mutation can be reproduced from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One random mutation: byte overwrites, bit flips, interesting values, cuts, inserts, duplications. */
export function mutate(input: Buffer, rand: () => number): Buffer {
  const pick = (n: number) => Math.floor(rand() * n);
  let buf = Buffer.from(input);
  const rounds = 1 + pick(4);
  for (let r = 0; r < rounds; r++) {
    const at = buf.length ? pick(buf.length) : 0;
    switch (pick(7)) {
      case 0:
        if (buf.length) buf[at] = pick(256);
        break;
      case 1:
        if (buf.length) buf[at] ^= 1 << pick(8);
        break;
      case 2:
        if (buf.length) buf[at] = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x84, 0xff][pick(7)]!;
        break;
      case 3:
        buf = buf.subarray(0, at);
        break;
      case 4: {
        const extra = Buffer.alloc(1 + pick(8));
        for (let i = 0; i < extra.length; i++) extra[i] = pick(256);
        buf = Buffer.concat([buf.subarray(0, at), extra, buf.subarray(at)]);
        break;
      }
      case 5: {
        const len = 1 + pick(16);
        buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at, at + len), buf.subarray(at)]);
        break;
      }
      default: {
        const len = 1 + pick(16);
        buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at + len)]);
      }
    }
  }
  return buf;
}

export interface FuzzRunStats {
  runs: number;
  decoded: number;
  rejected: number;
}

/** Call `decode` and count: a value, or a DecodeError; anything else rethrown with the input. */
function attempt(decode: (b: Buffer) => unknown, input: Buffer, stats: FuzzRunStats, what: string): void {
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

/** Every prefix of every sample, the whole sample included. */
export function truncationFuzz(samples: readonly Buffer[], decode: (b: Buffer) => unknown): FuzzRunStats {
  const stats: FuzzRunStats = { runs: 0, decoded: 0, rejected: 0 };
  for (const sample of samples) {
    for (let i = 0; i <= sample.length; i++) attempt(decode, sample.subarray(0, i), stats, `truncated at ${i}`);
  }
  return stats;
}

/** `count` seeded random mutations spread over the samples. */
export function mutationFuzz(samples: readonly Buffer[], decode: (b: Buffer) => unknown, count: number, seed: number): FuzzRunStats {
  const stats: FuzzRunStats = { runs: 0, decoded: 0, rejected: 0 };
  const rand = seededRandom(seed);
  for (let i = 0; i < count; i++) attempt(decode, mutate(samples[i % samples.length]!, rand), stats, `mutation ${i} (seed ${seed})`);
  return stats;
}

export interface FuzzStats {
  truncations: number;
  mutations: number;
  decoded: number;
  rejected: number;
}

/**
 * Run the robustness bar over `samples`: every truncation, then `mutations` (default 10,000)
 * mutations. Throws (failing the test) on the first input that makes the decoder throw anything
 * but DecodeError, naming the input in hex.
 */
export function fuzzDecoder(
  decode: (bytes: Buffer) => unknown,
  samples: readonly Buffer[],
  opts: { mutations?: number; seed?: number } = {},
): FuzzStats {
  const t = truncationFuzz(samples, decode);
  const m = mutationFuzz(samples, decode, opts.mutations ?? 10_000, opts.seed ?? 0x5eed);
  return { truncations: t.runs, mutations: m.runs, decoded: t.decoded + m.decoded, rejected: t.rejected + m.rejected };
}
