/**
 * useSyncExternalStore with the store's notifications throttled: a scan store publishes twenty
 * times a second, and each Ink frame costs a few milliseconds of the UI thread, so data alone
 * re-renders at most every `intervalMs`. Anything else that renders (a key press) still reads
 * the latest snapshot, so keys are never delayed by this.
 */
import { useMemo, useSyncExternalStore } from 'react';

/** When a frame was last drawn, whatever caused it (a key frame also showed the latest data). */
export interface FrameClock {
  lastFrameAt: number;
  /** What the last frame cost Ink, ms: data frames are spaced so that they take at most a tenth of the time. */
  lastFrameMs: number;
}

const FRAME_BUDGET_SHARE = 10;

export function throttleListener(
  listener: () => void,
  intervalMs: number,
  clock?: FrameClock,
  now: () => number = () => performance.now(),
): { call: () => void; cancel: () => void } {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Milliseconds until a data frame is due. */
  const untilDue = () => {
    // A busy machine makes frames dear: space them out so that keys find the thread free.
    const interval = Math.max(intervalMs, FRAME_BUDGET_SHARE * (clock?.lastFrameMs ?? 0));
    return Math.max(last, clock?.lastFrameAt ?? Number.NEGATIVE_INFINITY) + interval - now();
  };
  const fire = () => {
    timer = null;
    // A key's frame since this was scheduled showed the data already: wait a full interval
    // from that frame instead (while keys come faster than the interval, data adds no frames).
    const wait = untilDue();
    if (wait > 1) {
      timer = setTimeout(fire, wait);
      return;
    }
    last = now();
    listener();
  };
  return {
    call: () => {
      if (timer) return;
      const wait = untilDue();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel: () => {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

export function useThrottledStore<T>(subscribe: (listener: () => void) => () => void, getSnapshot: () => T, intervalMs: number, clock?: FrameClock): T {
  const throttledSubscribe = useMemo(
    () => (listener: () => void) => {
      const t = throttleListener(listener, intervalMs, clock);
      const off = subscribe(t.call);
      return () => {
        off();
        t.cancel();
      };
    },
    [subscribe, intervalMs, clock],
  );
  return useSyncExternalStore(throttledSubscribe, getSnapshot);
}
