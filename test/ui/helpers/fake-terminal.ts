/**
 * A terminal in memory for tests and the UI benchmark: a TTY-like stdout that interprets the
 * escape sequences portq's UI uses (cursor position, erase line/display, the alternate screen,
 * cursor visibility) into a screen of text rows, and a TTY-like stdin to press keys into.
 * Like `tmux capture-pane`, but in-process.
 */
import { EventEmitter } from 'node:events';

class Buffer2D {
  rows: string[][];
  constructor(
    public width: number,
    public height: number,
  ) {
    this.rows = Array.from({ length: height }, () => Array<string>(width).fill(' '));
  }
  clear(): void {
    for (const r of this.rows) r.fill(' ');
  }
  resize(width: number, height: number): void {
    const old = this.rows;
    this.rows = Array.from({ length: height }, (_, y) => Array.from({ length: width }, (_, x) => old[y]?.[x] ?? ' '));
    this.width = width;
    this.height = height;
  }
}

export class VirtualScreen {
  private main: Buffer2D;
  private alt: Buffer2D;
  private onAlt = false;
  private x = 0;
  private y = 0;
  private saved = { x: 0, y: 0 };
  cursorVisible = true;
  private pending = '';

  constructor(
    public width: number,
    public height: number,
  ) {
    this.main = new Buffer2D(width, height);
    this.alt = new Buffer2D(width, height);
  }

  get alternate(): boolean {
    return this.onAlt;
  }

  private get buf(): Buffer2D {
    return this.onAlt ? this.alt : this.main;
  }

  resize(width: number, height: number): void {
    this.width = width;
    this.height = height;
    this.main.resize(width, height);
    this.alt.resize(width, height);
    this.x = Math.min(this.x, width - 1);
    this.y = Math.min(this.y, height - 1);
  }

  /** One character cell (cheap enough to check on every write). */
  charAt(row: number, column: number): string {
    return this.buf.rows[row]?.[column] ?? ' ';
  }

  /** The screen as text lines, trailing spaces trimmed. */
  lines(): string[] {
    return this.buf.rows.map((r) => r.join('').replace(/\s+$/, ''));
  }

  text(): string {
    return this.lines().join('\n');
  }

