/**
 * While the UI owns the terminal, anything else written to stdout or stderr (a Node warning,
 * a stray console.log in a dependency) would scroll the alternate screen and break the frame.
 * This holds such writes (the last 64 KiB) and hands them back when the UI closes, to be printed
 * on the normal screen.
 */
type Write = NodeJS.WriteStream['write'];

const MAX_CAPTURED = 64 * 1024;

export class StrayOutput {
  private readonly originals = new Map<NodeJS.WriteStream, Write>();
  private captured = '';

  /** Start holding writes to these streams. Returns each stream's original write, bound. */
  start(streams: NodeJS.WriteStream[]): Map<NodeJS.WriteStream, (text: string, cb?: (err?: Error | null) => void) => boolean> {
    const raw = new Map<NodeJS.WriteStream, (text: string, cb?: (err?: Error | null) => void) => boolean>();
    for (const stream of streams) {
      if (this.originals.has(stream)) continue;
      const original = stream.write;
      this.originals.set(stream, original);
      const call = original as (this: NodeJS.WriteStream, ...args: unknown[]) => boolean;
      raw.set(stream, (text, cb) => (cb ? call.call(stream, text, cb) : call.call(stream, text)));
      const hold = (chunk: unknown, encoding?: unknown, cb?: unknown): boolean => {
        this.captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
        if (this.captured.length > MAX_CAPTURED) this.captured = this.captured.slice(-MAX_CAPTURED);
        const callback = typeof encoding === 'function' ? encoding : cb;
        if (typeof callback === 'function') process.nextTick(callback as () => void);
        return true;
      };
      stream.write = hold as Write;
    }
    return raw;
  }

  /** Put the streams back; returns what was held. */
  stop(): string {
    for (const [stream, original] of this.originals) stream.write = original;
    this.originals.clear();
    const out = this.captured;
    this.captured = '';
    return out;
  }
}
