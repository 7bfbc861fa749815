import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY_CURSOR, moveCursor, resolveCursor } from '../../../src/ui/state/list-cursor.js';

const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);

test('moving keeps the selection visible and stops at the ends', () => {
  let c = moveCursor(EMPTY_CURSOR, keys, 10, { by: 1 });
  assert.deepEqual(c, { key: 'k1', index: 1, top: 0 });
  c = moveCursor(c, keys, 10, { by: -5 });
  assert.equal(c.index, 0);
  c = moveCursor(c, keys, 10, { to: 'last' });
  assert.deepEqual(c, { key: 'k99', index: 99, top: 90 });
  c = moveCursor(c, keys, 10, { by: 1 });
  assert.equal(c.index, 99);
  c = moveCursor(c, keys, 10, { to: 'first' });
  assert.deepEqual(c, { key: 'k0', index: 0, top: 0 });
});

test('page keys move by exactly the window height', () => {
  let c = moveCursor(EMPTY_CURSOR, keys, 10, { by: 3 });
  c = moveCursor(c, keys, 10, { page: 1 });
  assert.deepEqual(c, { key: 'k13', index: 13, top: 10 });
  c = moveCursor(c, keys, 10, { page: -1 });
  assert.deepEqual(c, { key: 'k3', index: 3, top: 0 });
});

test('the selection follows its row when rows are inserted above it', () => {
  const c = { key: 'k5', index: 5, top: 0 };
  const grown = ['new1', 'new2', ...keys];
  assert.equal(resolveCursor(c, grown, 10).index, 7);
  assert.equal(resolveCursor(c, grown, 10).key, 'k5');
});

test('a row filtered away leaves the selection at the same position', () => {
  const c = { key: 'k5', index: 5, top: 0 };
  const r = resolveCursor(c, keys.filter((k) => k !== 'k5'), 10);
  assert.equal(r.index, 5);
  assert.equal(r.key, 'k6');
  assert.deepEqual(resolveCursor(c, [], 10), { index: -1, top: 0, key: null });
});

test('a shrinking window scrolls to keep the selection on screen', () => {
  const r = resolveCursor({ key: 'k50', index: 50, top: 45 }, keys, 3);
  assert.equal(r.top, 48);
});
