import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { ScanStore, type ScanSnapshot } from '../../../src/ui/state/scan-store.js';
import { probeId } from '../../../src/engine/types.js';
import { FakeScanSession } from '../helpers/fake-scan-session.js';
import { tcpPorts, testOptions } from '../helpers/test-options.js';

/** Rows as `tcp/N` names (row ids are the store's numbers). */
function rowNames(snap: ScanSnapshot): string[] {
  return snap.rowIds.map((id) => probeId(snap.keyOf(id)));
}

/** tcpPorts(1, n) gives port p the row id p - 1 (ids follow the probe list). */
const idOfPort = (port: number) => port - 1;

function setup(ports = 10, opts: { maxPending?: number } = {}) {
  const options = testOptions(tcpPorts(1, ports));
  const session = new FakeScanSession(options);
  const store = new ScanStore({ flushMs: 50, ...opts });
  let notified = 0;
  store.subscribe(() => notified++);
  store.attach(session, options, null);
  return { store, session, options, notifications: () => notified };
}

test('results are batched: nothing shows until the flush timer fires, then all at once', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { store, session, notifications } = setup();
    assert.equal(store.getSnapshot().phase, 'running');
    const before = notifications();
    for (let p = 1; p <= 5; p++) session.emitResult({ protocol: 'tcp', port: p });
    assert.equal(store.getSnapshot().rowIds.length, 0);
    assert.equal(notifications(), before);
    mock.timers.tick(49);
    assert.equal(store.getSnapshot().rowIds.length, 0);
    mock.timers.tick(1);
    assert.deepEqual(rowNames(store.getSnapshot()), ['tcp/1', 'tcp/2', 'tcp/3', 'tcp/4', 'tcp/5']);
    assert.equal(notifications(), before + 1, 'one notification for five results');
    assert.equal(store.getSnapshot().counts['NOT LISTENING'], 5);
  } finally {
    mock.timers.reset();
  }
});

test('the buffer is bounded: reaching maxPending flushes at once', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { store, session } = setup(10, { maxPending: 4 });
    for (let p = 1; p <= 4; p++) session.emitResult({ protocol: 'tcp', port: p });
    assert.equal(store.getSnapshot().rowIds.length, 4);
  } finally {
    mock.timers.reset();
  }
});

test('a re-query replaces the row, moves counts, and clears the re-querying mark', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { store, session } = setup(3);
    session.emitResult({ protocol: 'tcp', port: 2 }, { state: 'FILTERED' });
    store.flush();
    assert.equal(store.getSnapshot().counts.FILTERED, 1);
    store.requery([{ protocol: 'tcp', port: 2 }]);
    assert.deepEqual(session.calls.requery, [[{ protocol: 'tcp', port: 2 }]]);
    assert.ok(store.getSnapshot().requerying.has(idOfPort(2)));
    session.emitResult({ protocol: 'tcp', port: 2 }, { state: 'LISTENING' });
    store.flush();
    const snap = store.getSnapshot();
    assert.equal(snap.counts.FILTERED, 0);
    assert.equal(snap.counts.LISTENING, 1);
    assert.equal(snap.result(idOfPort(2))?.state, 'LISTENING');
    assert.equal(snap.requerying.has(idOfPort(2)), false);
    assert.deepEqual(rowNames(snap), ['tcp/2']);
  } finally {
    mock.timers.reset();
  }
});

test('an older result arriving late does not overwrite a newer one', () => {
  const { store, session } = setup(3);
  const old = session.emitResult({ protocol: 'tcp', port: 1 }, { state: 'FILTERED' });
  session.emitResult({ protocol: 'tcp', port: 1 }, { state: 'LISTENING' });
  session.emit({ type: 'result', result: old });
  store.flush();
  assert.equal(store.getSnapshot().result(idOfPort(1))?.state, 'LISTENING');
  store.detach();
});

test('rows stay in probe order whatever order verdicts arrive in; sorting by state reorders', () => {
  const { store, session } = setup(6);
  for (const p of [4, 1, 6]) session.emitResult({ protocol: 'tcp', port: p });
  store.flush();
  for (const p of [3, 2]) session.emitResult({ protocol: 'tcp', port: p }, p === 3 ? { state: 'LISTENING' } : {});
  store.flush();
  assert.deepEqual(rowNames(store.getSnapshot()), ['tcp/1', 'tcp/2', 'tcp/3', 'tcp/4', 'tcp/6']);
  store.setSort({ key: 'state', descending: false });
  assert.deepEqual(rowNames(store.getSnapshot()), ['tcp/3', 'tcp/1', 'tcp/2', 'tcp/4', 'tcp/6']);
  store.setSort({ key: 'port', descending: true });
  assert.deepEqual(rowNames(store.getSnapshot()), ['tcp/6', 'tcp/4', 'tcp/3', 'tcp/2', 'tcp/1']);
  store.detach();
});

test('phases: paused and resumed show at once, done flushes and records the time', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { store, session } = setup(3);
    store.pause();
    assert.equal(session.calls.pause, 1);
    assert.equal(store.getSnapshot().phase, 'paused');
    store.resume();
    assert.equal(store.getSnapshot().phase, 'running');
    session.emitResult({ protocol: 'tcp', port: 1 });
    session.finish();
    const snap = store.getSnapshot();
    assert.equal(snap.phase, 'done');
    assert.equal(snap.elapsedMs, 1234);
    assert.equal(snap.rowIds.length, 1, 'the last results are flushed with done');
  } finally {
    mock.timers.reset();
  }
});

test('a target that does not resolve puts the store in failed with the message', async () => {
  const options = testOptions(tcpPorts(1, 2), 'no.such.host.invalid');
  const session = new FakeScanSession(options, { failWith: new Error('Failed to resolve name to IP address: no.such.host.invalid') });
  const store = new ScanStore();
  store.attach(session, options);
  await new Promise((r) => setImmediate(r));
  assert.equal(store.getSnapshot().phase, 'failed');
  assert.match(store.getSnapshot().error ?? '', /Failed to resolve/);
});

test('attaching a new scan aborts the old one and ignores its late events', () => {
  const { store, session, options } = setup(3);
  const next = new FakeScanSession(options);
  store.attach(next, options, 'dns');
  assert.equal(session.calls.abort, 1);
  session.emitResult({ protocol: 'tcp', port: 1 });
  store.flush();
  assert.equal(store.getSnapshot().rowIds.length, 0);
  assert.equal(store.getSnapshot().title, 'dns');
  store.detach();
  assert.equal(next.calls.abort, 1);
});

test('warnings keep a count and the most recent messages', () => {
  const { store, session } = setup(1);
  for (let i = 0; i < 60; i++) session.emit({ type: 'warning', message: `w${i}` });
  store.flush();
  const snap = store.getSnapshot();
  assert.equal(snap.warningCount, 60);
  assert.equal(snap.warnings.length, 50);
  assert.equal(snap.warnings.at(-1), 'w59');
  store.detach();
});
