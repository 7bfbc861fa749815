import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { throttleListener, type FrameClock } from '../../../src/ui/hooks/use-throttled-store.js';

/** Mocked timers and a clock that moves with them. */
function setup() {
  mock.timers.enable({ apis: ['setTimeout'] });
  let t = 1000;
  const clock: FrameClock = { lastFrameAt: Number.NEGATIVE_INFINITY, lastFrameMs: 0 };
  let calls = 0;
  const throttled = throttleListener(() => calls++, 100, clock, () => t);
  const advance = (ms: number) => {
    t += ms;
    mock.timers.tick(ms);
  };
  return { clock, throttled, advance, calls: () => calls, now: () => t };
}

test('data re-renders at most once per interval', () => {
  const { throttled, advance, calls } = setup();
  try {
    throttled.call();
    assert.equal(calls(), 1, 'the first change renders at once');
    throttled.call();
    throttled.call();
    advance(99);
    assert.equal(calls(), 1);
    advance(1);
    assert.equal(calls(), 2, 'the changes meanwhile render once, an interval later');
  } finally {
    mock.timers.reset();
  }
});

test("a key's frame postpones the data frame: keys faster than the interval add no data frames", () => {
  const { clock, throttled, advance, calls, now } = setup();
  try {
    throttled.call();
    throttled.call(); // due at +100
    for (let i = 0; i < 5; i++) {
      advance(60);
      clock.lastFrameAt = now(); // a key's frame, which showed the latest data
    }
    assert.equal(calls(), 1, 'no data frame while keys draw every 60 ms');
    advance(100);
    assert.equal(calls(), 2, 'an interval after the last key frame');
  } finally {
    mock.timers.reset();
  }
});

test('slow frames space data frames out (ten times the last frame)', () => {
  const { clock, throttled, advance, calls } = setup();
  try {
    clock.lastFrameMs = 30;
    throttled.call();
    throttled.call();
    advance(299);
    assert.equal(calls(), 1);
    advance(1);
    assert.equal(calls(), 2);
  } finally {
    mock.timers.reset();
  }
});
