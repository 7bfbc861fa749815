import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { WorkerScanSource } from '../../../src/ui/state/worker-scan-source.js';
import { ScanStore } from '../../../src/ui/state/scan-store.js';
import { testOptions } from '../helpers/test-options.js';

test('a scan on a worker thread reaches the store like an inline one, re-queries included', async () => {
  const server = createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const open = (server.address() as { port: number }).port;
  try {
    const options = { ...testOptions([{ protocol: 'tcp', port: open }]), bannerWaitMs: 0, reverseLookup: false };
    const source = new WorkerScanSource(options, 10);
    const store = new ScanStore({ flushMs: 5 });
    store.attach(source, options);
    for (let i = 0; i < 500 && store.getSnapshot().phase !== 'done'; i++) await new Promise((r) => setTimeout(r, 10));
    let snap = store.getSnapshot();
    assert.equal(snap.phase, 'done');
    assert.equal(snap.target?.address, '127.0.0.1');
    // The only probe: row id 0.
    const first = snap.result(0);
    assert.equal(first?.state, 'LISTENING');
    store.requery([{ protocol: 'tcp', port: open }]);
    for (let i = 0; i < 500 && store.getSnapshot().requerying.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
    snap = store.getSnapshot();
    assert.ok((snap.result(0)?.seq ?? 0) > (first?.seq ?? 0), 'the re-query produced a newer result');
    store.detach();
  } finally {
    server.close();
  }
});

test('an engine error crosses the thread with its message and exit code', async () => {
  // -sp with a port already in use fails before any probe is sent (PORTQRY.md -sp).
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '0.0.0.0', r));
  const port = (busy.address() as { port: number }).port;
  try {
    const options = { ...testOptions([{ protocol: 'tcp', port: 9 }]), sourcePort: port, reverseLookup: false };
    const source = new WorkerScanSource(options, 10);
    await assert.rejects(source.run(), (err: Error & { exitCode?: number }) => err.message === 'Cannot use specified source port.' && err.exitCode === 69);
    source.close();
  } finally {
    busy.close();
  }
});
