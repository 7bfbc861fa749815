/**
 * End to end in a real terminal: the Local view lists this machine's sockets with their
 * processes; a listener this test opens shows up, can be filtered to and watched, and is marked
 * gone (✕) when the test closes it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { TmuxSession, tmuxAvailable } from './tui-tmux.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const skip =
  process.platform !== 'linux'
    ? 'the Local view e2e test reads /proc'
    : !tmuxAvailable()
      ? 'tmux is not installed (apt-get install tmux)'
      : !existsSync(`${root}/dist/cli/main.js`)
        ? 'not built (npm run build)'
        : false;

test('Tab opens Local: our listener with its pid, / filters, Enter watches, closing it marks it gone', { skip }, async (t) => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const tmux = new TmuxSession(`node bin/portq.js -n 127.0.0.1 -e ${port}; echo PORTQ_EXIT=$?; sleep 120`, { cwd: root, columns: 110, rows: 30 });
  t.after(() => {
    tmux.kill();
    server.close();
  });
  await tmux.waitFor(/done in/, 'the scan to finish');
  tmux.send('Tab');
  await tmux.waitFor(/LOCAL ADDRESS/, 'the Local view');
  tmux.send('/');
  // "listen" too: the scan's own connection to the port may linger in TIME WAIT, and with a lower
  // local port it would sort first and be the row Enter watches.
  tmux.type(`${port} listen`);
  tmux.send('Enter');
  const row = new RegExp(`tcp +127\\.0\\.0\\.1:${port} +LISTENING +${process.pid} node`);
  let s = await tmux.waitFor(new RegExp(`Filter /${port} listen`), 'the filter applied');
  s = await tmux.waitFor(row, 'our listener with our pid');
  assert.ok(s.split('\n').filter((l) => /^[ ›+✕~]+ +tcp/.test(l)).every((l) => l.includes(`:${port}`)), 'only sockets on our port');
  tmux.send('Enter');
  s = await tmux.waitFor(new RegExp(`Watching port ${port}`), 'watching the port');
  await tmux.waitFor(row, 'the watched port listed');
  server.close();
  s = await tmux.waitFor(new RegExp(`✕ +tcp +127\\.0\\.0\\.1:${port} `), 'the closed listener marked gone');
  // The listener and any connection to it go together: at least one row is marked gone.
  assert.match(s, /✕[1-9]\d* gone/);
  tmux.send('Escape');
  await tmux.waitFor(/All sockets/, 'watching stopped');
  tmux.send('q');
  s = await tmux.waitFor(/PORTQ_EXIT=\d+/, 'portq to exit');
  assert.match(s, /PORTQ_EXIT=0/);
  assert.equal(tmux.alternateScreen, false);
});
