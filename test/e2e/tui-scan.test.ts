/**
 * End to end in a real terminal: tmux runs the built `portq` against 127.0.0.1 listeners this test
 * opens, sends keys (move, Enter, Esc, r, R, /, q) and reads the screen with capture-pane. After q
 * the pane must be back on the normal screen, with the shell's text and a visible cursor.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openListeners, type Listeners } from './tui-listeners.js';
import { TmuxSession, tmuxAvailable } from './tui-tmux.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const built = existsSync(`${root}/dist/cli/main.js`);
const skip = !tmuxAvailable() ? 'tmux is not installed (apt-get install tmux)' : !built ? 'not built (npm run build)' : false;

let ports: Listeners;
before(async () => {
  if (!skip) ports = await openListeners();
});
after(async () => {
  await ports?.close();
});

test('scan, move, open Detail, Esc, r, R, /, q: then the normal screen and cursor are back', { skip }, async (t) => {
  const list = `${ports.banner},${ports.silent},${ports.closed}`;
  const tmux = new TmuxSession(`printf 'BEFORE-PQX\\n'; node bin/portq.js -n 127.0.0.1 -o ${list} --timeout 500 --banner-wait 300; echo PORTQ_EXIT=$?; sleep 120`, { cwd: root });
  t.after(() => tmux.kill());

  let s = await tmux.waitFor(/done in/, 'the scan to finish');
  assert.equal(tmux.alternateScreen, true);
  assert.equal(tmux.cursorVisible, false);
  assert.match(s, /^portq │ Target 127\.0\.0\.1/m);
  assert.match(s, new RegExp(`^› +tcp +${ports.banner} .*● LISTENING`, 'm'));
  assert.match(s, new RegExp(`^ +tcp +${ports.silent} .*● LISTENING`, 'm'));
  assert.match(s, new RegExp(`^ +tcp +${ports.closed} .*✕ NOT LISTENING`, 'm'));
  assert.match(s, /● 2 listening +✕ 1 not listening/);

  // Enter: the banner port's Detail, with the received bytes as a hex dump.
  tmux.send('Enter');
  s = await tmux.waitFor(/^Detail tcp\//m, 'the Detail view');
  assert.match(s, new RegExp(`^Detail tcp/${ports.banner} `, 'm'));
  assert.match(s, /← received \d+ bytes/);
  assert.match(s, /0000  50 51 58 2d 55 49 2d 42  41 4e 4e 45 52 20 68 65  \|PQX-UI-BANNER he\|/);
  tmux.send('Escape');
  s = await tmux.waitFor(/^portq │ Target/m, 'back to Scan');

  // Move down and re-query the silent port.
  tmux.send('j');
  s = await tmux.waitFor(new RegExp(`^› +tcp +${ports.silent} `, 'm'), 'selection on the second row');
  tmux.send('r');
  s = await tmux.waitFor(new RegExp(`Re-querying tcp/${ports.silent}`), 'the re-query message');
  s = await tmux.waitFor((x) => new RegExp(`^› +tcp +${ports.silent} .*● LISTENING`, 'm').test(x) && !x.includes('↻'), 'the new verdict');

  // R: nothing on loopback is FILTERED, and the UI says so.
  tmux.send('R');
  await tmux.waitFor(/No FILTERED or LISTENING OR FILTERED ports to re-query/, 'the R message');

  // /: filter to the closed port.
  tmux.send('/');
  tmux.type(String(ports.closed));
  tmux.send('Enter');
  s = await tmux.waitFor(new RegExp(`Filter /${ports.closed}`), 'the filter applied');
  assert.doesNotMatch(s, new RegExp(`tcp +${ports.banner} `));
  assert.match(s, new RegExp(`^› +tcp +${ports.closed} .*NOT LISTENING`, 'm'));
  tmux.send('Escape');
  await tmux.waitFor(new RegExp(`tcp +${ports.banner} `), 'the filter cleared');

  tmux.send('q');
  s = await tmux.waitFor(/PORTQ_EXIT=\d+/, 'portq to exit');
  assert.match(s, /PORTQ_EXIT=0/);
  assert.match(s, /BEFORE-PQX/);
  assert.doesNotMatch(s, /portq │ Target/);
  assert.equal(tmux.alternateScreen, false);
  assert.equal(tmux.cursorVisible, true);
});
