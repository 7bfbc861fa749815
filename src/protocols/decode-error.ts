/**
 * The only error a decoder may throw. Decoders read hostile bytes: every length is checked before
 * it is used, and anything that does not fit the spec becomes a DecodeError naming where.
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
  constructor(
    /** Which codec: "dns", "ber", "nbns", "dcerpc"... */
    readonly codec: string,
    message: string,
    /** Byte offset in the input where decoding failed, when known. */
    readonly offset?: number,
  ) {
    super(offset === undefined ? `${codec}: ${message}` : `${codec}: ${message} (at byte ${offset})`);
  }
}

/** Throw a DecodeError unless `need` bytes are available at `offset` in `buf`. */
export function need(codec: string, buf: Uint8Array, offset: number, need: number, what: string): void {
  if (offset < 0 || need < 0 || offset + need > buf.length) {
    throw new DecodeError(codec, `truncated ${what}: need ${need} bytes, have ${Math.max(0, buf.length - offset)}`, offset);
  }
}
