/**
 * Long synchronous scans (thousands of readlink calls) would freeze the terminal UI that shares
 * this thread. A TimeSlicer lets a loop give the event loop a turn every few milliseconds:
 *
 *   if (slicer.due()) await slicer.rest();
 *
 * (checked synchronously, so that the common case costs no promise).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

export class TimeSlicer {
  private sliceStart = performance.now();
  private counter = 0;
  constructor(private readonly sliceMs = 8) {}

  /** True when the loop has held the thread for a slice. Reads the clock every 64 calls only. */
  due(): boolean {
    if ((++this.counter & 63) !== 0) return false;
    return performance.now() - this.sliceStart >= this.sliceMs;
  }

  /** One event-loop turn, then a new slice. */
  async rest(): Promise<void> {
    await nextTurn();
    this.sliceStart = performance.now();
  }
}
