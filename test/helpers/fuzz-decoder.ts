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

export interface FuzzStats {
  truncations: number;
  mutations: number;
  decoded: number;
  rejected: number;
}

/**
 * Run the robustness bar over `samples`. Throws (failing the test) on the first input that makes
 * the decoder throw anything but DecodeError, naming the input in hex.
 */
export function fuzzDecoder(
  decode: (bytes: Buffer) => unknown,
  samples: readonly Buffer[],
  opts: { mutations?: number; seed?: number } = {},
): FuzzStats {
  const stats: FuzzStats = { truncations: 0, mutations: 0, decoded: 0, rejected: 0 };
  const attempt = (input: Buffer, what: string) => {
    try {
      decode(input);
      stats.decoded++;
    } catch (err) {
      if (err instanceof DecodeError) {
        stats.rejected++;
        return;
      }
      const e = err as Error;
      throw new Error(`${what}: decoder threw ${e?.name ?? typeof err} (${e?.message}) for input ${input.toString('hex')}`);
    }
  };
  for (const sample of samples) {
    for (let cut = 0; cut < sample.length; cut++) {
      stats.truncations++;
      attempt(sample.subarray(0, cut), `truncation at ${cut}`);
    }
  }
  const total = opts.mutations ?? 10_000;
  const seed = opts.seed ?? 0x5eed;
  const rand = seededRandom(seed);
  for (let i = 0; i < total; i++) {
    const sample = samples[i % samples.length]!;
    stats.mutations++;
    attempt(mutate(sample, rand), `mutation #${i} (seed ${seed})`);
  }
  return stats;
}
