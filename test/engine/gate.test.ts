import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Gate } from '../../src/engine/gate.js';

test('a gate lets `limit` in at once, the rest in arrival order as places free up', async () => {
  const gate = new Gate(2);
  const order: number[] = [];
  let inside = 0;
  let most = 0;
  const visit = async (n: number) => {
    await gate.enter();
    inside++;
    most = Math.max(most, inside);
    order.push(n);
    await new Promise((r) => setTimeout(r, 5));
    inside--;
    gate.leave();
  };
  await Promise.all([1, 2, 3, 4, 5].map(visit));
  assert.equal(most, 2);
  assert.deepEqual(order, [1, 2, 3, 4, 5]);
});

test('entering a free gate does not wait for a turn of the event loop', () => {
  const gate = new Gate(1);
  assert.equal(gate.enter(), undefined, 'no promise when a place is free');
  assert.ok(gate.enter() instanceof Promise, 'a promise when it is full');
});
