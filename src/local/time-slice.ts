/**
 * Long synchronous scans (thousands of readlink calls) would freeze the terminal UI that shares
 * this thread. A TimeSlicer lets a loop give the event loop a turn every few milliseconds.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

export class TimeSlicer {
  private sliceStart = performance.now();
  private counter = 0;
  constructor(private readonly sliceMs = 8) {}

  /** Call once per item; resolves at once while the slice lasts, after one event-loop turn when not. */
  async pause(): Promise<void> {
    // Reading the clock costs more than a readlink: look every 64 items only.
    if ((++this.counter & 63) !== 0) return;
    if (performance.now() - this.sliceStart < this.sliceMs) return;
    await nextTurn();
    this.sliceStart = performance.now();
  }
}
