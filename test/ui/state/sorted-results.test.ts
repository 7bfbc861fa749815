import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SortedResults } from '../../../src/ui/state/sorted-results.js';
import { comparatorFor } from '../../../src/ui/state/scan-sort.js';
import type { PortState, ProbeResult } from '../../../src/engine/types.js';

const STATES: PortState[] = ['LISTENING', 'NOT LISTENING', 'FILTERED', 'LISTENING OR FILTERED'];

function result(port: number, state: PortState, rtt: number | null, seq: number): ProbeResult {
  return { protocol: 'tcp', port, target: 'h', address: 'h', service: null, state, reason: 'reset', reasonText: '', rttMs: rtt, tries: 1, finishedAt: 0, seq };
}

test('merging batches gives the same order as sorting everything, for every sort key', () => {
  // A small deterministic generator (no Math.random: the test must be repeatable).
  let x = 12345;
  const rnd = (n: number) => ((x = (x * 1103515245 + 12345) % 2147483648), x % n);
  for (const key of ['order', 'port', 'state', 'rtt', 'service'] as const) {
    for (const descending of [false, true]) {
      const map = new Map<string, ProbeResult>();
      const order = new Map<string, number>();
      const cmp = comparatorFor({ key, descending });
      const sorted = new SortedResults((id) => order.get(id)!, cmp);
      let seq = 0;
      const placed = new Set<string>();
      for (let batch = 0; batch < 30; batch++) {
        const batch: [string, ProbeResult][] = [];
        for (let i = 0; i < 1 + rnd(20); i++) {
          const port = 1 + rnd(300);
          const id = `tcp/${port}`;
          if (!order.has(id)) order.set(id, order.size);
          const r = result(port, STATES[rnd(4)]!, rnd(3) === 0 ? null : rnd(50), ++seq);
          map.set(id, r);
          batch.push([id, r]);
        }
        // A batch never repeats an id (the store coalesces by id): keep each id's last result.
        const byId = new Map(batch);
        sorted.apply(byId, new Set([...byId.keys()].filter((id) => placed.has(id))));
        for (const id of byId.keys()) placed.add(id);
        const entry = (id: string) => ({ id, result: map.get(id)!, order: order.get(id)! });
        const expected = [...map.keys()].sort((a, b) => cmp(entry(a), entry(b)));
        assert.deepEqual(sorted.ids, expected, `${key} ${descending ? 'desc' : 'asc'} batch ${batch}`);
      }
    }
  }
});
