import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MODULE_TABLE } from '../../src/protocols/registry.js';

test('every row of the lazy module table agrees with the module it loads', async () => {
  const names = new Set<string>();
  for (const row of MODULE_TABLE) {
    const m = await row.load();
    assert.equal(m.name, row.name);
    assert.deepEqual([...m.services], [...row.services], `${row.name}: services`);
    assert.deepEqual([...m.transports], [...row.transports], `${row.name}: transports`);
    assert.equal(await row.load(), m, 'loaded once');
    assert.ok(!names.has(row.name), `${row.name} listed twice`);
    names.add(row.name);
  }
});

test('no service name selects two modules on one transport', () => {
  const seen = new Map<string, string>();
  for (const row of MODULE_TABLE) {
    for (const s of row.services) {
      for (const t of row.transports) {
        const k = `${s}/${t}`;
        assert.equal(seen.get(k), undefined, `${k}: ${seen.get(k)} and ${row.name}`);
        seen.set(k, row.name);
      }
    }
  }
});
