/**
 * useSyncExternalStore with the store's notifications throttled: a scan store publishes twenty
 * times a second, and each Ink frame costs a few milliseconds of the UI thread, so data alone
 * re-renders at most every `intervalMs`. Anything else that renders (a key press) still reads
 * the latest snapshot, so keys are never delayed by this.
 */
import { useMemo, useSyncExternalStore } from 'react';

export function throttleListener(listener: () => void, intervalMs: number): { call: () => void; cancel: () => void } {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    timer = null;
    last = performance.now();
    listener();
  };
  return {
    call: () => {
      if (timer) return;
      const wait = last + intervalMs - performance.now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel: () => {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

export function useThrottledStore<T>(subscribe: (listener: () => void) => () => void, getSnapshot: () => T, intervalMs: number): T {
  const throttledSubscribe = useMemo(
    () => (listener: () => void) => {
      const t = throttleListener(listener, intervalMs);
      const off = subscribe(t.call);
      return () => {
        off();
        t.cancel();
      };
    },
    [subscribe, intervalMs],
  );
  return useSyncExternalStore(throttledSubscribe, getSnapshot);
}
