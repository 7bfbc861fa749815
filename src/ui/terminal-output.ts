/**
 * The stream Ink writes to: the real terminal behind a thin layer that makes resizing clean.
 *
 * Ink updates the screen by diffing against the lines it believes are there. When the terminal
 * changes size, the terminal itself moves or drops lines (tmux scrolls the top away when the
 * cursor sits on the last row), so that belief is wrong and unchanged lines would never be redrawn.
 * Ink forgets its previous output only when the width shrinks, so on every resize this layer
 * makes Ink see a wider terminal first with writes muted, then the real size (narrower): Ink
 * forgets, the screen is cleared, and the next frame is drawn whole.
 */
import { EventEmitter } from 'node:events';

export class TerminalOutput extends EventEmitter {
  private muted = false;
  private columnsOverride: number | null = null;
  private readonly onResize = () => this.handleResize();
  private resizeHandlers: (() => void)[] = [];

  constructor(readonly real: NodeJS.WriteStream) {
    super();
    real.on('resize', this.onResize);
  }

  get isTTY(): boolean {
    return this.real.isTTY === true;
  }

  get columns(): number {
    return this.columnsOverride ?? (this.real.columns || 80);
  }

  get rows(): number {
    return this.real.rows || 24;
  }

  get fd(): number | undefined {
    return (this.real as { fd?: number }).fd;
  }

  /** Runs during a resize while output is muted (the UI's own relayout). */
  onResized(handler: () => void): void {
    this.resizeHandlers.push(handler);
  }

  write(chunk: string | Uint8Array, encoding?: BufferEncoding | ((err?: Error | null) => void), cb?: (err?: Error | null) => void): boolean {
    const callback = typeof encoding === 'function' ? encoding : cb;
    if (this.muted) {
      if (callback) process.nextTick(callback);
      return true;
    }
    if (typeof encoding === 'function') return this.real.write(chunk, encoding);
    return encoding === undefined ? this.real.write(chunk, callback) : this.real.write(chunk, encoding, callback);
  }

  /** Write past the mute (the screen clear). */
  writeDirect(text: string): void {
    this.real.write(text);
  }

  dispose(): void {
    this.real.off('resize', this.onResize);
    this.resizeHandlers = [];
  }

  private handleResize(): void {
    const real = this.real.columns || 80;
    this.muted = true;
    try {
      this.columnsOverride = real + 1;
      this.emit('resize');
      for (const h of this.resizeHandlers) h();
    } finally {
      this.muted = false;
      this.columnsOverride = null;
    }
    // ED 2 (erase display) and CUP home: Ink's next frame starts from a blank screen.
    this.real.write('\x1b[2J\x1b[H');
    this.emit('resize');
  }
}
