/**
 * A deadline and the answer it waits for can both be ready when the event loop comes back from
 * a long task (a UI frame, a busy thread): Node runs timers before I/O, so the deadline must not
 * win. The same deferral guards TCP connects (deadlines.ts) and the sweep threads (sweep-loop.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { UdpQueryChannel } from '../../src/engine/query-channel.js';

const QUERY = { community: 'public', slowLink: false, rpcDump: false };

/** Keep this thread busy (no I/O, no timers) for `ms`. */
function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

test('an ICMP error that arrived while the loop was held past the deadline is seen, not taken for silence', async () => {
  // A port nothing listens on: the kernel answers at once with ICMP port unreachable, with no
  // JavaScript involved, so the answer is waiting when the held loop comes back.
  const probe = createSocket('udp4');
  await new Promise<void>((r) => probe.bind(0, '127.0.0.1', () => r()));
  const port = probe.address().port;
  await new Promise<void>((r) => probe.close(() => r()));
  const client = createSocket('udp4');
  await new Promise<void>((r) => client.connect(port, '127.0.0.1', () => r()));
  const channel = new UdpQueryChannel(client, '127.0.0.1', '127.0.0.1', port, QUERY, new AbortController().signal, performance.now() + 10_000);
  try {
    await channel.send(Buffer.from('ping'), 'ping');
    const reply = channel.receive({ timeoutMs: 30 });
    setImmediate(() => block(150));
    await assert.rejects(reply, (err: Error) => {
      assert.equal(err.name === 'QueryTimeoutError' || /timed out/.test(err.message), false, `got ${err.name}: ${err.message}`);
      return true;
    });
    assert.equal(channel.icmpCode, 'ECONNREFUSED');
  } finally {
    channel.close();
    client.close();
  }
});