  feed(data: string): void {
    const s = this.pending + data;
    this.pending = '';
    let i = 0;
    while (i < s.length) {
      const c = s[i]!;
      if (c === '\x1b') {
        const m = /^\x1b\[([?0-9;]*)([A-Za-z])/.exec(s.slice(i));
        if (!m) {
          if (s.length - i < 16 && !/^\x1b[^[]/.test(s.slice(i))) {
            this.pending = s.slice(i);
            return;
          }
          i += 2;
          continue;
        }
        this.csi(m[1]!, m[2]!);
        i += m[0].length;
        continue;
      }
      if (c === '\n') this.lineFeed();
      else if (c === '\r') this.x = 0;
      else if (c >= ' ') this.put(c);
      i++;
    }
  }

  private lineFeed(): void {
    // A TTY in cooked output mode turns LF into CR LF.
    this.x = 0;
    if (this.y === this.height - 1) {
      this.buf.rows.shift();
      this.buf.rows.push(Array<string>(this.width).fill(' '));
    } else this.y++;
  }

  private put(c: string): void {
    if (this.x >= this.width) this.lineFeed();
    this.buf.rows[this.y]![this.x] = c;
    this.x++;
  }

  private csi(params: string, final: string): void {
    const priv = params.startsWith('?');
    const nums = (priv ? params.slice(1) : params).split(';').map((p) => (p === '' ? NaN : Number(p)));
    const n = (i: number, d: number) => (Number.isNaN(nums[i] ?? NaN) ? d : nums[i]!);
    const row = this.buf.rows[this.y]!;
    switch (final) {
      case 'H':
        this.y = Math.min(this.height - 1, Math.max(0, n(0, 1) - 1));
        this.x = Math.min(this.width - 1, Math.max(0, n(1, 1) - 1));
        return;
      case 'A':
        this.y = Math.max(0, this.y - Math.max(1, n(0, 1)));
        return;
      case 'B':
        this.y = Math.min(this.height - 1, this.y + Math.max(1, n(0, 1)));
        return;
      case 'E':
        this.y = Math.min(this.height - 1, this.y + Math.max(1, n(0, 1)));
        this.x = 0;
        return;
      case 'G':
        this.x = Math.max(0, n(0, 1) - 1);
        return;
      case 'K': {
        const mode = n(0, 0);
        if (mode === 2) row.fill(' ');
        else if (mode === 1) for (let x = 0; x <= this.x && x < this.width; x++) row[x] = ' ';
        else for (let x = this.x; x < this.width; x++) row[x] = ' ';
        return;
      }
      case 'J':
        if (n(0, 0) === 2 || n(0, 0) === 3) this.buf.clear();
        else {
          for (let x = this.x; x < this.width; x++) row[x] = ' ';
          for (let y = this.y + 1; y < this.height; y++) this.buf.rows[y]!.fill(' ');
        }
        return;
      case 'h':
      case 'l':
        if (!priv) return;
        for (const p of nums) {
          if (p === 25) this.cursorVisible = final === 'h';
          if (p === 1049) {
            if (final === 'h' && !this.onAlt) {
              this.saved = { x: this.x, y: this.y };
              this.onAlt = true;
              this.alt.clear();
            } else if (final === 'l' && this.onAlt) {
              this.onAlt = false;
              this.x = this.saved.x;
              this.y = this.saved.y;
            }
          }
        }
        return;
      default:
        // SGR (m) and others: no effect on the text.
        return;
    }
  }
}

/** A TTY-like output stream over a VirtualScreen. */
export class FakeTtyOut extends EventEmitter {
  readonly isTTY = true;
  readonly screen: VirtualScreen;
  bytes = 0;
  writes = 0;
  /** Called after every write (the benchmark timestamps frames with it). */
  onWrite: ((text: string) => void) | null = null;

  constructor(
    public columns = 80,
    public rows = 24,
  ) {
    super();
    this.screen = new VirtualScreen(columns, rows);
  }

  write(chunk: string | Uint8Array, encoding?: unknown, cb?: unknown): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    this.bytes += text.length;
    this.writes++;
    this.screen.feed(text);
    this.onWrite?.(text);
    const callback = typeof encoding === 'function' ? encoding : cb;
    if (typeof callback === 'function') process.nextTick(callback as () => void);
    return true;
  }

  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.screen.resize(columns, rows);
    this.emit('resize');
  }
}

/** A TTY-like input stream: `press` delivers bytes the way a terminal in raw mode does. */
export class FakeTtyIn extends EventEmitter {
  readonly isTTY = true;
  isRaw = false;
  private queue: string[] = [];

  setRawMode(on: boolean): this {
    this.isRaw = on;
    return this;
  }
  setEncoding(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  read(): string | null {
    return this.queue.shift() ?? null;
  }
  press(data: string): void {
    this.queue.push(data);
    this.emit('readable');
  }
  /** Like a real stream: bytes that arrived before anyone listened are announced to the first listener. */
  override addListener(event: string | symbol, listener: (...args: unknown[]) => void): this {
    super.addListener(event, listener);
    if (event === 'readable' && this.queue.length > 0) process.nextTick(() => this.emit('readable'));
    return this;
  }
  override on(event: string | symbol, listener: (...args: unknown[]) => void): this {
    return this.addListener(event, listener);
  }
}

export const KEYS = {
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  home: '\x1b[H',
  end: '\x1b[F',
  enter: '\r',
  escape: '\x1b',
  tab: '\t',
  shiftTab: '\x1b[Z',
  backspace: '\x7f',
  ctrlC: '\x03',
} as const;
