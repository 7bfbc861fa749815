/**
 * The stream Ink writes to: the real terminal behind a layer that turns Ink's frames into
 * minimal screen updates.
 *
 * Ink (standard mode) writes each frame as "erase the previous N lines, then the new text",
 * repainting everything; its incremental mode miscounts the cursor by one line when a frame ends
 * with a newline, as ours do. In the alternate screen the UI always starts at the top-left, so
 * this layer keeps the lines it last drew and rewrites only the lines that changed, each at its
 * absolute position (CUP row;1 H, text, EL). A resize clears the screen and forgets what was
 * drawn, so the next frame is drawn whole whatever the terminal did to the old one.
 */
import { EventEmitter } from 'node:events';

// ansi-escapes eraseLines(n): (EL2 CUU1) x (n-1), EL2, CHA1.
// eslint-disable-next-line no-control-regex
const ERASE_LINES = /^(?:\x1b\[2K\x1b\[1A)*\x1b\[2K\x1b\[G/;
// eslint-disable-next-line no-control-regex
const ONLY_CONTROL = /^(?:\x1b\[[0-9;?]*[A-Za-z])*$/;

export class TerminalOutput extends EventEmitter {
  private drawn: string[] = [];
  private readonly onResize = () => this.handleResize();
  private resizeHandlers: (() => void)[] = [];
  private lastColumns: number;
  /** Frames written (the benchmark counts them). */
  frames = 0;

  private readonly rawWrite: (text: string, cb?: (err?: Error | null) => void) => boolean;

  /** `rawWrite` writes to the terminal itself (stdout's own write while stray output is held). */
  constructor(
    readonly real: NodeJS.WriteStream,
    rawWrite?: (text: string, cb?: (err?: Error | null) => void) => boolean,
  ) {
    super();
    this.rawWrite = rawWrite ?? ((text, cb) => real.write(text, cb));
    this.lastColumns = real.columns || 80;
    real.on('resize', this.onResize);
  }

  get isTTY(): boolean {
    return this.real.isTTY === true;
  }

  get columns(): number {
    return this.real.columns || 80;
  }

  get rows(): number {
    return this.real.rows || 24;
  }

  /** Runs on every resize, after the screen was cleared (the UI's own relayout). */
  onResized(handler: () => void): void {
    this.resizeHandlers.push(handler);
  }

  write(chunk: string | Uint8Array, encoding?: BufferEncoding | ((err?: Error | null) => void), cb?: (err?: Error | null) => void): boolean {
    const callback = typeof encoding === 'function' ? encoding : cb;
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (ONLY_CONTROL.test(text)) {
      // Cursor show/hide and synchronized-update brackets pass; erasing alone is Ink forgetting
      // its frame, which this layer tracks itself.
      if (ERASE_LINES.test(text)) {
        if (callback) process.nextTick(callback);
        return true;
      }
      return this.rawWrite(text, callback);
    }
    const frame = text.replace(ERASE_LINES, '');
    return this.rawWrite(this.diff(frame), callback);
  }

  dispose(): void {
    this.real.off('resize', this.onResize);
    this.resizeHandlers = [];
  }

  private diff(frame: string): string {
    const lines = (frame.endsWith('\n') ? frame.slice(0, -1) : frame).split('\n');
    const rows = this.rows;
    let out = '';
    const count = Math.max(lines.length, this.drawn.length);
    for (let i = 0; i < count && i < rows; i++) {
      const next = lines[i] ?? '';
      if (next === this.drawn[i]) continue;
      out += `\x1b[${i + 1};1H${next}\x1b[K`;
    }
    this.drawn = lines;
    this.frames++;
    return out;
  }

  private handleResize(): void {
    const columns = this.columns;
    const narrower = columns < this.lastColumns;
    this.lastColumns = columns;
    // ED 2: the terminal may have scrolled, wrapped or cut what was drawn.
    let repaint = '\x1b[2J';
    if (!narrower) {
      // Old lines still fit: draw them again at once, in case the next frame happens to be equal
      // to the last one and Ink skips writing it.
      const keep = this.drawn.slice(0, Math.max(0, this.rows - 1));
      keep.forEach((l, i) => (repaint += `\x1b[${i + 1};1H${l}\x1b[K`));
      this.drawn = keep;
    } else {
      // Ink redraws in full after a narrowing resize.
      this.drawn = [];
    }
    this.rawWrite(repaint);
    this.emit('resize');
    for (const h of this.resizeHandlers) h();
  }
}
