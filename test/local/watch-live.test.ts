// Watch mode against the real kernel: a listener appears and disappears, a watched process exits,
// and the output always ends with its final line when the signal aborts (also through the real
// command line, after SIGINT and SIGTERM, with a complete log file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLocalCommand } from '../../src/local/command.js';
import { isEmptyDiff } from '../../src/local/snapshot-diff.js';
import type { LocalDiff, LocalSnapshot } from '../../src/local/types.js';
import { createLocalWatcher } from '../../src/local/watcher.js';
import { startHolder } from './port-holder.js';

const linux = process.platform === 'linux';
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A port nothing listens on right now (bound, read, released). */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const port = (probe.address() as net.AddressInfo).port;
  probe.close();
  await once(probe, 'close');
  return port;
}

/** Resolves when `read()` matches, checking whenever `changed` fires. */
function waitFor(read: () => string, pattern: RegExp, subscribe: (wake: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (pattern.test(read())) resolve();
    };
    subscribe(check);
    check();
  });
}

test('watcher: a listener appears, then disappears, keyed the same way', { skip: !linux }, async (t) => {
  const port = await freePort();
  const updates: { snapshot: LocalSnapshot; diff: LocalDiff }[] = [];
  const watcher = createLocalWatcher({ intervalMs: 50, filter: { port }, keepAlive: true });
  t.after(() => watcher.stop());
  const next = (predicate: (u: { snapshot: LocalSnapshot; diff: LocalDiff }) => boolean) =>
    new Promise<{ snapshot: LocalSnapshot; diff: LocalDiff }>((resolve) => {
      const off = watcher.subscribe((snapshot, diff) => {
        const update = { snapshot, diff };
        updates.push(update);
        if (predicate(update)) {
          off();
          resolve(update);
        }
      });
    });
  await next(() => true);
  assert.equal(watcher.getSnapshot()?.sockets.length, 0);
  const server = net.createServer();
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const appeared = await next((u) => u.diff.added.length > 0);
  assert.deepEqual(appeared.diff.added.map((s) => [s.localPort, s.state, s.pid]), [[port, 'LISTENING', process.pid]]);
  const key = appeared.diff.added[0]!.key;
  server.close();
  await once(server, 'close');
  const disappeared = await next((u) => u.diff.removed.length > 0);
  assert.deepEqual(disappeared.diff.removed.map((s) => s.key), [key]);
  assert.equal(disappeared.snapshot.sockets.length, 0);
  // Quiet ticks in between carried empty diffs.
  assert.ok(updates.some((u) => isEmptyDiff(u.diff)));
  await watcher.refresh();
});

test('-wpid: the watched process exits, watching goes on, the abort writes the last line', { skip: !linux }, async (t) => {
  const holder = await startHolder('127.0.0.1', 0);
  t.after(() => holder.stop());
  let out = '';
  const wakers = new Set<() => void>();
  const controller = new AbortController();
  const io = {
    write(text: string) {
      out += text;
      wakers.forEach((w) => w());
    },
    signal: controller.signal,
  };
  const done = runLocalCommand({ mode: 'wpid', pid: holder.pid, intervalSec: 1, verbose: false, brief: false, json: false }, io);
  const subscribe = (wake: () => void) => wakers.add(wake);
  await waitFor(() => out, new RegExp(`TCP ${holder.port} +127\\.0\\.0\\.1 +LISTENING +0\\.0\\.0\\.0:0 +${holder.pid} node`), subscribe);
  assert.match(out, new RegExp(`^Watching PID: ${holder.pid}\nChecking for changes every 1 second\n\nSystem Date: .*\n\nProcess ${holder.pid}: node, started `));
  await holder.stop();
  await waitFor(() => out, /has exited\. Watching goes on\./, subscribe);
  assert.match(out, new RegExp(`Process ${holder.pid} \\(node\\) has exited\\. Watching goes on\\.`));
  assert.match(out, new RegExp(`TCP ${holder.port} .* gone\n`));
  controller.abort();
  assert.equal(await done, 0);
  assert.match(out, new RegExp(`\nStopped watching PID ${holder.pid} at .* \\(2 updates shown\\)\\.\n$`));
});

test('-wport --json: JSON lines from watch to watch-end, a port nobody holds is reported', { skip: !linux }, async () => {
  const port = await freePort();
  let out = '';
  const controller = new AbortController();
  const done = runLocalCommand(
    { mode: 'wport', port, intervalSec: 1, verbose: false, brief: false, json: true },
    { write: (text) => (out += text), signal: controller.signal },
  );
  while (!out.includes('"type":"note"')) await new Promise((resolve) => setTimeout(resolve, 20));
  controller.abort();
  assert.equal(await done, 0);
  const lines = out.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((l) => l.type), ['watch', 'note', 'watch-end']);
  assert.equal(lines[1].message, `Port ${port} is not in use: no TCP or UDP socket holds it. Watching goes on.`);
});

test('bad watch options give exit code 2 and a sentence, not a stack', async () => {
  let out = '';
  const io = { write: (text: string) => (out += text), signal: AbortSignal.abort() };
  assert.equal(await runLocalCommand({ mode: 'wport', port: 70000, intervalSec: 1, verbose: false, brief: false, json: false }, io), 2);
  assert.equal(await runLocalCommand({ mode: 'wpid', pid: 5, intervalSec: 0, verbose: false, brief: false, json: false }, io), 2);
  assert.equal(out, 'Error: -wport needs a port number from 1 to 65535\nError: -wt needs a number of seconds from 1 to 1200\n');
});

test('portq -wport through the real command line: SIGINT and SIGTERM both leave a complete log', { skip: !linux }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pqx-local-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => server.close());
  const port = (server.address() as net.AddressInfo).port;
  // Both runs at once: each pays for starting the command line, not for waiting on the other.
  await Promise.all(
    (['SIGINT', 'SIGTERM'] as const).map(async (signal) => {
      const log = join(dir, `watch-${signal}.log`);
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '-e', "import('./src/cli/main.ts').then((m) => m.main(process.argv.slice(1)))", '--', '-wport', String(port), '-wt', '1', '-l', log, '-y'],
        { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      const exited = once(child, 'exit');
      while (!/LISTENING/.test(stdout)) {
        if (child.exitCode !== null) assert.fail(`portq exited early: ${stdout}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      child.kill(signal);
      await exited;
      const text = readFileSync(log, 'utf8');
      assert.match(text, new RegExp(`Watching port: ${port}\nChecking for changes every 1 second\n`), signal);
      assert.match(text, new RegExp(`TCP ${port} +127\\.0\\.0\\.1 +LISTENING`), signal);
      assert.match(text, new RegExp(`Stopped watching port ${port} at `), signal);
      assert.match(text, /\n========= end of log file =========\n$/, signal);
    }),
  );
});
