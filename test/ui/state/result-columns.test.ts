import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResultColumns } from '../../../src/ui/state/result-columns.js';
import type { ProbeResult } from '../../../src/engine/types.js';

function result(over: Partial<ProbeResult> & Pick<ProbeResult, 'protocol' | 'port'>): ProbeResult {
  return {
    target: 'localhost',
    address: '127.0.0.1',
    service: 'http',
    state: 'NOT LISTENING',
    reason: 'reset',
    reasonText: 'TCP reset (RST) from 127.0.0.1',
    rttMs: 0.213456789,
    tries: 1,
    finishedAt: 1_790_000_000_123.5,
    seq: 7,
    ...over,
  };
}

test('ids follow the probe list, and ports the scan adds get the next ones', () => {
  const c = new ResultColumns([
    { protocol: 'tcp', port: 80 },
    { protocol: 'udp', port: 80 },
    { protocol: 'tcp', port: 80 },
    { protocol: 'tcp', port: 65535 },
  ]);
  assert.equal(c.idOf({ protocol: 'tcp', port: 80 }), 0);
  assert.equal(c.idOf({ protocol: 'udp', port: 80 }), 1, 'tcp and udp of one port are two rows');
  assert.equal(c.idOf({ protocol: 'tcp', port: 65535 }), 2, 'a repeated probe keeps its first id');
  assert.equal(c.idOf({ protocol: 'tcp', port: 49_152 }), 3);
  assert.deepEqual(c.keyOf(3), { protocol: 'tcp', port: 49_152 });
  assert.equal(c.has(0), false, 'no result yet');
  assert.equal(c.get(0), undefined);
});

test('a result comes back equal to what was stored, exact numbers and all', () => {
  const c = new ResultColumns([{ protocol: 'tcp', port: 80 }]);
  const plain = result({ protocol: 'tcp', port: 80 });
  const silent = result({ protocol: 'udp', port: 9, service: null, state: 'LISTENING OR FILTERED', reason: 'no-response', reasonText: 'no answer', rttMs: null, tries: 2, seq: 8 });
  const id = c.set(plain);
  const id2 = c.set(silent);
  assert.deepEqual(c.get(id), plain);
  assert.deepEqual(c.get(id2), silent);
  assert.equal(c.get(id), c.get(id), 'the same object while the row is unchanged');
  assert.equal(c.stateOf(id2), 'LISTENING OR FILTERED');
  assert.equal(c.rttOf(id2), null);
});

test('a result with a protocol answer is kept whole; a newer plain one replaces it', () => {
  const c = new ResultColumns();
  const answered = result({
    protocol: 'udp',
    port: 53,
    state: 'LISTENING',
    reason: 'protocol-reply',
    query: { protocol: 'dns', listening: true, summary: 'NOERROR', text: 'x', fields: { rcode: 0 }, notes: [], exchanges: [] },
  });
  const id = c.set(answered);
  assert.equal(c.get(id), answered);
  const later = result({ protocol: 'udp', port: 53, seq: 9 });
  c.set(later);
  assert.deepEqual(c.get(id), later);
  assert.equal(c.get(id)?.query, undefined);
});

test('the columns grow past their first size without losing rows', () => {
  const c = new ResultColumns([{ protocol: 'tcp', port: 1 }]);
  for (let port = 1; port <= 5000; port++) c.set(result({ protocol: 'tcp', port, seq: port, rttMs: port / 10 }));
  assert.equal(c.get(c.idOf({ protocol: 'tcp', port: 1 }))?.rttMs, 0.1);
  assert.equal(c.get(c.idOf({ protocol: 'tcp', port: 4321 }))?.rttMs, 432.1);
  assert.equal(c.seqOf(c.idOf({ protocol: 'tcp', port: 5000 })), 5000);
});
