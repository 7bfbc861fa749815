import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalStore } from '../../../src/ui/state/local-store.js';
import type { LocalSource, LocalSourceEvent } from '../../../src/ui/state/local-source.js';
import { createLocalRowSelector } from '../../../src/ui/state/local-rows.js';
import { diffSnapshots } from '../../../src/local/snapshot-diff.js';
import type { LocalSnapshot } from '../../../src/local/types.js';
import { fakeSocket, fakeSnapshot } from '../helpers/fake-local.js';

class FakeSource implements LocalSource {
  listeners = new Set<(e: LocalSourceEvent) => void>();
  calls: string[] = [];
  subscribe(l: (e: LocalSourceEvent) => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  start() {
    this.calls.push('start');
  }
  stop() {
    this.calls.push('stop');
  }
  setFilter(f: unknown) {
    this.calls.push(`filter ${JSON.stringify(f)}`);
  }
  pause() {
    this.calls.push('pause');
  }
  resume() {
    this.calls.push('resume');
  }
  send(snapshot: LocalSnapshot, before: LocalSnapshot | null) {
    for (const l of this.listeners) l({ type: 'snapshot', snapshot, diff: before ? diffSnapshots(before, snapshot) : null });
  }
}

test('new rows are green, gone rows stay one refresh as red, changed rows are yellow', () => {
  const src = new FakeSource();
  const store = new LocalStore(src);
  store.ensureStarted();
  assert.deepEqual(src.calls, ['start']);
  assert.equal(store.getSnapshot().phase, 'loading');
  const a = fakeSocket({ localPort: 22, pid: 10, processName: 'sshd', state: 'LISTENING' });
  const b = fakeSocket({ localPort: 80, pid: 11, processName: 'nginx', state: 'LISTENING' });
  const c = fakeSocket({ localPort: 5000, pid: 12, processName: 'app', state: 'ESTABLISHED', remoteAddress: '127.0.0.1', remotePort: 40000 });
  const s1 = fakeSnapshot([a, b, c]);
  src.send(s1, null);
  let snap = store.getSnapshot();
  assert.equal(snap.phase, 'live');
  assert.deepEqual([...snap.rows.values()].map((r) => r.mark), [null, null, null], 'the first table has no colours');
  const d = fakeSocket({ localPort: 8080, pid: 13, processName: 'new', state: 'LISTENING' });
  const c2 = { ...c, state: 'CLOSE WAIT' as const };
  const s2 = fakeSnapshot([a, c2, d]);
  src.send(s2, s1);
  snap = store.getSnapshot();
  const marks = Object.fromEntries([...snap.rows.values()].map((r) => [r.socket.localPort, r.mark]));
  assert.deepEqual(marks, { 22: null, 80: 'gone', 5000: 'changed', 8080: 'new' });
  src.send(fakeSnapshot([a, c2, d]), s2);
  snap = store.getSnapshot();
  assert.equal(snap.rows.has(b.key), false, 'gone rows leave after one refresh');
  assert.deepEqual([...snap.rows.values()].map((r) => r.mark), [null, null, null]);
});

test('watching a port asks the source for a filtered table and drops the colours', () => {
  const src = new FakeSource();
  const store = new LocalStore(src);
  store.ensureStarted();
  src.send(fakeSnapshot([fakeSocket({ localPort: 22 })]), null);
  store.setFilter({ port: 22 });
  assert.deepEqual(src.calls.at(-1), 'filter {"port":22}');
  assert.equal(store.getSnapshot().rows.size, 0);
  store.setPaused(true);
  assert.equal(store.getSnapshot().phase, 'paused');
  store.setPaused(false);
  assert.deepEqual(src.calls.slice(-2), ['pause', 'resume']);
  for (const l of src.listeners) l({ type: 'error', message: 'ss vanished' });
  assert.equal(store.getSnapshot().phase, 'error');
  assert.equal(store.getSnapshot().error, 'ss vanished');
  store.stop();
  assert.equal(src.calls.at(-1), 'stop');
});

test('without a source the view says Local is unavailable', () => {
  const store = new LocalStore(null);
  store.ensureStarted();
  assert.equal(store.getSnapshot().phase, 'unavailable');
});

test('the Local filter matches process, port and pid; sort orders rows', () => {
  const src = new FakeSource();
  const store = new LocalStore(src);
  store.ensureStarted();
  src.send(
    fakeSnapshot([
      fakeSocket({ localPort: 80, pid: 11, processName: 'nginx' }),
      fakeSocket({ localPort: 22, pid: 10, processName: 'sshd' }),
      fakeSocket({ localPort: 443, pid: 11, processName: 'nginx' }),
    ]),
    null,
  );
  const select = createLocalRowSelector();
  const snap = store.getSnapshot();
  const ports = (keys: readonly string[]) => keys.map((k) => snap.rows.get(k)!.socket.localPort);
  assert.deepEqual(ports(select(snap, '', { key: 'port', descending: false })), [22, 80, 443]);
  assert.deepEqual(ports(select(snap, 'nginx', { key: 'port', descending: true })), [443, 80]);
  assert.deepEqual(ports(select(snap, 'pid 10', { key: 'port', descending: false })), [22]);
  assert.deepEqual(ports(select(snap, ':443', { key: 'port', descending: false })), [443]);
});
