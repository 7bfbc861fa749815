/** At most `limit` holders at a time; the others wait, first come first served. */
export class Gate {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /** Resolves once a place is free (at once when one is). */
  enter(): Promise<void> | void {
    if (this.held < this.limit) {
      this.held++;
      return;
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Give the place back: the longest waiter takes it. */
  leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held--;
  }
}
