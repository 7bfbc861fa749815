import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePs } from '../../src/local/ps-parser.js';
import { fixture } from './load-fixture.js';

test('ps -o pid,uid,user,lstart,command: fields, local start time, commands with spaces', () => {
  const { processes, skipped } = parsePs(fixture('ps-macos.txt'));
  assert.deepEqual(skipped, []);
  assert.equal(processes.length, 6);
  const chrome = processes.find((p) => p.pid === 1337)!;
  assert.equal(chrome.uid, 501);
  assert.equal(chrome.user, 'alice');
  assert.match(chrome.commandLine, /^\/Applications\/Google Chrome\.app\/.* --type=utility$/);
  assert.equal(chrome.startTime, new Date(2025, 5, 10, 14, 22, 5).toISOString());
  assert.equal(processes.find((p) => p.pid === 1)?.startTime, new Date(2025, 5, 2, 8, 0, 1).toISOString());
});

test('ps: a line that is not the expected shape is reported', () => {
  const { processes, skipped } = parsePs('  PID UID USER STARTED COMMAND\n 5 0 root Mon Jun  2 08:00 2025 /x\n');
  assert.equal(processes.length, 0);
  assert.equal(skipped.length, 2);
});
