/**
 * Drives a real terminal for the UI's end-to-end tests: a detached tmux session running a
 * command, keys sent with send-keys, the screen read with capture-pane, and tmux's own view of
 * the pane (alternate screen on? cursor visible?). Session names start with pqx-ui-.
 */
import { execFileSync, spawnSync } from 'node:child_process';

export function tmuxAvailable(): boolean {
  return spawnSync('tmux', ['-V']).status === 0;
}

let counter = 0;

export class TmuxSession {
  readonly name = `pqx-ui-${process.pid}-${++counter}`;

  constructor(command: string, opts: { columns?: number; rows?: number; cwd?: string; env?: Record<string, string> } = {}) {
    // CI=true as on a CI runner: Ink goes frameless under it unless portq hides it (src/ui/run-tui.ts).
    const env = Object.entries({ LANG: 'C.UTF-8', CI: 'true', ...opts.env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    execFileSync('tmux', ['-u', 'new-session', '-d', '-s', this.name, '-x', String(opts.columns ?? 100), '-y', String(opts.rows ?? 30), ...env, '-c', opts.cwd ?? process.cwd(), command]);
    // The default size applies to later windows; pin this one.
    spawnSync('tmux', ['resize-window', '-t', this.name, '-x', String(opts.columns ?? 100), '-y', String(opts.rows ?? 30)]);
  }

  /** The visible screen, one string per line, trailing spaces trimmed. */
  lines(): string[] {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.replace(/\s+$/, ''));
  }

  screen(): string {
    return this.lines().join('\n');
  }

  /** Keys in tmux's send-keys names: 'j', 'Down', 'Enter', 'Escape', 'C-c', 'NPage'. */
  send(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
  }

  /** Text typed literally. */
  type(text: string): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, '-l', text]);
  }

  resize(columns: number, rows: number): void {
    execFileSync('tmux', ['resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows)]);
  }

  private format(f: string): string {
    return execFileSync('tmux', ['display-message', '-p', '-t', this.name, f], { encoding: 'utf8' }).trim();
  }

  get alternateScreen(): boolean {
    return this.format('#{alternate_on}') === '1';
  }

  get cursorVisible(): boolean {
    return this.format('#{cursor_flag}') === '1';
  }

  /** Poll the screen until `check` passes (a real terminal takes its time; nothing is timed). */
  async waitFor(check: RegExp | ((screen: string) => boolean), what: string, timeoutMs = 15000): Promise<string> {
    const test = typeof check === 'function' ? check : (s: string) => check.test(s);
    const end = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < end) {
      last = this.screen();
      if (test(last)) return last;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`tmux ${this.name}: timed out waiting for ${what}; screen:\n${last}`);
  }

  kill(): void {
    spawnSync('tmux', ['kill-session', '-t', this.name]);
  }
}
