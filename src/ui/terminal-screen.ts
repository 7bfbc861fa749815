/**
 * The alternate screen (xterm's private mode 1049: save the cursor, switch to a clean screen) and
 * its restoration. Ink 6 has no option for it. `restore` is idempotent and every exit path calls
 * it; `restoreSync` is for process 'exit', where only synchronous writes still happen.
 */
import { writeSync } from 'node:fs';

const ENTER = '\x1b[?1049h\x1b[H\x1b[2J';
// Leave the alternate screen (restores the saved cursor and the shell's screen), show the cursor.
const LEAVE = '\x1b[?1049l\x1b[?25h';

export class TerminalScreen {
  private active = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly rawWrite: (text: string) => boolean = (text) => out.write(text),
  ) {}

  get isActive(): boolean {
    return this.active;
  }

  enter(): void {
    if (this.active) return;
    this.active = true;
    this.rawWrite(ENTER);
  }

  restore(): void {
    if (!this.active) return;
    this.active = false;
    this.rawWrite(LEAVE);
  }

  restoreSync = (): void => {
    if (!this.active) return;
    this.active = false;
    const fd = (this.out as { fd?: number }).fd;
    try {
      if (typeof fd === 'number') writeSync(fd, LEAVE);
      else this.rawWrite(LEAVE);
    } catch {
      // The terminal is gone (hung up): nothing left to restore.
    }
  };
}
