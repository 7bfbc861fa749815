import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localWatcherSource } from '../../../src/ui/state/local-watcher-source.js';
import type { LocalSourceEvent } from '../../../src/ui/state/local-source.js';
import type { LocalWatcher, LocalWatcherOptions, LocalWatchListener } from '../../../src/local/watcher.js';
import { fakeSnapshot, fakeSocket } from '../helpers/fake-local.js';
import { diffSnapshots } from '../../../src/local/snapshot-diff.js';

function fakeWatchers() {
  const made: { options: LocalWatcherOptions; listeners: Set<LocalWatchListener>; stopped: boolean }[] = [];
  const create = (options: LocalWatcherOptions): LocalWatcher => {
    const w = { options, listeners: new Set<LocalWatchListener>(), stopped: false };
    made.push(w);
    return {
      subscribe: (l) => (w.listeners.add(l), () => w.listeners.delete(l)),
      getSnapshot: () => null,
      getError: () => null,
      refresh: async () => {},
      stop: () => void (w.stopped = true),
      idle: async () => {},
    };
  };
  return { made, create: create as never };
}

test('watching a port restarts the watcher with the filter; a new watcher\u2019s first table has no diff', () => {
  const { made, create } = fakeWatchers();
  const src = localWatcherSource({ create, intervalMs: 500 });
  const events: LocalSourceEvent[] = [];
  src.subscribe((e) => events.push(e));
  src.start();
  assert.equal(made.length, 1);
  assert.equal(made[0]!.options.intervalMs, 500);
  const s1 = fakeSnapshot([fakeSocket({ localPort: 22 })]);
  const s2 = fakeSnapshot([fakeSocket({ localPort: 22 }), fakeSocket({ localPort: 80 })]);
  for (const l of made[0]!.listeners) l(s1, diffSnapshots(null, s1));
  for (const l of made[0]!.listeners) l(s2, diffSnapshots(s1, s2));
  assert.equal(events[0]!.type === 'snapshot' && events[0]!.diff, null);
  assert.ok(events[1]!.type === 'snapshot' && events[1]!.diff?.added.length === 1);
  src.setFilter({ port: 22 });
  assert.equal(made[0]!.stopped, true);
  assert.deepEqual(made[1]!.options.filter, { port: 22 });
  src.pause();
  assert.equal(made[1]!.stopped, true);
  src.resume();
  assert.equal(made.length, 3);
  src.stop();
  assert.equal(made[2]!.stopped, true);
});

test('a system with no way to list sockets gives an error event, not an exception', () => {
  const src = localWatcherSource({
    create: (() => {
      throw new Error('no way to list local sockets on plan9');
    }) as never,
  });
  const events: LocalSourceEvent[] = [];
  src.subscribe((e) => events.push(e));
  src.start();
  assert.deepEqual(events, [{ type: 'error', message: 'no way to list local sockets on plan9' }]);
});
