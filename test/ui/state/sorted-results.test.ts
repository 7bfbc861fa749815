import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SortedResults } from '../../../src/ui/state/sorted-results.js';
import { ResultColumns } from '../../../src/ui/state/result-columns.js';
import { comparatorFor } from '../../../src/ui/state/scan-sort.js';
import type { PortState, ProbeResult } from '../../../src/engine/types.js';

const STATES: PortState[] = ['LISTENING', 'NOT LISTENING', 'FILTERED', 'LISTENING OR FILTERED'];
const SERVICES = [null, 'http', 'domain', 'ldap'];

function result(port: number, state: PortState, rtt: number | null, service: string | null, seq: number): ProbeResult {
  return { protocol: port % 2 ? 'tcp' : 'udp', port, target: 'h', address: 'h', service, state, reason: 'reset', reasonText: '', rttMs: rtt, tries: 1, finishedAt: 0, seq };
}

test('merging batches gives the same order as sorting everything, for every sort key', () => {
  // A small deterministic generator (no Math.random: the test must be repeatable).
  let x = 12345;
  const rnd = (n: number) => ((x = (x * 1103515245 + 12345) % 2147483648), x % n);
  for (const key of ['order', 'port', 'state', 'rtt', 'service'] as const) {
    for (const descending of [false, true]) {
      const columns = new ResultColumns();
      const cmp = comparatorFor({ key, descending }, columns);
      const sorted = new SortedResults(cmp);
      let seq = 0;
      for (let round = 0; round < 30; round++) {
        // A batch never repeats an id (the store coalesces by id): keep each id's last result.
        const batch = new Set<number>();
        const moved = new Set<number>();
        for (let i = 0; i < 1 + rnd(20); i++) {
          const r = result(1 + rnd(300), STATES[rnd(4)]!, rnd(3) === 0 ? null : rnd(50), SERVICES[rnd(4)]!, ++seq);
          const id = columns.idOf(r);
          if (columns.has(id) && !batch.has(id)) moved.add(id);
          columns.set(r);
          batch.add(id);
        }
        sorted.apply([...batch], moved);
        const expected = sorted.ids.slice().sort(cmp);
        assert.equal(new Set(sorted.ids).size, sorted.ids.length, 'no row twice');
        assert.deepEqual(sorted.ids, expected, `${key} ${descending ? 'desc' : 'asc'} round ${round}`);
      }
    }
  }
});
