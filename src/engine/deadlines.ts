/**
 * Many deadlines, one timer. A setTimeout per probe cost more than the connect itself in a full
 * scan (measured: 65535 timers added ~2 s). Probes with the same timeout expire in the order they
 * started, so a FIFO with a single timer armed for its head is enough; entries with other timeouts
 * still work (the sweep skips past entries that are not yet due only at the head).
 */
export interface DeadlineEntry {
  at: number;
  fire: () => void;
  cancelled: boolean;
}

function fireOnce(e: DeadlineEntry): void {
  if (e.cancelled) return;
  e.cancelled = true;
  e.fire();
}

export class DeadlineQueue {
  private readonly entries: DeadlineEntry[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;
  private armedFor = Infinity;

  /** Call `fire` after `ms` unless the returned entry is cancelled first. */
  add(ms: number, fire: () => void): DeadlineEntry {
    const entry: DeadlineEntry = { at: performance.now() + ms, fire, cancelled: false };
    // Keep the queue sorted: nearly always an append, since timeouts are mostly equal.
    let i = this.entries.length;
    while (i > this.head && this.entries[i - 1]!.at > entry.at) i--;
    if (i === this.entries.length) this.entries.push(entry);
    else this.entries.splice(i, 0, entry);
    this.arm();
    return entry;
  }

  cancel(entry: DeadlineEntry): void {
    entry.cancelled = true;
    // Drop cancelled entries at the head so an idle queue holds no timer.
    while (this.head < this.entries.length && this.entries[this.head]!.cancelled) this.head++;
    this.compact();
    if (this.head === this.entries.length) this.disarm();
  }

  private compact(): void {
    if (this.head === this.entries.length) {
      this.entries.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
  }

  private arm(): void {
    const next = this.entries[this.head];
    if (!next) return this.disarm();
    if (this.timer && this.armedFor <= next.at) return;
    this.disarm();
    this.armedFor = next.at;
    this.timer = setTimeout(() => this.sweep(), Math.max(0, next.at - performance.now()));
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.armedFor = Infinity;
  }

  private sweep(): void {
    this.timer = null;
    this.armedFor = Infinity;
    const now = performance.now();
    const due: DeadlineEntry[] = [];
    while (this.head < this.entries.length) {
      const e = this.entries[this.head]!;
      if (!e.cancelled && e.at > now) break;
      this.head++;
      if (!e.cancelled) due.push(e);
    }
    this.compact();
    this.arm();
    // Timers run before this turn's I/O: an answer that came in time may be waiting there (a
    // busy thread, a UI frame, can hold both back past the deadline). Fire after it, unless it
    // cancelled the deadline.
    if (due.length > 0) setImmediate(() => due.forEach(fireOnce));
  }
}

/** The process-wide queue the probes share. */
export const probeDeadlines = new DeadlineQueue();
