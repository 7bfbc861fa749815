/**
 * Many small writes to one stream become one write per event-loop turn. A 65535-port scan wrote
 * a line per port, and stdout to a file or pipe is synchronous on Linux: 65535 write(2) calls on
 * the main thread. flush() at the end (and before exit) writes whatever is left.
 */
export class BatchedWriter {
  private parts: string[] = [];
  private size = 0;
  private scheduled: NodeJS.Immediate | null = null;

  constructor(
    private readonly stream: { write(chunk: string): unknown },
    private readonly maxChars = 1 << 16,
  ) {}

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= this.maxChars) this.flush();
    else this.scheduled ??= setImmediate(() => this.flush());
  }

  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = null;
    if (this.parts.length === 0) return;
    const text = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.stream.write(text);
  }
}
